-- Issue 13: authorized payments captured by the hub through the payment gateway.
ALTER TABLE "channels" ADD COLUMN "capture_policy" TEXT NOT NULL DEFAULT 'on_order';
ALTER TABLE "channels" ADD CONSTRAINT "channels_capture_policy_check" CHECK ("capture_policy" IN ('on_order', 'on_shipment'));

ALTER TABLE "orders" ADD COLUMN "capture_policy" TEXT;

CREATE TABLE "payment_transactions" (
    "id" TEXT NOT NULL,
    "order_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "amount_minor" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "gateway" TEXT,
    "reference" TEXT,
    "shipment_id" TEXT,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "payment_transactions_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "payment_transactions_order_id_at_idx" ON "payment_transactions"("order_id", "at");

ALTER TABLE "payment_transactions" ADD CONSTRAINT "payment_transactions_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
