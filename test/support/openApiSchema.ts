/**
 * Checks a value against a schema of an OpenAPI 3 document's components (eBay's Sell API
 * documents, extracted in test/fixtures/ebay/models): type, properties, items, enum, $ref and
 * required. eBay's documents mark nothing required and never close an object, so `closed` treats
 * every object as closed: a property the document does not name is a problem (a misspelt field
 * would otherwise pass, and eBay ignores or refuses it).
 */
type Schema = { $ref?: string; type?: string; required?: string[]; properties?: Record<string, Schema>; items?: Schema; enum?: unknown[] };

export function openApiProblems(doc: { schemas: Record<string, Schema> }, name: string, value: unknown, opts: { closed?: boolean } = {}): string[] {
  const problems: string[] = [];
  const check = (schema: Schema, v: unknown, path: string): void => {
    if (schema.$ref) return check(doc.schemas[schema.$ref.replace('#/components/schemas/', '')], v, path);
    if (schema.enum && !schema.enum.includes(v)) problems.push(`${path}: ${JSON.stringify(v)} is not one of ${JSON.stringify(schema.enum)}`);
    const actual = Array.isArray(v) ? 'array' : v === null ? 'null' : Number.isInteger(v) ? 'integer' : typeof v;
    const type = schema.type ?? (schema.properties ? 'object' : undefined);
    if (type && !(actual === type || (type === 'number' && actual === 'integer'))) return void problems.push(`${path}: expected ${type}, got ${actual}`);
    if (type === 'object') {
      const o = v as Record<string, unknown>;
      for (const r of schema.required ?? []) if (o[r] === undefined) problems.push(`${path}.${r}: required`);
      for (const [k, sub] of Object.entries(o)) {
        const prop = schema.properties?.[k];
        if (prop) check(prop, sub, `${path}.${k}`);
        else if (opts.closed && schema.properties) problems.push(`${path}.${k}: not in the document`);
      }
    }
    if (type === 'array' && schema.items) (v as unknown[]).forEach((item, i) => check(schema.items!, item, `${path}[${i}]`));
  };
  if (!doc.schemas[name]) return [`no schema ${name} in the document`];
  check(doc.schemas[name], value, name);
  return problems;
}
