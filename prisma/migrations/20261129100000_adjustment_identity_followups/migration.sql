-- AlterTable
ALTER TABLE "stock_ledger" ADD COLUMN     "adjustment_id" TEXT,
ADD COLUMN     "idempotency_key" TEXT,
ADD COLUMN     "idempotency_scope" TEXT,
ADD COLUMN     "request_hash" TEXT;

-- CreateTable
CREATE TABLE "stock_followups" (
    "id" BIGSERIAL NOT NULL,
    "skus" TEXT[],
    "serve_backorders" BOOLEAN NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3) NOT NULL,
    "last_error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stock_followups_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "stock_followups_next_attempt_at_idx" ON "stock_followups"("next_attempt_at");

-- CreateIndex
CREATE UNIQUE INDEX "stock_ledger_adjustment_id_key" ON "stock_ledger"("adjustment_id");

-- CreateIndex
CREATE UNIQUE INDEX "stock_ledger_idempotency_scope_idempotency_key_key" ON "stock_ledger"("idempotency_scope", "idempotency_key");


-- Hand-written: what Prisma's schema cannot say.
-- An Idempotency-Key identity is a (scope, key) pair, and any identity carries the request it named.
ALTER TABLE "stock_ledger" ADD CONSTRAINT "stock_ledger_idempotency_pair" CHECK (("idempotency_scope" IS NULL) = ("idempotency_key" IS NULL));
ALTER TABLE "stock_ledger" ADD CONSTRAINT "stock_ledger_identity_has_hash" CHECK (("adjustment_id" IS NULL AND "idempotency_key" IS NULL) OR "request_hash" IS NOT NULL);
ALTER TABLE "stock_followups" ADD CONSTRAINT "stock_followup_has_skus" CHECK (cardinality("skus") > 0);
