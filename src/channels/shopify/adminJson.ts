/**
 * JSON as the Shopify Admin API writes it, without losing ids. Shopify's ids are 64-bit integers
 * written as bare JSON numbers (e.g. 6117286052022 today, above 2^53 on large shops), and
 * `JSON.parse` rounds any integer above 2^53. Both directions therefore keep ids as decimal strings
 * inside the hub and write them as the bare numbers Shopify documents on the wire.
 */

/** Integers with more digits than this may not survive a JS number (2^53 has 16 digits). */
const SAFE_DIGITS = 15;

/**
 * Parses JSON, turning every integer too long for a JS number into its decimal string. A scanner,
 * not a regex: digits inside strings are never touched.
 */
export function parseLossless(text: string): unknown {
  let out = '';
  let i = 0;
  let from = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      // Skip the string, honouring escapes.
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      const start = i;
      i++;
      while (i < text.length && /[0-9.eE+-]/.test(text[i])) i++;
      const token = text.slice(start, i);
      if (/^-?\d+$/.test(token) && token.replace('-', '').length > SAFE_DIGITS) {
        out += `${text.slice(from, start)}"${token}"`;
        from = i;
      }
      continue;
    }
    i++;
  }
  return JSON.parse(out + text.slice(from));
}

/** Keys whose values are Shopify ids: `id`, `*_id`. */
const isIdKey = (key: string) => key === 'id' || key.endsWith('_id');
const MARK = '@@shopify-id:';

/**
 * Shopify JSON with every id (`id`, `*_id`) a decimal string, however small: one type for ids
 * throughout the hub, so `466157049` from one answer equals `"466157049"` from another.
 */
export function parseShopifyJson(text: string): unknown {
  return reviveIds(parseLossless(text));
}

function reviveIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reviveIds);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = isIdKey(k) && typeof v === 'number' && Number.isInteger(v) ? String(v) : reviveIds(v);
  return out;
}

/**
 * Serializes a body, writing decimal-string ids under id keys (`id`, `*_id`) as bare JSON numbers,
 * as Shopify's documented requests do; every other string stays a string.
 */
export function stringifyWithIds(value: unknown): string {
  const text = JSON.stringify(value, (key, v: unknown) => (isIdKey(key) && typeof v === 'string' && /^\d+$/.test(v) ? `${MARK}${v}` : v));
  return text.replace(new RegExp(`"${MARK}(\\d+)"`, 'g'), '$1');
}
