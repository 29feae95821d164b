import { createHash, timingSafeEqual } from 'node:crypto';

export type Role = 'channel' | 'carrier' | 'ops' | 'admin';

/** A configured API key. Only its SHA-256 digest is kept; `id` is safe to log and to scope by. */
export interface ApiKey {
  id: string;
  role: Role;
  /** Set for the channel role: the one channel the key acts for. */
  channel?: string;
  digest: Buffer;
}

export const MIN_KEY_LENGTH = 24;
// ':' and ',' separate the list's fields, so a key cannot contain them.
const KEY_CHARS = /^[A-Za-z0-9._~+/=-]+$/;
const CHANNEL_CODE = /^[a-z0-9][a-z0-9_-]{0,31}$/;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Parses API_KEYS: comma-separated `<key>:<role>` entries, the channel role as
 * `<key>:channel:<channel>`, e.g. `k1…:admin,k2…:ops,k3…:channel:ebay,k4…:carrier`.
 * Throws a message that never repeats a key.
 */
export function parseApiKeys(text: string): ApiKey[] {
  const keys: ApiKey[] = [];
  const entries = text.split(',').map((e) => e.trim()).filter(Boolean);
  entries.forEach((entry, index) => {
    const where = `entry ${index + 1}`;
    const [secret, role, channel, ...rest] = entry.split(':');
    if (rest.length > 0) throw new Error(`${where}: too many ':' fields (format <key>:<role> or <key>:channel:<channel>)`);
    if (!secret || secret.length < MIN_KEY_LENGTH) throw new Error(`${where}: keys must be at least ${MIN_KEY_LENGTH} characters`);
    if (!KEY_CHARS.test(secret)) throw new Error(`${where}: keys may use letters, digits and . _ ~ + / = - only`);
    if (role === 'channel') {
      if (!channel || !CHANNEL_CODE.test(channel)) throw new Error(`${where}: a channel key needs a channel code: <key>:channel:<channel>`);
    } else if (role === 'admin' || role === 'ops' || role === 'carrier') {
      if (channel !== undefined) throw new Error(`${where}: only channel keys name a channel`);
    } else {
      throw new Error(`${where}: role must be admin, ops, carrier or channel:<channel>`);
    }
    keys.push(apiKey(secret, role, channel));
  });
  const ids = new Set(keys.map((k) => k.digest.toString('hex')));
  if (ids.size !== keys.length) throw new Error('the same key is listed twice');
  return keys;
}

export function apiKey(secret: string, role: Role, channel?: string): ApiKey {
  const digest = sha256(secret);
  // A short fingerprint of the digest names the key in logs and idempotency scopes without revealing it.
  const id = `${role}${channel ? `:${channel}` : ''}:${digest.toString('hex').slice(0, 12)}`;
  return { id, role, ...(channel && { channel }), digest };
}

/**
 * The configured key matching `presented`, compared in constant time: both sides are hashed to
 * equal-length digests and every configured key is compared, match or not.
 */
export function findKey(keys: readonly ApiKey[], presented: string): ApiKey | undefined {
  const digest = sha256(presented);
  let found: ApiKey | undefined;
  for (const key of keys) if (timingSafeEqual(key.digest, digest) && !found) found = key;
  return found;
}

/** The key a request presents: `Authorization: Bearer <key>` or `X-Api-Key: <key>`. */
export function presentedKey(headers: { authorization?: string; 'x-api-key'?: string | string[] }): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '')?.[1];
  const header = headers['x-api-key'];
  return bearer ?? (typeof header === 'string' && header.trim() ? header.trim() : undefined);
}
