/**
 * The Shopify Admin REST endpoints the hub calls, answering in Shopify's documented shapes
 * (test/fixtures/shopify-admin/ holds the documentation's own examples). Pure handlers over the
 * store; routes.ts adds the token check, rate limit, faults and journal around them.
 */
export { ShopifyError, type AdminCall, type AdminReply } from './adminCall';
export { cancelOrder, getOrder, listOrders } from './adminOrders';
export { createFulfillment, listFulfillmentOrders, setInventoryLevel } from './adminFulfillment';
export { calculateRefund, createRefund, listRefunds, listTransactions } from './adminRefunds';
