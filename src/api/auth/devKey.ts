import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { apiKey, type ApiKey } from './keys';

export interface ResolvedKeys {
  keys: ApiKey[];
  /** Set when a development admin key stands in for API_KEYS: the one key the ready log prints. */
  devKey?: string;
}

/**
 * The keys a process serves with. API_KEYS wins; without it production refuses to start, and
 * development uses an admin key kept in `<dataDir>/dev-api-key` (made on first start), so
 * the key an operator pasted into the dashboard keeps working across restarts.
 */
export function resolveApiKeys(auth: { keys: ApiKey[]; production: boolean }, dataDir: string): ResolvedKeys {
  if (auth.keys.length > 0) return { keys: auth.keys };
  if (auth.production) {
    throw new Error('API_KEYS must be set in production (NODE_ENV=production): e.g. API_KEYS=<24+ char key>:admin,<key>:ops (see README, API keys)');
  }
  const file = path.join(dataDir, 'dev-api-key');
  let devKey = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : '';
  if (devKey.length < 24) {
    devKey = `dev-${randomBytes(24).toString('base64url')}`;
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, `${devKey}\n`, { mode: 0o600 });
  }
  return { keys: [apiKey(devKey, 'admin')], devKey };
}

/** A fresh random key of the accepted format (tests, the simulators' carrier key). */
export function randomApiKey(prefix = 'key'): string {
  return `${prefix}-${randomBytes(24).toString('base64url')}`;
}
