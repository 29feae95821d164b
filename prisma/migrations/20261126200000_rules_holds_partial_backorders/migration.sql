-- DropIndex
DROP INDEX "backorders_state_created_at_idx";

-- AlterTable
ALTER TABLE "channels" ALTER COLUMN "backorder_policy" DROP NOT NULL,
ALTER COLUMN "backorder_policy" DROP DEFAULT;

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "priority_class" TEXT NOT NULL DEFAULT 'normal',
ADD COLUMN     "priority_score" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rule_set_version" INTEGER,
ADD COLUMN     "ship_by" TIMESTAMP(3),
ADD COLUMN     "tags" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "backorders" ADD COLUMN     "partial" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "priority_score" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "order_holds" (
    "id" TEXT NOT NULL,
    "order_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "note" TEXT,
    "placed_by" TEXT NOT NULL,
    "placed_at" TIMESTAMP(3) NOT NULL,
    "released_at" TIMESTAMP(3),
    "released_by" TEXT,
    "escalated_at" TIMESTAMP(3),

    CONSTRAINT "order_holds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rule_sets" (
    "version" SERIAL NOT NULL,
    "rules" JSONB NOT NULL,
    "comment" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rule_sets_pkey" PRIMARY KEY ("version")
);

-- CreateIndex
CREATE INDEX "order_holds_order_id_idx" ON "order_holds"("order_id");

-- CreateIndex
CREATE INDEX "order_holds_reason_released_at_idx" ON "order_holds"("reason", "released_at");

-- CreateIndex
CREATE INDEX "backorders_state_priority_score_created_at_idx" ON "backorders"("state", "priority_score", "created_at");

-- AddForeignKey
ALTER TABLE "order_holds" ADD CONSTRAINT "order_holds_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written: what Prisma's schema cannot say.
ALTER TABLE "channels" DROP CONSTRAINT "channel_backorder_policy_known";
ALTER TABLE "channels" ADD CONSTRAINT "channel_backorder_policy_known" CHECK ("backorder_policy" IS NULL OR "backorder_policy" IN ('backorder', 'reserve_available', 'cancel'));
ALTER TABLE "orders" ADD CONSTRAINT "order_priority_class_known" CHECK ("priority_class" IN ('urgent', 'high', 'normal', 'low'));
ALTER TABLE "order_holds" ADD CONSTRAINT "order_hold_reason_known" CHECK ("reason" IN ('payment', 'fraud_review', 'address', 'manual', 'inventory', 'integration'));
ALTER TABLE "order_holds" ADD CONSTRAINT "order_hold_release_complete" CHECK (("released_at" IS NULL) = ("released_by" IS NULL));
-- At most one open hold per reason and order (released holds stay as history).
CREATE UNIQUE INDEX "order_holds_one_open_per_reason" ON "order_holds"("order_id", "reason") WHERE "released_at" IS NULL;
CREATE INDEX "orders_ready_queue_idx" ON "orders"("status", "priority_score" DESC, "ship_by");
