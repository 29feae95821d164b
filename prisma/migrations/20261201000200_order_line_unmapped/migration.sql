-- Issue 14: an order line the hub could not map keeps the channel's identifiers until a product or
-- listing resolves it (the catalog API then maps the line and releases the unmapped_sku hold).
ALTER TABLE "order_lines" ADD COLUMN "unmapped" JSONB;

-- The sweeper and the catalog API look only at the few lines still unmapped.
CREATE INDEX "order_lines_unmapped_idx" ON "order_lines" ("order_id") WHERE "unmapped" IS NOT NULL;
