/**
 * Checks a value against a definition of a Swagger 2.0 document (the SP-API models): type,
 * required, properties, items, enum, $ref, minItems and additionalProperties: false. Enough for
 * request bodies; returns the problems, each with its path.
 */
type Schema = {
  $ref?: string;
  type?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  minItems?: number;
  additionalProperties?: boolean | Schema;
};

export function swaggerProblems(doc: { definitions: Record<string, Schema> }, definition: string, value: unknown): string[] {
  const problems: string[] = [];
  const check = (schema: Schema, v: unknown, path: string): void => {
    if (schema.$ref) return check(doc.definitions[schema.$ref.replace('#/definitions/', '')], v, path);
    if (schema.enum && !schema.enum.includes(v)) problems.push(`${path}: ${JSON.stringify(v)} is not one of ${JSON.stringify(schema.enum)}`);
    const actual = Array.isArray(v) ? 'array' : v === null ? 'null' : Number.isInteger(v) ? 'integer' : typeof v;
    const type = schema.type ?? (schema.properties ? 'object' : undefined);
    if (type && !(actual === type || (type === 'number' && actual === 'integer'))) return void problems.push(`${path}: expected ${type}, got ${actual}`);
    if (type === 'object' || (actual === 'object' && schema.properties)) {
      const o = v as Record<string, unknown>;
      for (const r of schema.required ?? []) if (o[r] === undefined) problems.push(`${path}.${r}: required`);
      for (const [k, sub] of Object.entries(o)) {
        const prop = schema.properties?.[k];
        if (prop) check(prop, sub, `${path}.${k}`);
        else if (schema.additionalProperties === false) problems.push(`${path}.${k}: not in the model`);
      }
    }
    if (type === 'array') {
      const a = v as unknown[];
      if (schema.minItems !== undefined && a.length < schema.minItems) problems.push(`${path}: fewer than ${schema.minItems} items`);
      if (schema.items) a.forEach((item, i) => check(schema.items!, item, `${path}[${i}]`));
    }
  };
  check(doc.definitions[definition], value, definition);
  return problems;
}
