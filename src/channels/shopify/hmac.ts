/**
 * Shopify's webhook signature: X-Shopify-Hmac-Sha256 is base64(HMAC-SHA256(raw body, the app's
 * client secret)). It covers the exact bytes, so it is checked before anything parses them, in
 * constant time, against each of the channel's secrets (two during a rotation).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SHOPIFY_HMAC_HEADER = 'X-Shopify-Hmac-Sha256';

export function shopifyHmac(secret: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

export function verifyShopifyHmac(secrets: readonly string[], header: string | undefined, rawBody: Buffer): boolean {
  if (!header) return false;
  const given = Buffer.from(header.trim(), 'base64');
  // A SHA-256 digest is 32 bytes; anything else cannot match (and timingSafeEqual needs equal lengths).
  if (given.length !== 32) return false;
  let ok = false;
  // Every secret is tried, so the time does not tell which one matched.
  for (const secret of secrets) ok = timingSafeEqual(createHmac('sha256', secret).update(rawBody).digest(), given) || ok;
  return ok;
}
