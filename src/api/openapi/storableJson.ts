import { NO_NUL } from '../schemaParts';
import type { JsonSchema } from './registry';

/*
 * Rules every request obeys whatever its zod schema says, stated in each request schema of the
 * document so that it is as strict as the server: src/api/middleware/security.ts (checkJsonBody)
 * refuses NUL and lone surrogates in any string or key of a body, and validate() does the same
 * for query and path strings. Extra body fields are ignored, but they pass that check too.
 */

const COMPONENTS = '#/components/schemas/';
export const STORABLE_JSON = 'StorableJson';
const storableString: JsonSchema = { type: 'string', pattern: NO_NUL.source };
const anyStorable: JsonSchema = { $ref: `${COMPONENTS}${STORABLE_JSON}` };

/** Any JSON value the hub will read: what an extra (ignored) field may hold. */
export const storableJsonSchema: JsonSchema = {
  description:
    'Any JSON value without NUL in its strings and keys, and without unpaired surrogates (\\ud800-\\udfff escapes that are not a pair; not Unicode, RFC 8259 8.2): both are refused anywhere in a request, with a 400.',
  anyOf: [
    { type: 'null' },
    { type: 'boolean' },
    { type: 'number' },
    storableString,
    { type: 'array', items: anyStorable },
    { type: 'object', propertyNames: { pattern: NO_NUL.source }, additionalProperties: anyStorable },
  ],
};

const typesOf = (s: JsonSchema): unknown[] => (s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type]);
const hasOwnPattern = (s: JsonSchema) => typeof s.pattern === 'string' || (Array.isArray(s.allOf) && s.allOf.some((x) => typeof (x as JsonSchema).pattern === 'string'));

/**
 * A copy of a generated request schema with the rules above added: a free-form string (no
 * enum, const or pattern of its own; the patterns of src/api/schemaParts.ts exclude those
 * characters already) gets the storable pattern, and an object that ignores extra fields says
 * what they may hold. A strict object (additionalProperties: false) is left as it is.
 */
export function withStorableRules(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withStorableRules);
  if (typeof node !== 'object' || node === null) return node;
  const copy: JsonSchema = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === 'const' || k === 'enum' || k === 'default' ? v : withStorableRules(v)]));
  const types = typesOf(copy);
  if (types.includes('string') && copy.enum === undefined && copy.const === undefined && !hasOwnPattern(copy)) copy.pattern = NO_NUL.source;
  // zod adds its own pattern to email, uuid and date-time, stricter than the format's RFC: the
  // pattern is the rule. Without the format, generators draw from the pattern instead of drawing
  // RFC values that the pattern then mostly filters out.
  if (typeof copy.format === 'string' && hasOwnPattern(copy)) delete copy.format;
  if (types.includes('object') && copy.additionalProperties === undefined) {
    copy.propertyNames = { pattern: NO_NUL.source };
    copy.additionalProperties = anyStorable;
  }
  return copy;
}
