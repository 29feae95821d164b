-- The operations console (issue 19, docs/dashboard.md): trends per day over orders shipped or
-- cancelled and holds opened and closed, the ledger of a SKU a page at a time, and waiting
-- backorders oldest first. (No semicolons in comments: the migration is split at each one.)

-- CreateIndex
CREATE INDEX "orders_shipped_at_idx" ON "orders"("shipped_at");

-- CreateIndex
CREATE INDEX "orders_cancelled_at_idx" ON "orders"("cancelled_at");

-- CreateIndex
CREATE INDEX "stock_ledger_sku_id_idx" ON "stock_ledger"("sku", "id");

-- CreateIndex
CREATE INDEX "backorders_state_created_at_idx" ON "backorders"("state", "created_at");

-- CreateIndex
CREATE INDEX "order_holds_placed_at_idx" ON "order_holds"("placed_at");

-- CreateIndex
CREATE INDEX "order_holds_released_at_idx" ON "order_holds"("released_at");
