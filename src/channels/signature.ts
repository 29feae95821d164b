/**
 * Channel webhook signatures. A channel signs "<timestamp>.<raw body>" with HMAC-SHA256 and its
 * shared secret, and sends:
 *   X-Orderhub-Timestamp: <unix seconds>
 *   X-Orderhub-Signature: v1=<hex digest>
 * The timestamp is inside the signed text so a captured request cannot be replayed later than
 * the tolerance. Pure: tests, the bench and the simulators sign with the same helper.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'X-Orderhub-Timestamp';
export const SIGNATURE_HEADER = 'X-Orderhub-Signature';
/** How far a webhook's timestamp may be from our clock, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

/** The X-Orderhub-Signature value for a body sent at `timestamp` (unix seconds). */
export function signWebhook(secret: string, timestamp: number | string, rawBody: string | Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(rawBody);
  return `v1=${mac.digest('hex')}`;
}

/** Both headers for a body signed now (or at `nowSeconds`), ready to send. */
export function webhookHeaders(secret: string, rawBody: string | Buffer, nowSeconds = Math.floor(Date.now() / 1000)): Record<string, string> {
  return { [TIMESTAMP_HEADER]: String(nowSeconds), [SIGNATURE_HEADER]: signWebhook(secret, nowSeconds, rawBody) };
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/**
 * Checks a webhook's headers against its raw body. The reasons are safe to return to the caller:
 * they never contain the secret or the expected signature.
 */
export function verifyWebhook(
  secret: string | undefined,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  rawBody: Buffer,
  nowSeconds = Math.floor(Date.now() / 1000),
): VerifyResult {
  if (!secret) return { ok: false, reason: 'no webhook secret is configured for this channel' };
  if (!timestampHeader || !/^\d{1,12}$/.test(timestampHeader.trim())) return { ok: false, reason: `${TIMESTAMP_HEADER} must be unix seconds` };
  const timestamp = Number(timestampHeader.trim());
  if (Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return { ok: false, reason: `${TIMESTAMP_HEADER} is more than 5 minutes from the server's clock` };
  // A header may carry several comma-separated signatures (e.g. during a secret rotation).
  const presented = (signatureHeader ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => /^v1=[0-9a-f]{64}$/i.test(s))
    .map((s) => Buffer.from(s.slice(3).toLowerCase(), 'hex'));
  if (presented.length === 0) return { ok: false, reason: `${SIGNATURE_HEADER} must be "v1=<hex HMAC-SHA256>"` };
  const expected = Buffer.from(signWebhook(secret, timestampHeader.trim(), rawBody).slice(3), 'hex');
  // Equal lengths are guaranteed by the format check above; timingSafeEqual needs them.
  const match = presented.some((p) => p.length === expected.length && timingSafeEqual(p, expected));
  return match ? { ok: true } : { ok: false, reason: 'the signature does not match the body' };
}

/** The four demo channels, and the secrets they use in development when none are configured. */
export const DEMO_CHANNELS = ['webstore', 'amazon', 'ebay', 'pos'] as const;
export const devWebhookSecret = (channel: string) => `dev-secret-${channel}`;

/** `channel=secret,channel2=secret2` -> map; throws naming the bad entry (never its secret). */
export function parseWebhookSecrets(text: string): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const [i, entry] of text.split(',').map((e) => e.trim()).filter(Boolean).entries()) {
    const eq = entry.indexOf('=');
    const channel = eq > 0 ? entry.slice(0, eq).trim() : '';
    const secret = eq > 0 ? entry.slice(eq + 1).trim() : '';
    if (!/^[a-z0-9][a-z0-9_-]{0,31}$/.test(channel)) throw new Error(`entry ${i + 1} must be "<channel code>=<secret>"`);
    if (secret.length < 8) throw new Error(`the secret for ${channel} must be at least 8 characters`);
    if (Object.prototype.hasOwnProperty.call(secrets, channel)) throw new Error(`${channel} is listed twice`);
    secrets[channel] = secret;
  }
  return secrets;
}

/**
 * The secrets the hub verifies with: the configured ones; unset, the development secrets for
 * the demo channels, except in production, where an unset value refuses every webhook.
 */
export function resolveWebhookSecrets(configured: Record<string, string> | undefined, production: boolean): Record<string, string> {
  if (configured) return configured;
  if (production) return {};
  return Object.fromEntries(DEMO_CHANNELS.map((c) => [c, devWebhookSecret(c)]));
}
