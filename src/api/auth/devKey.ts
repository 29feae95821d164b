import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { logger } from '../../observability/logger';
import { apiKey, unnamedKeys, type ApiKey } from './keys';

export interface ResolvedKeys {
  keys: ApiKey[];
  /** Set when a development admin key stands in for API_KEYS: the one key the ready log prints. */
  devKey?: string;
}

/** The identity the development key acts under (holds, releases, rule changes are recorded with it). */
export const DEV_KEY_NAME = 'dev-admin';

/**
 * The keys a process serves with. API_KEYS wins; without it production refuses to start, and
 * development uses an admin key named dev-admin kept in `<dataDir>/dev-api-key` (made on first
 * start), so the key an operator pasted into the dashboard keeps working across restarts.
 */
export function resolveApiKeys(auth: { keys: ApiKey[]; production: boolean }, dataDir: string): ResolvedKeys {
  if (auth.keys.length > 0) {
    const unnamed = unnamedKeys(auth.keys);
    // Still accepted (lists from before names existed), but the audit trail then shows a fingerprint.
    if (unnamed.length > 0)
      logger.warn({ keys: unnamed.map((k) => k.id) }, 'API_KEYS entries without a name: their actions are recorded under the key id; add :<name> (see docs/security.md)');
    return { keys: auth.keys };
  }
  if (auth.production) {
    throw new Error('API_KEYS must be set in production (NODE_ENV=production): e.g. API_KEYS=<24+ char key>:admin:<name>,<key>:ops:<name> (see docs/security.md)');
  }
  const file = path.join(dataDir, 'dev-api-key');
  let devKey = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '';
  if (devKey.length < 24) {
    devKey = `dev-${randomBytes(24).toString('base64url')}`;
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, `${devKey}\n`, { mode: 0o600 });
  }
  return { keys: [apiKey(devKey, 'admin', undefined, DEV_KEY_NAME)], devKey };
}

/** A fresh random key of the accepted format (tests, the simulators' carrier key). */
export function randomApiKey(prefix = 'key'): string {
  return `${prefix}-${randomBytes(24).toString('base64url')}`;
}
