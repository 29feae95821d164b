import { z } from 'zod';
import { conditionSchema, ruleSchema, rulesSchema } from '../rules/schemas';
import type { JsonSchema } from './registry';

const COMPONENTS = '#/components/schemas/';

/**
 * Converts named zod schemas in one pass, so a schema used inside another (CreateOrderRequest in
 * PreviewRulesRequest) becomes a $ref to its component instead of a copy. Input types are what
 * the client sends: defaults make a field optional, coercions and transforms show their input.
 */
export function zodComponents(named: Map<z.ZodType, string>): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of named) registry.add(schema, { id });
  // Rules are shared by PUT /rules and POST /rules/preview; the condition tree is recursive.
  if (!named.has(ruleSchema)) registry.add(ruleSchema, { id: 'Rule' });
  if (!named.has(conditionSchema)) registry.add(conditionSchema, { id: 'RuleCondition' });
  const out = z.toJSONSchema(registry, {
    io: 'input',
    uri: (id) => `${COMPONENTS}${id}`,
    // Refinements (money against the currency, exactly one of delta/countedOnHand) have no JSON Schema form; they stay in descriptions.
    unrepresentable: 'any',
    override: (ctx) => {
      // rulesSchema is unknown().superRefine(depth check).pipe(array): its input side says nothing, so show what the pipe accepts.
      if (ctx.zodSchema === (rulesSchema as unknown)) {
        for (const k of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as JsonSchema)[k];
        Object.assign(ctx.jsonSchema, { type: 'array', maxItems: 500, items: { $ref: `${COMPONENTS}${named.get(ruleSchema) ?? 'Rule'}` } });
      }
    },
  }).schemas as Record<string, JsonSchema>;
  return hoistShared(out);
}

/**
 * zod puts unnamed schemas it must reference (cycles) under a "__shared" entry's $defs, with refs
 * like "#/components/schemas/__shared#/$defs/schema0" that OpenAPI cannot resolve: give each its
 * own component. Each component also drops $schema and $id, which the document does not need.
 */
function hoistShared(schemas: Record<string, JsonSchema>): Record<string, JsonSchema> {
  const shared = (schemas.__shared?.$defs ?? {}) as Record<string, JsonSchema>;
  const result: Record<string, JsonSchema> = {};
  for (const [id, s] of Object.entries(schemas)) if (id !== '__shared') result[id] = s;
  for (const [id, s] of Object.entries(shared)) result[`Shared_${id}`] = s;
  const fix = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(fix);
    if (typeof node !== 'object' || node === null) return node;
    const copy: JsonSchema = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$schema' || k === '$id') continue;
      copy[k] = k === '$ref' && typeof v === 'string' ? v.replace(`${COMPONENTS}__shared#/$defs/`, `${COMPONENTS}Shared_`) : fix(v);
    }
    return copy;
  };
  return Object.fromEntries(Object.entries(result).map(([id, s]) => [id, fix(s) as JsonSchema]));
}
