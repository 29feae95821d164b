import type { Db } from '../db/prisma';
import { createCarrierClient } from './clients/carrierClient';
import { createChannelClient } from './clients/channelClient';
import { createCrmClient } from './clients/crmClient';
import { createErpClient } from './clients/erpClient';
import { createGatewayClient } from './clients/gatewayClient';
import { createPartnerHttp } from './clients/partnerHttp';
import type { StockEvents } from './backorderQueue';
import { createInventoryActivities } from './inventory';
import { createInventorySyncActivities } from './inventorySync';
import { createOrderStoreActivities } from './orderStore';
import { createPartnerActivities, type PartnerClients } from './partners';
import { createRuleActivities } from './rules';
import type { FxRates } from '../domain/fx';
import { createShopifyAdmin, type ShopifyDeps } from '../channels/shopify/adminActivities';
import { refundedByChannel } from '../channels/shopify/channelRefunds';

export interface ActivityDeps {
  db: Db;
  partners: PartnerClients;
  stockEvents: StockEvents;
  /** Units per US dollar (FX_RATES); omitted: DEFAULT_FX_RATES. */
  fxRates?: FxRates;
  /** Shopify Admin API settings (SHOPIFY_*); omitted: the pinned version and no access tokens. */
  shopify?: ShopifyDeps;
}

/** All activities, built from injected dependencies so tests can hand in their own. */
export function createActivities(deps: ActivityDeps) {
  // Channels whose platform is shopify are told through their Admin API, every other one as before.
  const shopify = createShopifyAdmin(deps.db, deps.partners.channel, deps.shopify);
  const partners = { ...deps.partners, channel: shopify.channel };
  return {
    ...createOrderStoreActivities(deps.db),
    ...createInventoryActivities(deps.db, deps.stockEvents),
    ...createInventorySyncActivities(deps.db, partners.channel),
    ...createPartnerActivities(partners, { refundedByChannel: (orderId) => refundedByChannel(deps.db, orderId) }),
    ...createRuleActivities(deps.db, deps.fxRates),
    ...shopify.activities,
  };
}

export type OrderActivities = ReturnType<typeof createActivities>;

export interface PartnerUrls {
  timeoutMs: number;
  erpUrl: string;
  crmUrl: string;
  carrierUrl: string;
  channelsUrl: string;
  gatewayUrl: string;
}

export function createPartnerClients(urls: PartnerUrls): PartnerClients {
  return {
    erp: createErpClient(createPartnerHttp(urls.erpUrl, urls.timeoutMs)),
    crm: createCrmClient(createPartnerHttp(urls.crmUrl, urls.timeoutMs)),
    carrier: createCarrierClient(createPartnerHttp(urls.carrierUrl, urls.timeoutMs)),
    channel: createChannelClient(createPartnerHttp(urls.channelsUrl, urls.timeoutMs)),
    gateway: createGatewayClient(createPartnerHttp(urls.gatewayUrl, urls.timeoutMs)),
  };
}
