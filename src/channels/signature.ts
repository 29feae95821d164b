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
  secrets: readonly string[],
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  rawBody: Buffer,
  nowSeconds = Math.floor(Date.now() / 1000),
): VerifyResult {
  if (secrets.length === 0) return { ok: false, reason: 'no webhook secret is configured for this channel' };
  if (!timestampHeader || !/^\d{1,12}$/.test(timestampHeader.trim())) return { ok: false, reason: `${TIMESTAMP_HEADER} must be unix seconds` };
  const timestamp = Number(timestampHeader.trim());
  if (Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return { ok: false, reason: `${TIMESTAMP_HEADER} is more than 5 minutes from the server's clock` };
  // A header may carry several comma-separated signatures (a channel signing with an old and a new secret).
  const presented = (signatureHeader ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => /^v1=[0-9a-f]{64}$/i.test(s))
    .map((s) => Buffer.from(s.slice(3).toLowerCase(), 'hex'));
  if (presented.length === 0) return { ok: false, reason: `${SIGNATURE_HEADER} must be "v1=<hex HMAC-SHA256>"` };
  // The hub may hold two secrets for a channel during a rotation (webhookSecrets.ts): either one signs.
  // Every pair is compared, match or not; equal lengths are guaranteed by the format check above.
  let match = false;
  for (const secret of secrets) {
    const expected = Buffer.from(signWebhook(secret, timestampHeader.trim(), rawBody).slice(3), 'hex');
    for (const p of presented) if (p.length === expected.length && timingSafeEqual(p, expected)) match = true;
  }
  return match ? { ok: true } : { ok: false, reason: 'the signature does not match the body' };
}
