-- The order model (total_mismatch) and the data-quality holds (unmapped_sku) each widened the
-- hold-reason check from the same list: this one allows every reason of HOLD_REASONS.
ALTER TABLE "order_holds" DROP CONSTRAINT "order_hold_reason_known";
ALTER TABLE "order_holds" ADD CONSTRAINT "order_hold_reason_known" CHECK ("reason" IN ('payment', 'fraud_review', 'address', 'manual', 'inventory', 'integration', 'unmapped_sku', 'total_mismatch'));
