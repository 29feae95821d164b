/**
 * The secrets the hub verifies channel webhooks with (signature.ts), per channel code: one, or two
 * while a channel rotates its secret (either signs). Never logged, never answered.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type WebhookSecrets = Readonly<Record<string, readonly string[]>>;

/** The demo channels, which get a secret of their own on a development install. */
export const DEMO_CHANNELS = ['webstore', 'amazon', 'ebay', 'pos', 'shopify'] as const;

const CHANNEL_CODE = /^[a-z0-9][a-z0-9_-]{0,31}$/;
export const MIN_SECRET_LENGTH = 8;
/** Two: the secret in use and the one it replaces, for as long as a rotation takes. */
const MAX_SECRETS_PER_CHANNEL = 2;

/**
 * `channel=secret,channel2=secret2` -> secrets per channel. A channel listed twice has two secrets
 * (a rotation: `ebay=<new>,ebay=<old>`). Throws naming the bad entry, never its secret.
 */
export function parseWebhookSecrets(text: string): Record<string, string[]> {
  const secrets: Record<string, string[]> = {};
  for (const [i, entry] of text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)
    .entries()) {
    const eq = entry.indexOf('=');
    const channel = eq > 0 ? entry.slice(0, eq).trim() : '';
    const secret = eq > 0 ? entry.slice(eq + 1).trim() : '';
    if (!CHANNEL_CODE.test(channel)) throw new Error(`entry ${i + 1} must be "<channel code>=<secret>"`);
    if (secret.length < MIN_SECRET_LENGTH) throw new Error(`the secret for ${channel} must be at least ${MIN_SECRET_LENGTH} characters`);
    const list = Object.prototype.hasOwnProperty.call(secrets, channel) ? secrets[channel] : (secrets[channel] = []);
    if (list.includes(secret)) throw new Error(`the same secret is listed twice for ${channel}`);
    if (list.length === MAX_SECRETS_PER_CHANNEL) throw new Error(`${channel} has at most two secrets (the new and the old one during a rotation)`);
    list.push(secret);
  }
  return secrets;
}

const FILE = 'webhook-secrets.json';

/**
 * The secrets a process verifies with: the configured ones (CHANNEL_WEBHOOK_SECRETS); unset, in
 * production, none (every webhook is refused); unset in development, a random secret per demo
 * channel made on the first start of this install and kept in `<dataDir>/webhook-secrets.json`
 * (mode 0600), as the development API key is. A predictable default would let anyone who has read
 * this code create orders on any development or staging hub that can be reached.
 */
export function resolveWebhookSecrets(configured: WebhookSecrets | undefined, production: boolean, dataDir: string): WebhookSecrets {
  if (configured) return configured;
  if (production) return {};
  const file = path.join(dataDir, FILE);
  const stored = readStored(file);
  const secrets: Record<string, string[]> = {};
  for (const channel of DEMO_CHANNELS) {
    const kept = stored[channel];
    secrets[channel] = [typeof kept === 'string' && kept.length >= 32 ? kept : randomBytes(32).toString('base64url')];
  }
  if (DEMO_CHANNELS.some((c) => stored[c] !== secrets[c][0])) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(Object.fromEntries(DEMO_CHANNELS.map((c) => [c, secrets[c][0]])), null, 2)}\n`, { mode: 0o600 });
    fs.chmodSync(file, 0o600);
  }
  return secrets;
}

function readStored(file: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Where a development install keeps its generated secrets (for the ready log and the docs). */
export const webhookSecretsFile = (dataDir: string) => path.join(dataDir, FILE);
