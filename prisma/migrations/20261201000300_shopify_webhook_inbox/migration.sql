-- CreateTable
CREATE TABLE "channel_webhook_inbox" (
    "id" BIGSERIAL NOT NULL,
    "channel_id" TEXT NOT NULL,
    "webhook_id" TEXT NOT NULL,
    "event_id" TEXT,
    "topic" TEXT NOT NULL,
    "shop_domain" TEXT NOT NULL,
    "api_version" TEXT,
    "resource_id" TEXT,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'received',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "outcome" TEXT,
    "order_id" TEXT,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMP(3),

    CONSTRAINT "channel_webhook_inbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "channel_order_versions" (
    "channel_id" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "address_hash" TEXT,
    "content_hash" TEXT,
    "financial_status" TEXT,
    "cancelled" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "channel_order_versions_pkey" PRIMARY KEY ("channel_id","external_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "channel_webhook_inbox_channel_id_webhook_id_key" ON "channel_webhook_inbox"("channel_id", "webhook_id");
CREATE UNIQUE INDEX "channel_webhook_inbox_channel_id_topic_event_id_key" ON "channel_webhook_inbox"("channel_id", "topic", "event_id");
CREATE INDEX "channel_webhook_inbox_status_next_attempt_at_idx" ON "channel_webhook_inbox"("status", "next_attempt_at");
CREATE INDEX "channel_webhook_inbox_channel_id_resource_id_id_idx" ON "channel_webhook_inbox"("channel_id", "resource_id", "id");

-- Only the states the inbox code moves a delivery through.
ALTER TABLE "channel_webhook_inbox" ADD CONSTRAINT "channel_webhook_inbox_status_check" CHECK ("status" IN ('received', 'processed', 'ignored', 'failed'));
