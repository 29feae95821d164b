-- AlterTable
ALTER TABLE "order_lines" ADD COLUMN     "allocated" INTEGER NOT NULL DEFAULT 0;

-- Hand-written: no order line may ever hold more than it ordered, whatever the code does.
-- "allocated" is what the line's reservations hold or have shipped (every state but released).
-- the trigger below keeps it, so the CHECK judges every reservation change. It also makes
-- two transactions that reserve for the same line queue on the line's row.
UPDATE "order_lines" l SET "allocated" = s.units
FROM (SELECT "order_line_id", SUM("quantity")::int AS units FROM "reservations" WHERE "state" <> 'released' GROUP BY "order_line_id") s
WHERE s."order_line_id" = l."id";

-- Fails (and so does this migration) on a database where the race this closes already left a line
-- over-reserved: find them with SELECT id, quantity, allocated FROM order_lines WHERE allocated > quantity,
-- release the surplus (and its stock_levels.reserved, with a ledger row), then migrate again.
ALTER TABLE "order_lines" ADD CONSTRAINT "order_line_within_quantity" CHECK ("allocated" >= 0 AND "allocated" <= "quantity");

-- The body is an E'' string with \073 for each semicolon: Prisma's pg adapter splits migration
-- scripts at every semicolon, dollar quotes included,, which would cut a plpgsql body apart.
-- The old row's units leave first, so moving units between states never counts them twice.
CREATE FUNCTION "order_line_allocated"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP IN (\'UPDATE\', \'DELETE\') AND OLD."state" <> \'released\' THEN
    UPDATE "order_lines" SET "allocated" = "allocated" - OLD."quantity" WHERE "id" = OLD."order_line_id"\073
  END IF\073
  IF TG_OP IN (\'INSERT\', \'UPDATE\') AND NEW."state" <> \'released\' THEN
    UPDATE "order_lines" SET "allocated" = "allocated" + NEW."quantity" WHERE "id" = NEW."order_line_id"\073
  END IF\073
  RETURN NULL\073
END';

CREATE TRIGGER "reservations_keep_line_allocated"
AFTER INSERT OR DELETE OR UPDATE OF "quantity", "state", "order_line_id" ON "reservations"
FOR EACH ROW EXECUTE FUNCTION "order_line_allocated"();
