import type { Db } from '../db/prisma';
import { createCarrierClient } from './clients/carrierClient';
import { createChannelClient } from './clients/channelClient';
import { createCrmClient } from './clients/crmClient';
import { createErpClient } from './clients/erpClient';
import { createGatewayClient } from './clients/gatewayClient';
import { createPartnerHttp } from './clients/partnerHttp';
import type { PartnerCallRecorder } from './partnerCallLog';
import type { StockEvents } from './backorderQueue';
import { createInventoryActivities } from './inventory';
import { createInventorySyncActivities } from './inventorySync';
import { createOrderStoreActivities } from './orderStore';
import { createPartnerActivities, type PartnerClients } from './partners';
import { createRuleActivities } from './rules';
import { createReturnPartnerActivities } from './returns/returnPartners';
import { createReturnStoreActivities } from './returns/returnStore';
import type { FxRates } from '../domain/fx';
import { createShopifyAdmin, type ShopifyDeps } from '../channels/shopify/adminActivities';
import { refundedByChannel } from '../channels/platformRefunds';
import { marketplaceAwareChannelClient } from '../channels/marketplaceChannelClient';
import { createAmazonOutbound } from '../channels/amazon/outboundCalls';
import type { AmazonConnectorOptions } from '../channels/amazon/options';
import { createEbayOutbound } from '../channels/ebay/outboundCalls';
import type { EbayConnectorOptions } from '../channels/ebay/options';
import { createExchangeActivities, type OrderStarter } from './replacementOrder';

export interface ActivityDeps {
  db: Db;
  partners: PartnerClients;
  stockEvents: StockEvents;
  /** Units per US dollar (FX_RATES); omitted: DEFAULT_FX_RATES. */
  fxRates?: FxRates;
  /** Shopify Admin API settings (SHOPIFY_*); omitted: the pinned version and no access tokens. */
  shopify?: ShopifyDeps;
  /** The Amazon and eBay connectors (AMAZON_*, EBAY_*): with them, those platforms' channels are told through their APIs; omitted: as before. */
  amazon?: AmazonConnectorOptions;
  ebay?: EbayConnectorOptions;
  /** How an exchange's replacement order workflow is started (the hub's client, queue and order options); omitted: startReplacementOrder fails. */
  orderStarter?: OrderStarter;
}

/** All activities, built from injected dependencies so tests can hand in their own. */
export function createActivities(deps: ActivityDeps) {
  // Channels whose platform is shopify are told through their Admin API, every other one as before.
  const shopify = createShopifyAdmin(deps.db, deps.partners.channel, deps.shopify);
  // Amazon and eBay channels through the SP-API and the Sell APIs, when this process has their connectors.
  const channel = marketplaceAwareChannelClient(deps.db, shopify.channel, {
    ...(deps.amazon && { amazon: createAmazonOutbound(deps.db, deps.amazon) }),
    ...(deps.ebay && { ebay: createEbayOutbound(deps.db, deps.ebay) }),
  });
  const partners = { ...deps.partners, channel };
  return {
    ...createOrderStoreActivities(deps.db),
    ...createInventoryActivities(deps.db, deps.stockEvents),
    ...createInventorySyncActivities(deps.db, partners.channel),
    ...createPartnerActivities(partners, { refundedByChannel: (orderId) => refundedByChannel(deps.db, orderId) }),
    ...createRuleActivities(deps.db, deps.fxRates),
    // Returns (issue 18): their own activities, named apart from the order's.
    ...createReturnStoreActivities(deps.db, deps.stockEvents),
    ...createReturnPartnerActivities(deps.db, partners),
    ...shopify.activities,
    ...createExchangeActivities({ db: deps.db, stockEvents: deps.stockEvents, starter: deps.orderStarter }),
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

/** `record`: where every call's outcome goes (partnerCallLog: the order page's partner calls). */
export function createPartnerClients(urls: PartnerUrls, record?: PartnerCallRecorder): PartnerClients {
  return {
    erp: createErpClient(createPartnerHttp(urls.erpUrl, urls.timeoutMs, record)),
    crm: createCrmClient(createPartnerHttp(urls.crmUrl, urls.timeoutMs, record)),
    carrier: createCarrierClient(createPartnerHttp(urls.carrierUrl, urls.timeoutMs, record)),
    channel: createChannelClient(createPartnerHttp(urls.channelsUrl, urls.timeoutMs, record)),
    gateway: createGatewayClient(createPartnerHttp(urls.gatewayUrl, urls.timeoutMs, record)),
  };
}
