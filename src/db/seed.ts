import type { Db } from './prisma';
import { DEFAULT_SHOPIFY_API_VERSION } from '../channels/shopify/apiVersion';

export const DEMO_CHANNELS = [
  { id: 'webstore', name: 'Own web store', kind: 'webstore', platform: 'generic' },
  // The simulator's seller on amazon.com: its poller pulls what POST /admin/amazon/orders seeds (docs/amazon.md).
  { id: 'amazon', name: 'Amazon marketplace', kind: 'marketplace', platform: 'amazon', settings: { sellerId: 'A2DEMOSELLER0', marketplaceIds: ['ATVPDKIKX0DER'], region: 'na' } },
  { id: 'ebay', name: 'eBay marketplace', kind: 'marketplace', platform: 'ebay' },
  { id: 'pos', name: 'Retail point of sale', kind: 'pos', platform: 'pos' },
];

/** The demo Shopify store (docs/shopify.md): its webhooks come in at POST /api/v1/channels/shopify/webhooks, signed with its CHANNEL_WEBHOOK_SECRETS entry. */
export const DEMO_SHOPIFY_DOMAIN = 'orderhub-demo.myshopify.com';
const shopifyChannel = (apiVersion: string) => ({
  id: 'shopify',
  name: 'Shopify store',
  kind: 'webstore',
  platform: 'shopify',
  settings: { shopDomain: DEMO_SHOPIFY_DOMAIN, apiVersion },
});

// WH-EAST has the demo's shop counter: the only location that serves pickups (and what the pos buffer sells from).
export const DEMO_LOCATIONS = [
  { id: 'WH-EAST', name: 'East warehouse (Newark)', country: 'US', region: 'NJ', priority: 10, servesPickup: true },
  { id: 'WH-WEST', name: 'West warehouse (Reno)', country: 'US', region: 'NV', priority: 20, servesPickup: false },
];

const CATALOGUE: [string, string, string][] = [
  ['TEE-BLK-M', 'Organic tee, black, M', 'apparel'],
  ['TEE-BLK-L', 'Organic tee, black, L', 'apparel'],
  ['TEE-WHT-M', 'Organic tee, white, M', 'apparel'],
  ['TEE-WHT-L', 'Organic tee, white, L', 'apparel'],
  ['HOODIE-GRY-M', 'Hoodie, grey, M', 'apparel'],
  ['HOODIE-GRY-L', 'Hoodie, grey, L', 'apparel'],
  ['CAP-NVY', 'Baseball cap, navy', 'accessories'],
  ['BEANIE-RED', 'Knit beanie, red', 'accessories'],
  ['MUG-12OZ', 'Ceramic mug, 12 oz', 'home'],
  ['MUG-16OZ', 'Ceramic mug, 16 oz', 'home'],
  ['TOTE-NAT', 'Canvas tote, natural', 'accessories'],
  ['BOTTLE-750', 'Steel bottle, 750 ml', 'home'],
  ['NOTEBOOK-A5', 'Dot-grid notebook, A5', 'stationery'],
  ['PEN-SET-3', 'Gel pen set of 3', 'stationery'],
  ['STICKER-PACK', 'Sticker pack', 'stationery'],
  ['SOCKS-STR-M', 'Striped socks, M', 'apparel'],
  ['SOCKS-STR-L', 'Striped socks, L', 'apparel'],
  ['POSTER-A2', 'Art print, A2', 'home'],
  ['CANDLE-CEDAR', 'Soy candle, cedar', 'home'],
  ['GIFT-CARD-BOX', 'Gift box', 'accessories'],
];

/** Demo reference data, written only into an empty database. */
export async function seedDemoData(db: Db, opts: { shopifyApiVersion?: string } = {}): Promise<boolean> {
  if ((await db.channel.count()) > 0) return false;
  await db.$transaction(async (tx) => {
    await tx.channel.createMany({ data: [...DEMO_CHANNELS, shopifyChannel(opts.shopifyApiVersion ?? DEFAULT_SHOPIFY_API_VERSION)], skipDuplicates: true });
    await tx.location.createMany({ data: DEMO_LOCATIONS, skipDuplicates: true });
    // Marketplaces see stock late, so they list less than the web store does.
    await tx.channelBuffer.createMany({
      data: [
        { channelId: 'amazon', safetyStock: 2, percent: 80 },
        { channelId: 'ebay', safetyStock: 0, percent: 50, maxListed: 10 },
        { channelId: 'pos', safetyStock: 0, percent: 100, locationIds: ['WH-EAST'] },
      ],
      skipDuplicates: true,
    });
    await tx.product.createMany({ data: CATALOGUE.map(([sku, name, category]) => ({ sku, name, category })), skipDuplicates: true });
    const levels = CATALOGUE.flatMap(([sku], i) => DEMO_LOCATIONS.map((loc, j) => ({ sku, locationId: loc.id, onHand: 20 + ((i * 7 + j * 13) % 60) })));
    await tx.stockLevel.createMany({ data: levels });
    await tx.stockLedgerEntry.createMany({
      data: levels.map((l) => ({ sku: l.sku, locationId: l.locationId, onHandDelta: l.onHand, reservedDelta: 0, reason: 'seed' })),
    });
  });
  return true;
}
