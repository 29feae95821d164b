-- Issue 13: the order's money breakdown (discounts, tax, shipping lines, shop currency) beside
-- the totals. Existing rows are the simple shape: no discount, no tax, prices without tax.
ALTER TABLE "orders" ADD COLUMN "discounts_minor" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "tax_minor" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "taxes_included" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN "shop_currency" TEXT,
ADD COLUMN "shop_total_minor" INTEGER,
ADD COLUMN "shipping_lines" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN "channel_totals" JSONB;

ALTER TABLE "order_lines" ADD COLUMN "shop_unit_price_minor" INTEGER,
ADD COLUMN "channel_line_id" TEXT,
ADD COLUMN "discounts_minor" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "tax_minor" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "discounts" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN "tax_lines" JSONB NOT NULL DEFAULT '[]';

-- The totals identity of docs/money.md, now with discounts and tax (included taxes are inside the prices).
ALTER TABLE "orders" DROP CONSTRAINT "order_totals_non_negative";
ALTER TABLE "orders" ADD CONSTRAINT "order_totals_non_negative" CHECK (
  "subtotal_minor" >= 0 AND "shipping_minor" >= 0 AND "discounts_minor" >= 0 AND "tax_minor" >= 0
  AND "total_minor" = "subtotal_minor" - "discounts_minor" + "shipping_minor" + (CASE WHEN "taxes_included" THEN 0 ELSE "tax_minor" END)
);

-- A new hold reason: the hub's totals differ from the channel's.
ALTER TABLE "order_holds" DROP CONSTRAINT "order_hold_reason_known";
ALTER TABLE "order_holds" ADD CONSTRAINT "order_hold_reason_known" CHECK ("reason" IN ('payment', 'fraud_review', 'address', 'manual', 'inventory', 'integration', 'total_mismatch'));
