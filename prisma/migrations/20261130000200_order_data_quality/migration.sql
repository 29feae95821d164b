-- Never refuse a real order for data quality (issue 13).
-- A customer without an e-mail or a name (point of sale, guest, a marketplace's masked buyer):
-- one row per such order, never matched to another customer. NULLs do not collide in the
-- unique index on email.
ALTER TABLE "customers" ALTER COLUMN "email" DROP NOT NULL;
ALTER TABLE "customers" ALTER COLUMN "name" DROP NOT NULL;

-- Lines that need no shipping (digital goods, gift cards) are neither reserved nor shipped.
ALTER TABLE "order_lines" ADD COLUMN "requires_shipping" BOOLEAN NOT NULL DEFAULT true;

-- A line whose SKU the hub does not know holds the order until the product exists.
ALTER TABLE "order_holds" DROP CONSTRAINT "order_hold_reason_known";
ALTER TABLE "order_holds" ADD CONSTRAINT "order_hold_reason_known" CHECK ("reason" IN ('payment', 'fraud_review', 'address', 'manual', 'inventory', 'integration', 'unmapped_sku'));
