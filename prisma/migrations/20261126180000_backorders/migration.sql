-- AlterTable
ALTER TABLE "channels" ADD COLUMN     "backorder_policy" TEXT NOT NULL DEFAULT 'backorder';

-- CreateTable
CREATE TABLE "backorders" (
    "order_id" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "skus" TEXT[],
    "demand" JSONB NOT NULL,
    "shortfall" JSONB NOT NULL,
    "state" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMP(3),

    CONSTRAINT "backorders_pkey" PRIMARY KEY ("order_id")
);

-- CreateIndex
CREATE INDEX "backorders_state_created_at_idx" ON "backorders"("state", "created_at");


ALTER TABLE "channels" ADD CONSTRAINT "channel_backorder_policy_known" CHECK ("backorder_policy" IN ('backorder', 'cancel'));
ALTER TABLE "backorders" ADD CONSTRAINT "backorder_state_known" CHECK ("state" IN ('waiting', 'reserved', 'cancelled'));
CREATE INDEX "backorders_waiting_skus_idx" ON "backorders" USING GIN ("skus") WHERE "state" = 'waiting';
