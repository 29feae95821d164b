import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * A new return id, "ret_" and 26 base32 characters (src/domain/ids.ts RETURN_ID): 10 for the
 * millisecond it was made, so ids sort roughly by creation, and 16 random (80 bits).
 */
export function newReturnId(now = Date.now()): string {
  let time = '';
  for (let t = now, i = 0; i < 10; i++, t = Math.floor(t / 32)) time = ALPHABET[t % 32] + time;
  const random = [...randomBytes(16)].map((b) => ALPHABET[b % 32]).join('');
  return `ret_${time}${random}`;
}
