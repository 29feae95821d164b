/**
 * One text per JSON value, whatever order its object keys came in: keys sorted by UTF-16 code
 * units at every depth, arrays kept in order, strings and keys escaped by JSON.stringify (so a
 * key cannot fake structure). Two bodies a client considers "the same" hash the same.
 * Bodies reach this after checkJsonBody (depth <= MAX_JSON_DEPTH), so recursion is bounded.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const entries = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`);
  return `{${entries.join(',')}}`;
}
