import { createHash, timingSafeEqual } from 'node:crypto';

export type Role = 'channel' | 'carrier' | 'ops' | 'admin';

/** A configured API key. Only its SHA-256 digest is kept; `id` is safe to log and to scope by. */
export interface ApiKey {
  id: string;
  /**
   * Who acts with this key: every hold, release, cancel, address correction, re-evaluation,
   * integration retry/skip and rule change is recorded under it. The configured name, or the id
   * for an unnamed key (ids contain ':', which names cannot, so the two never collide).
   */
  name: string;
  role: Role;
  /** Set for the channel role: the one channel the key acts for. */
  channel?: string;
  digest: Buffer;
}

export const MIN_KEY_LENGTH = 24;
// ':' and ',' separate the list's fields, so a key cannot contain them.
const KEY_CHARS = /^[A-Za-z0-9._~+/=-]+$/;
const CHANNEL_CODE = /^[a-z0-9][a-z0-9_-]{0,31}$/;
// A person or a system: "alice", "night.shift@example.com", "ebay-sync". No ':' (the list's separator).
const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$/;
/** Actors the hub itself records (src/domain/holds.ts): a key named so could pass for the rules engine. */
const RESERVED_NAMES = ['rules', 'system'];

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Parses API_KEYS: comma-separated `<key>:<role>:<name>` entries, the channel role as
 * `<key>:channel:<channel>:<name>`, e.g. `k1…:admin:alice,k2…:ops:night-shift,k3…:channel:ebay:ebay-sync`.
 * The name is optional, so lists written before names existed still load (the key's id names it).
 * Throws a message that never repeats a key.
 */
export function parseApiKeys(text: string): ApiKey[] {
  const keys: ApiKey[] = [];
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  entries.forEach((entry, index) => {
    const where = `entry ${index + 1}`;
    const [secret, role, ...more] = entry.split(':');
    const channel = role === 'channel' ? more.shift() : undefined;
    const [name, ...rest] = more;
    if (rest.length > 0) throw new Error(`${where}: too many ':' fields (format <key>:<role>:<name> or <key>:channel:<channel>:<name>)`);
    if (!secret || secret.length < MIN_KEY_LENGTH) throw new Error(`${where}: keys must be at least ${MIN_KEY_LENGTH} characters`);
    if (!KEY_CHARS.test(secret)) throw new Error(`${where}: keys may use letters, digits and . _ ~ + / = - only`);
    if (role === 'channel') {
      if (!channel || !CHANNEL_CODE.test(channel)) throw new Error(`${where}: a channel key needs a channel code: <key>:channel:<channel>:<name>`);
    } else if (role !== 'admin' && role !== 'ops' && role !== 'carrier') {
      throw new Error(`${where}: role must be admin, ops, carrier or channel:<channel>`);
    }
    if (name !== undefined) {
      if (!KEY_NAME.test(name)) throw new Error(`${where}: a key's name may use letters, digits and . _ @ + - (up to 64, no spaces)`);
      if (RESERVED_NAMES.includes(name.toLowerCase())) throw new Error(`${where}: the name "${name}" is reserved for the hub's own actions`);
    }
    keys.push(apiKey(secret, role, channel, name));
  });
  const ids = new Set(keys.map((k) => k.digest.toString('hex')));
  if (ids.size !== keys.length) throw new Error('the same key is listed twice');
  return keys;
}

export function apiKey(secret: string, role: Role, channel?: string, name?: string): ApiKey {
  const digest = sha256(secret);
  // A short fingerprint of the digest names the key in logs and idempotency scopes without revealing it.
  const id = `${role}${channel ? `:${channel}` : ''}:${digest.toString('hex').slice(0, 12)}`;
  return { id, name: name ?? id, role, ...(channel && { channel }), digest };
}

/** Keys without a configured name: start-up warns about them (their actions carry the bare id). */
export const unnamedKeys = (keys: readonly ApiKey[]): ApiKey[] => keys.filter((k) => k.name === k.id);

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
