/**
 * The Shopify Admin API version the hub is built against (webhook payloads and Admin calls are
 * serialized per version): pinned, changed on purpose (SHOPIFY_API_VERSION), never "latest".
 * Shopify releases one per quarter, named `YYYY-MM` with MM in 01, 04, 07, 10.
 */
export const DEFAULT_SHOPIFY_API_VERSION = '2025-07';
export const SHOPIFY_API_VERSION_PATTERN = /^\d{4}-(01|04|07|10)$/;
