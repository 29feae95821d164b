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
// eslint-disable-next-line no-control-regex -- matching NUL is the point
export const UNSTORABLE = /[\u0000\ud800-\udfff]/u;

/**
 * The document's statement of that rule for every free-form string. Only NUL is in the pattern:
 * a lone surrogate is not valid Unicode in any JSON text (RFC 8259 8.2), and regex engines
 * disagree about naming one (the Rust one Schemathesis validates with cannot), so the
 * document says it in words (components.schemas.StorableJson).
 */
// eslint-disable-next-line no-control-regex -- matching NUL is the point
export const NO_NUL = /^[^\x00]*$/;

/**
 * Not blank: leading whitespace, then one character trim() keeps. The two classes do not
 * overlap, so matching is linear (no backtracking on a long run of spaces).
 */
const NOT_BLANK = new RegExp(`^[${TRIMMED_CHARS}]*[^\\x00${TRIMMED_CHARS}][^\\x00]*$`, 'u');

/**
 * Free text that must say something: at most `max` characters as sent (zod counts code points,
 * as JSON Schema's maxLength does, so the document's maxLength is the whole rule), not only
 * whitespace, then trimmed.
 */
export const text = (max: number) => z.string().max(max, `must be at most ${max} characters`).regex(NOT_BLANK, 'must not be empty or only whitespace').trim();

export const CHANNEL_CODE = /^[a-z0-9][a-z0-9_-]{0,31}$/;
export const SKU_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const channelCode = (message = 'must be a channel code like "webstore"') => z.string().regex(CHANNEL_CODE, message);
export const skuCode = () => z.string().regex(SKU_CODE, 'must be a SKU code');

/**
 * Optional text a channel may leave out or send empty: both mean absent. Whatever is given must
 * still be text of a sane length (a wrong type is a structural problem and a 400).
 */
export const optionalText = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .regex(NO_NUL, 'must not contain NUL')
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined));
