import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomInt } from 'node:crypto';

/** Shopify's published sample orders (sources: test/fixtures/README.md), as raw bytes: ids stay JSON numbers. */
export const SHOPIFY_FIXTURES = {
  authorized: { file: 'order-1001-authorized.json', id: '450789469' },
  partiallyRefunded: { file: 'order-1001-partially-refunded.json', id: '450789469' },
  multiCurrency: { file: 'order-eur-presentment-usd-shop.json', id: '5617487642814' },
  guestEmptySku: { file: 'order-guest-empty-sku.json', id: '1073459972' },
  testNotification: { file: 'orders-create-test-notification.json', id: '820982911946154508' },
} as const;
export type FixtureName = keyof typeof SHOPIFY_FIXTURES;

export function fixtureText(name: FixtureName): string {
  return readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'shopify', SHOPIFY_FIXTURES[name].file), 'utf8');
}

/** A fresh 64-bit order id (above 2^53), so each test's order is its own and every id exercises the lossless parse. */
export function freshOrderId(): string {
  return `9${Date.now()}${randomInt(1000, 9999)}`;
}

/** The fixture's raw text with its order id (also in order_id and the admin GraphQL id) replaced, as a JSON number. */
export function withOrderId(name: FixtureName, id: string): string {
  return fixtureText(name).replace(new RegExp(`\\b${SHOPIFY_FIXTURES[name].id}\\b`, 'g'), id);
}
