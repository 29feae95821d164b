import type { Db } from '../../db/prisma';
import type { ApiKey } from './keys';
import { DEFAULT_SESSION_TTL_MS } from './middleware';
import { createSessionStore } from './sessions';

/**
 * Development only (the dev-admin key stands in for API_KEYS): a one-time sign-in link for the
 * ready log, so whoever started the hub opens the console without copying a key. The token is in
 * the fragment, which browsers never send to a server, so no access log or proxy records it.
 */
export async function devSignInLink(db: Db, devKey: ApiKey, baseUrl: string): Promise<string> {
  const token = await createSessionStore(db, [devKey], DEFAULT_SESSION_TTL_MS).issueLink(devKey);
  return `${baseUrl}/dashboard/signin.html#link=${token}`;
}
