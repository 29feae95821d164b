import { z } from 'zod';

/*
 * Building blocks of the request schemas. The OpenAPI document is generated from the same zod
 * objects, so each rule here is written as a regex or a bound that JSON Schema can state too
 * (docs/api-contract.md): Schemathesis then checks that the document and the validators agree.
 * Regex sources stay within what ECMA-262 (as JSON Schema reads patterns), Rust's regex and
 * Python's re (both used by Schemathesis) read the same way: explicit character classes, no \s
 * or \w, no surrogate code points.
 */

/** Exactly what String.prototype.trim removes: ECMAScript WhiteSpace and LineTerminator. */
const TRIMMED_CHARS = '\\t\\n\\x0b\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';

/**
 * NUL cannot be stored in PostgreSQL text, and a lone surrogate is not Unicode: both are refused
 * anywhere in a body (src/api/middleware/security.ts) and in query and path strings (validate()).
 */
export const UNSTORABLE = /[\u0000\ud800-\udfff]/u;

/**
 * The document's statement of that rule for every free-form string. Only NUL is in the pattern:
 * a lone surrogate is not valid Unicode in any JSON text (RFC 8259 8.2), and regex engines
 * disagree about naming one (the Rust one Schemathesis validates with cannot), so the
 * document says it in words (components.schemas.StorableJson).
 */
export const NO_NUL = /^[^\x00]*$/;

/**
 * Not blank: leading whitespace, then one character trim() keeps. The two classes do not
 * overlap, so matching is linear (no backtracking on a long run of spaces).
 */
const NOT_BLANK = new RegExp(`^[${TRIMMED_CHARS}]*[^\\x00${TRIMMED_CHARS}][^\\x00]*$`, 'u');

/** Characters as JSON Schema's maxLength counts them: code points, not UTF-16 units (an emoji is one). */
const codePoints = (s: string) => s.length - (s.match(/[\ud800-\udbff][\udc00-\udfff]/g)?.length ?? 0);

/** A string of at most `max` characters, counted as the document's maxLength counts them. */
export const chars = (max: number) => z.string().refine((s) => codePoints(s) <= max, `must be at most ${max} characters`);

/** `chars` stated in the document; last in a chain, because zod keeps metadata on one schema object only. */
const maxLength = <T extends z.ZodType>(schema: T, max: number): T => schema.meta({ maxLength: max });

/** Up to `max` characters (and at least `min`), in the document too; `trim` trims after checking. */
export function boundedString(max: number, opts: { min?: number; trim?: boolean } = {}) {
  let s = chars(max);
  if (opts.min !== undefined) s = s.min(opts.min, `must be at least ${opts.min} characters`);
  if (opts.trim) s = s.trim();
  return maxLength(s, max);
}

/**
 * Free text that must say something: at most `max` characters as sent (so the document's
 * maxLength is the whole rule), not only whitespace, then trimmed.
 */
export const text = (max: number) => maxLength(chars(max).regex(NOT_BLANK, 'must not be empty or only whitespace').trim(), max);

export const CHANNEL_CODE = /^[a-z0-9][a-z0-9_-]{0,31}$/;
export const SKU_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const channelCode = (message = 'must be a channel code like "webstore"') => z.string().regex(CHANNEL_CODE, message);
export const skuCode = () => z.string().regex(SKU_CODE, 'must be a SKU code');
