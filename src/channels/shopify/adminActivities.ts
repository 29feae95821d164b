/**
 * The Shopify Admin side of the activities, built once per worker from its settings: the
 * Shopify-aware channel client (outbound messages) and the reconciliation page activity.
 */
import type { createChannelClient } from '../../activities/clients/channelClient';
import type { Db } from '../../db/prisma';
import { createShopifyAdminClient, type ShopifyAdminOptions } from './adminClient';
import { prismaShopifyLookups, shopifyAwareChannelClient } from './adminChannelClient';
import type { ShopifyAccessTokens } from './adminTokens';
import { createShopifyOutbound } from './adminOutbound';
import { DEFAULT_RECONCILE, createShopifyReconcileActivities, type ImportShopifyOrder, type ReconcileSettings } from './adminReconcile';
import { reconcileIntoInbox } from './reconcileImport';

export interface ShopifyDeps {
  admin: ShopifyAdminOptions;
  /** SHOPIFY_ACCESS_TOKENS. */
  tokens: ShopifyAccessTokens;
  /** The inbound import reconciliation hands each order to; omitted: the webhook inbox (reconcileImport.ts). */
  importOrder?: ImportShopifyOrder;
  reconcile?: Partial<ReconcileSettings>;
}

/** Without settings (tests that never meet a Shopify channel): the pinned version, no tokens. */
export const SHOPIFY_DEFAULTS: ShopifyDeps = { admin: { apiVersion: '2025-07', timeoutMs: 10_000 }, tokens: {} };

export function createShopifyAdmin(db: Db, channel: ReturnType<typeof createChannelClient>, deps: ShopifyDeps = SHOPIFY_DEFAULTS) {
  const admin = createShopifyAdminClient(deps.admin);
  const lookups = prismaShopifyLookups(db, deps.tokens);
  return {
    channel: shopifyAwareChannelClient(channel, lookups, createShopifyOutbound(admin)),
    activities: createShopifyReconcileActivities(db, admin, lookups, deps.importOrder ?? reconcileIntoInbox(db), { ...DEFAULT_RECONCILE, ...deps.reconcile }),
  };
}
