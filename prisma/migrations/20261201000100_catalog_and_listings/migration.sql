-- Issue 14 and 15: channel platforms and settings, the catalog's fields, listings and pull cursors.
ALTER TABLE "channels" ADD COLUMN "platform" TEXT NOT NULL DEFAULT 'generic';
ALTER TABLE "channels" ADD COLUMN "settings" JSONB NOT NULL DEFAULT '{}';
ALTER TABLE "channels" ADD COLUMN "secret_name" TEXT;
ALTER TABLE "channels" ADD COLUMN "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "channels" ADD CONSTRAINT "channels_platform_check" CHECK ("platform" IN ('shopify', 'amazon', 'ebay', 'pos', 'generic'));

ALTER TABLE "products" ADD COLUMN "barcode" TEXT;
ALTER TABLE "products" ADD COLUMN "weight_grams" INTEGER;
ALTER TABLE "products" ADD COLUMN "requires_shipping" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "products" ADD COLUMN "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "products" ADD CONSTRAINT "products_weight_grams_check" CHECK ("weight_grams" IS NULL OR "weight_grams" >= 0);

ALTER TABLE "locations" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'warehouse';
ALTER TABLE "locations" ADD COLUMN "address" JSONB;
ALTER TABLE "locations" ADD COLUMN "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "locations" ADD CONSTRAINT "locations_kind_check" CHECK ("kind" IN ('warehouse', 'store'));

CREATE TABLE "channel_listings" (
    "id" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "channel_sku" TEXT,
    "variant_id" TEXT,
    "inventory_item_id" TEXT,
    "asin" TEXT,
    "legacy_item_id" TEXT,
    "legacy_variation_id" TEXT,
    "offer_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "channel_listings_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "channel_listings_channel_id_channel_sku_key" ON "channel_listings"("channel_id", "channel_sku");
CREATE UNIQUE INDEX "channel_listings_channel_id_variant_id_key" ON "channel_listings"("channel_id", "variant_id");
CREATE UNIQUE INDEX "channel_listings_channel_id_inventory_item_id_key" ON "channel_listings"("channel_id", "inventory_item_id");
CREATE UNIQUE INDEX "channel_listings_channel_id_asin_key" ON "channel_listings"("channel_id", "asin");
CREATE UNIQUE INDEX "channel_listings_channel_id_legacy_item_id_legacy_variation_id_key" ON "channel_listings"("channel_id", "legacy_item_id", "legacy_variation_id");
CREATE UNIQUE INDEX "channel_listings_channel_id_offer_id_key" ON "channel_listings"("channel_id", "offer_id");
CREATE INDEX "channel_listings_channel_id_sku_idx" ON "channel_listings"("channel_id", "sku");
CREATE INDEX "channel_listings_sku_idx" ON "channel_listings"("sku");
ALTER TABLE "channel_listings" ADD CONSTRAINT "channel_listings_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "channel_listings" ADD CONSTRAINT "channel_listings_sku_fkey" FOREIGN KEY ("sku") REFERENCES "products"("sku") ON DELETE RESTRICT ON UPDATE CASCADE;
-- A listing names the product by at least one of the channel's identifiers.
ALTER TABLE "channel_listings" ADD CONSTRAINT "channel_listings_identified_check" CHECK (COALESCE("channel_sku", "variant_id", "inventory_item_id", "asin", "legacy_item_id", "offer_id") IS NOT NULL);

CREATE TABLE "channel_cursors" (
    "channel_id" TEXT NOT NULL,
    "stream" TEXT NOT NULL,
    "cursor" TEXT,
    "page_token" TEXT,
    "last_success_at" TIMESTAMP(3),
    "last_error" TEXT,
    "backlog" INTEGER NOT NULL DEFAULT 0,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "channel_cursors_pkey" PRIMARY KEY ("channel_id", "stream")
);
ALTER TABLE "channel_cursors" ADD CONSTRAINT "channel_cursors_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
