-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "fulfillment_mode" TEXT NOT NULL DEFAULT 'ship',
ADD COLUMN     "pickup_location_id" TEXT;

-- CreateTable
CREATE TABLE "channel_deliveries" (
    "id" BIGSERIAL NOT NULL,
    "channel_id" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "order_id" TEXT,
    "payload" JSONB NOT NULL,
    "unknown_fields" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created" BOOLEAN NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "channel_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_records" (
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "status_code" INTEGER,
    "response" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMP(3),

    CONSTRAINT "idempotency_records_pkey" PRIMARY KEY ("scope","key")
);

-- CreateIndex
CREATE INDEX "channel_deliveries_channel_id_external_id_idx" ON "channel_deliveries"("channel_id", "external_id");

-- CreateIndex
CREATE INDEX "channel_deliveries_order_id_idx" ON "channel_deliveries"("order_id");

-- CreateIndex
CREATE INDEX "idempotency_records_created_at_idx" ON "idempotency_records"("created_at");


-- Hand-written: what Prisma's schema cannot say.
ALTER TABLE "orders" ADD CONSTRAINT "order_fulfillment_mode_known" CHECK ("fulfillment_mode" IN ('ship', 'pickup'));
