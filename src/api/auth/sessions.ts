import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../db/prisma';
import type { ApiKey } from './keys';

/**
 * Console sessions (docs/dashboard.md). A session is a random token the browser keeps in an
 * httpOnly cookie; the database keeps its SHA-256 only. It acts as the API key it began with:
 * that key's name and role, for as long as the key stays configured.
 */
export const SESSION_COOKIE = 'orderhub_session';
/** The one-time link is for the person at the terminal that just started the hub. */
export const SIGN_IN_LINK_TTL_MS = 10 * 60_000;

const hash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

/**
 * The CSRF token of a session: derived from its secret token, so it needs no storage and a page
 * of another site, which cannot read the cookie, cannot compute it.
 */
export function csrfTokenOf(sessionToken: string): string {
  return createHash('sha256').update(`csrf:${sessionToken}`, 'utf8').digest('base64url');
}

export function csrfMatches(sessionToken: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenOf(sessionToken));
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface SessionStore {
  /** A new session for `key`: the token to set as the cookie and when it expires. */
  open(key: ApiKey, via: 'key' | 'link'): Promise<{ token: string; expiresAt: Date }>;
  /** The key a live session acts as; undefined when the token is unknown, expired, ended, or its key is gone. */
  keyOf(token: string): Promise<{ key: ApiKey; expiresAt: Date } | undefined>;
  end(token: string): Promise<void>;
  /** A one-time sign-in link's token for `key` (development: `npm start` prints it). */
  issueLink(key: ApiKey): Promise<string>;
  /** Uses up a link token: the key it signs in as, or undefined (unknown, used, expired). */
  redeemLink(token: string): Promise<ApiKey | undefined>;
}

export function createSessionStore(db: Db, keys: readonly ApiKey[], ttlMs: number, now: () => Date = () => new Date()): SessionStore {
  const byId = (id: string) => keys.find((k) => k.id === id);
  return {
    async open(key, via) {
      const token = newToken();
      const expiresAt = new Date(now().getTime() + ttlMs);
      await db.dashboardSession.create({ data: { tokenHash: hash(token), keyId: key.id, via, expiresAt } });
      return { token, expiresAt };
    },
    async keyOf(token) {
      const row = await db.dashboardSession.findUnique({ where: { tokenHash: hash(token) } });
      if (!row || row.endedAt || row.expiresAt <= now()) return undefined;
      const key = byId(row.keyId);
      return key && { key, expiresAt: row.expiresAt };
    },
    async end(token) {
      await db.dashboardSession.updateMany({ where: { tokenHash: hash(token), endedAt: null }, data: { endedAt: now() } });
    },
    async issueLink(key) {
      const token = newToken();
      await db.dashboardSignInLink.create({ data: { tokenHash: hash(token), keyId: key.id, expiresAt: new Date(now().getTime() + SIGN_IN_LINK_TTL_MS) } });
      return token;
    },
    async redeemLink(token) {
      // One conditional update: of two tabs racing with the same link, exactly one wins.
      const used = await db.dashboardSignInLink.updateManyAndReturn({
        where: { tokenHash: hash(token), usedAt: null, expiresAt: { gt: now() } },
        data: { usedAt: now() },
      });
      return used[0] && byId(used[0].keyId);
    },
  };
}
