-- Issue 18: returns and exchanges (docs/returns.md).

-- AlterTable: each channel's return policy (src/domain/returns/policy.ts).
ALTER TABLE "channels" ADD COLUMN "return_window_days" INTEGER NOT NULL DEFAULT 30,
ADD COLUMN "return_shipping" TEXT NOT NULL DEFAULT 'with_last_unit',
ADD COLUMN "exchange_ships_at" TEXT NOT NULL DEFAULT 'on_receipt';

-- AlterTable
ALTER TABLE "order_lines" ADD COLUMN "returned" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "returns" (
    "id" TEXT NOT NULL,
    "order_id" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "note" TEXT,
    "currency" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "carrier" TEXT,
    "tracking_number" TEXT,
    "label_id" TEXT,
    "location_id" TEXT,
    "refund_minor" INTEGER NOT NULL DEFAULT 0,
    "shipping_refunded" BOOLEAN NOT NULL DEFAULT false,
    "exchange_order_id" TEXT,
    "attention_reason" TEXT,
    "expires_at" TIMESTAMP(3),
    "received_at" TIMESTAMP(3),
    "refunded_at" TIMESTAMP(3),
    "closed_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "returns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "return_lines" (
    "id" TEXT NOT NULL,
    "return_id" TEXT NOT NULL,
    "order_line_id" TEXT NOT NULL,
    "line_no" INTEGER NOT NULL,
    "sku" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "reason" TEXT,
    "received_resellable" INTEGER NOT NULL DEFAULT 0,
    "received_damaged" INTEGER NOT NULL DEFAULT 0,
    "refund_minor" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "return_lines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "return_replacements" (
    "id" TEXT NOT NULL,
    "return_id" TEXT NOT NULL,
    "line_no" INTEGER NOT NULL,
    "sku" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "location_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "return_replacements_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "returns_tracking_number_key" ON "returns"("tracking_number");
CREATE INDEX "returns_order_id_idx" ON "returns"("order_id");
CREATE INDEX "returns_status_created_at_id_idx" ON "returns"("status", "created_at", "id");
CREATE INDEX "returns_created_at_id_idx" ON "returns"("created_at", "id");
CREATE INDEX "returns_channel_id_created_at_idx" ON "returns"("channel_id", "created_at");
CREATE UNIQUE INDEX "return_lines_return_id_line_no_key" ON "return_lines"("return_id", "line_no");
CREATE INDEX "return_lines_order_line_id_idx" ON "return_lines"("order_line_id");
CREATE UNIQUE INDEX "return_replacements_return_id_line_no_key" ON "return_replacements"("return_id", "line_no");

-- AddForeignKey
ALTER TABLE "returns" ADD CONSTRAINT "returns_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "returns" ADD CONSTRAINT "returns_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "return_lines" ADD CONSTRAINT "return_lines_return_id_fkey" FOREIGN KEY ("return_id") REFERENCES "returns"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "return_lines" ADD CONSTRAINT "return_lines_order_line_id_fkey" FOREIGN KEY ("order_line_id") REFERENCES "order_lines"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "return_replacements" ADD CONSTRAINT "return_replacements_return_id_fkey" FOREIGN KEY ("return_id") REFERENCES "returns"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: the values the code knows, and no line returned beyond what it ordered.
ALTER TABLE "channels" ADD CONSTRAINT "channel_return_policy_known" CHECK ("return_window_days" BETWEEN 0 AND 3650 AND "return_shipping" IN ('with_last_unit', 'never') AND "exchange_ships_at" IN ('on_receipt', 'at_once'));
ALTER TABLE "returns" ADD CONSTRAINT "return_status_known" CHECK ("status" IN ('requested', 'label_issued', 'in_transit', 'received', 'refunded', 'closed', 'expired', 'needs_attention'));
ALTER TABLE "returns" ADD CONSTRAINT "return_refund_non_negative" CHECK ("refund_minor" >= 0);
ALTER TABLE "return_lines" ADD CONSTRAINT "return_line_counts" CHECK ("quantity" > 0 AND "received_resellable" >= 0 AND "received_damaged" >= 0 AND "received_resellable" + "received_damaged" <= "quantity" AND "refund_minor" >= 0);
ALTER TABLE "return_replacements" ADD CONSTRAINT "return_replacement_quantity_positive" CHECK ("quantity" > 0);
ALTER TABLE "order_lines" ADD CONSTRAINT "order_line_returned_within_quantity" CHECK ("returned" >= 0 AND "returned" <= "quantity");

-- "returned" is what the line's returns hold: the units asked for until the parcel is received,
-- then the units that arrived, and an expired return holds none. The returns service checks this under a
-- lock on the order's row (src/api/returns), and the CHECK above is the backstop whatever the code does,
-- and the update makes two transactions returning units of one line queue on the line's row.
-- Bodies are E'' strings with \073 for each semicolon (Prisma's pg adapter splits scripts at every
-- semicolon: docs/inventory.md). Each trigger recounts the affected lines from scratch, so a status
-- change, a receipt or a deleted line can never be counted twice.
CREATE FUNCTION "order_line_returned_units"("line_ids" TEXT[]) RETURNS void LANGUAGE plpgsql AS E'
BEGIN
  UPDATE "order_lines" l SET "returned" = COALESCE((
    SELECT SUM(CASE WHEN r."received_at" IS NULL THEN rl."quantity" ELSE rl."received_resellable" + rl."received_damaged" END)::int
    FROM "return_lines" rl JOIN "returns" r ON r."id" = rl."return_id"
    WHERE rl."order_line_id" = l."id" AND r."status" <> \'expired\'), 0)
  WHERE l."id" = ANY("line_ids")\073
END';

CREATE FUNCTION "return_lines_keep_line_returned"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP IN (\'UPDATE\', \'DELETE\') THEN PERFORM "order_line_returned_units"(ARRAY[OLD."order_line_id"])\073 END IF\073
  IF TG_OP IN (\'INSERT\', \'UPDATE\') THEN PERFORM "order_line_returned_units"(ARRAY[NEW."order_line_id"])\073 END IF\073
  RETURN NULL\073
END';

CREATE FUNCTION "returns_keep_line_returned"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM "order_line_returned_units"(ARRAY(SELECT "order_line_id" FROM "return_lines" WHERE "return_id" = NEW."id"))\073
  RETURN NULL\073
END';

CREATE TRIGGER "return_lines_keep_line_returned"
AFTER INSERT OR DELETE OR UPDATE OF "quantity", "received_resellable", "received_damaged", "order_line_id" ON "return_lines"
FOR EACH ROW EXECUTE FUNCTION "return_lines_keep_line_returned"();

CREATE TRIGGER "returns_keep_line_returned"
AFTER UPDATE OF "status", "received_at" ON "returns"
FOR EACH ROW EXECUTE FUNCTION "returns_keep_line_returned"();
