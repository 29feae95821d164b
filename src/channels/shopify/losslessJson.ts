/**
 * JSON.parse that never rounds an id. Shopify's ids are 64-bit integers written as JSON numbers
 * (`"id": 820982911946154508`); JSON.parse reads them as doubles, so every id above 2^53 comes
 * back as a different id. Node 20 gives no access to a number's source text in a reviver, so a
 * pre-pass quotes each integer literal beyond Number.MAX_SAFE_INTEGER before the real parse: it
 * arrives as its exact digits in a string. Smaller integers and every non-integer stay numbers;
 * money is in decimal strings already. Text that is not JSON is left for JSON.parse to refuse.
 */

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The text with every unsafe integer literal quoted. Linear; strings (and their escapes) are copied untouched. */
export function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let copiedTo = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Skip the string: a backslash escapes the next character, whatever it is.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
      continue;
    }
    if (c !== 0x2d /* - */ && (c < 0x30 || c > 0x39)) continue;
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) continue;
    const token = m[0];
    // 16 digits is the first length that can pass 2^53 - 1 (9007199254740991).
    if (m[1] === undefined && m[2] === undefined && token.replace('-', '').length >= 16) {
      const value = BigInt(token);
      if (value > MAX_SAFE || value < -MAX_SAFE) {
        out += `${text.slice(copiedTo, i)}"${token}"`;
        copiedTo = i + token.length;
      }
    }
    i += token.length - 1;
  }
  return copiedTo === 0 ? text : out + text.slice(copiedTo);
}

export function parseJsonLossless(text: string): unknown {
  return JSON.parse(quoteUnsafeIntegers(text));
}

/** An id as Shopify sent it, as text: a safe integer, a quoted unsafe one, or a string id. Anything else: undefined. */
export function idText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^[0-9]{1,20}$/.test(value)) return value;
  return undefined;
}
