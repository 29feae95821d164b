import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { webhookHeaders } from '../../src/channels/signature';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function sample(name: string): Json {
  return JSON.parse(readFileSync(path.join(__dirname, 'samples', `${name}.json`), 'utf8'));
}

/** A sample with a fresh order number and every line on `sku`, so tests never share orders or stock. */
export function freshSample(channel: 'webstore' | 'amazon' | 'ebay' | 'pos', name: string, sku: string): { payload: Json; externalId: string } {
  const p = sample(name);
  const n = `${Date.now()}${randomInt(1000, 9999)}`;
  switch (channel) {
    case 'webstore':
      p.id = Number(n.slice(-15));
      p.line_items.forEach((l: Json) => (l.sku = sku));
      return { payload: p, externalId: String(p.id) };
    case 'amazon':
      p.AmazonOrderId = `113-${n}`;
      p.OrderItems.forEach((l: Json) => (l.SellerSKU = sku));
      return { payload: p, externalId: p.AmazonOrderId };
    case 'ebay':
      p.orderId = `12-${n}`;
      p.lineItems.forEach((l: Json) => (l.sku = sku));
      return { payload: p, externalId: p.orderId };
    case 'pos':
      p.saleId = `S-${n}`;
      p.items.forEach((l: Json) => (l.sku = sku));
      return { payload: p, externalId: p.saleId };
  }
}

/** Headers for `rawBody` signed with `secret` (the test hub's are in TestHub.webhookSecrets). */
export function signed(secret: string, rawBody: string, nowSeconds?: number): Record<string, string> {
  return { 'Content-Type': 'application/json', ...webhookHeaders(secret, rawBody, nowSeconds) };
}
