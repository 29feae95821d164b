-- Hand-written (issue 17, docs/history-growth.md): what /metrics reported by scanning every order,
-- kept as it changes. Both tables take one small row per change (+1 for the new value, -1 for
-- the old), never an update of a shared counter row: order transactions never queue on each other
-- here, and cannot deadlock. The metrics computation sums them and folds them back into one row
-- per key (src/api/metrics/orderSummaries.ts), so they stay small.
CREATE TABLE "order_status_counts" (
    "id" BIGSERIAL NOT NULL,
    "channel_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "n" BIGINT NOT NULL,
    CONSTRAINT "order_status_counts_pkey" PRIMARY KEY ("id")
);

-- Shipped orders by time-to-ship bucket ("le": the upper bound of the bucket in seconds, Infinity past
-- the last), with the sum of their seconds for _sum of the histogram.
CREATE TABLE "order_ship_times" (
    "id" BIGSERIAL NOT NULL,
    "le" DOUBLE PRECISION NOT NULL,
    "n" BIGINT NOT NULL,
    "seconds" DOUBLE PRECISION NOT NULL,
    CONSTRAINT "order_ship_times_pkey" PRIMARY KEY ("id")
);

-- The bounds are TIME_TO_SHIP_BUCKETS of src/api/metrics/dbMetrics.ts: change both together
-- (test/api/orderSummaries.test.ts compares the kept histogram with one computed from the orders).
CREATE FUNCTION "time_to_ship_le"("seconds" DOUBLE PRECISION) RETURNS DOUBLE PRECISION LANGUAGE sql IMMUTABLE AS E'
  SELECT coalesce((SELECT min(b) FROM unnest(ARRAY[60, 300, 900, 1800, 3600, 7200, 14400, 28800, 43200, 86400, 172800, 259200, 432000, 604800]::float8[]) AS b WHERE "seconds" <= b), \'Infinity\'::float8)';

-- Each body is an E-string with \073 for every semicolon: the pg adapter of Prisma splits migration
-- scripts at every semicolon (see 20261129100100_order_line_allocated).
-- Inserts: per statement, from its transition table, so a bulk insert adds one row per key.
CREATE FUNCTION "order_summaries_inserted"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "order_status_counts" ("channel_id", "status", "n") SELECT "channel_id", "status", count(*) FROM "new_orders" GROUP BY 1, 2\073
  INSERT INTO "order_ship_times" ("le", "n", "seconds")
    SELECT "time_to_ship_le"(s), count(*), sum(s) FROM (SELECT extract(epoch FROM ("shipped_at" - "created_at"))::float8 AS s FROM "new_orders" WHERE "shipped_at" IS NOT NULL) AS t GROUP BY 1\073
  RETURN NULL\073
END';

-- Updates and deletes: per row, and (by the WHEN of the triggers) only when a summarised column changed.
CREATE FUNCTION "order_summaries_changed"() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
  s float8\073
BEGIN
  IF TG_OP = \'DELETE\' OR OLD."channel_id" IS DISTINCT FROM NEW."channel_id" OR OLD."status" IS DISTINCT FROM NEW."status" THEN
    INSERT INTO "order_status_counts" ("channel_id", "status", "n") VALUES (OLD."channel_id", OLD."status", -1)\073
  END IF\073
  IF OLD."shipped_at" IS NOT NULL AND (TG_OP = \'DELETE\' OR OLD."shipped_at" IS DISTINCT FROM NEW."shipped_at" OR OLD."created_at" IS DISTINCT FROM NEW."created_at") THEN
    s := extract(epoch FROM (OLD."shipped_at" - OLD."created_at"))::float8\073
    INSERT INTO "order_ship_times" ("le", "n", "seconds") VALUES ("time_to_ship_le"(s), -1, -s)\073
  END IF\073
  IF TG_OP = \'DELETE\' THEN
    RETURN NULL\073
  END IF\073
  IF OLD."channel_id" IS DISTINCT FROM NEW."channel_id" OR OLD."status" IS DISTINCT FROM NEW."status" THEN
    INSERT INTO "order_status_counts" ("channel_id", "status", "n") VALUES (NEW."channel_id", NEW."status", 1)\073
  END IF\073
  IF NEW."shipped_at" IS NOT NULL AND (OLD."shipped_at" IS DISTINCT FROM NEW."shipped_at" OR OLD."created_at" IS DISTINCT FROM NEW."created_at") THEN
    s := extract(epoch FROM (NEW."shipped_at" - NEW."created_at"))::float8\073
    INSERT INTO "order_ship_times" ("le", "n", "seconds") VALUES ("time_to_ship_le"(s), 1, s)\073
  END IF\073
  RETURN NULL\073
END';

CREATE FUNCTION "order_summaries_truncated"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  DELETE FROM "order_status_counts"\073
  DELETE FROM "order_ship_times"\073
  RETURN NULL\073
END';

-- The orders already there, counted once (a deploy migrates before the new hub starts writing).
INSERT INTO "order_status_counts" ("channel_id", "status", "n") SELECT "channel_id", "status", count(*) FROM "orders" GROUP BY 1, 2;
INSERT INTO "order_ship_times" ("le", "n", "seconds")
  SELECT "time_to_ship_le"(s), count(*), sum(s) FROM (SELECT extract(epoch FROM ("shipped_at" - "created_at"))::float8 AS s FROM "orders" WHERE "shipped_at" IS NOT NULL) AS t GROUP BY 1;

CREATE TRIGGER "orders_summaries_insert" AFTER INSERT ON "orders" REFERENCING NEW TABLE AS "new_orders" FOR EACH STATEMENT EXECUTE FUNCTION "order_summaries_inserted"();
CREATE TRIGGER "orders_summaries_update" AFTER UPDATE OF "channel_id", "status", "shipped_at", "created_at" ON "orders" FOR EACH ROW
  WHEN (OLD."channel_id" IS DISTINCT FROM NEW."channel_id" OR OLD."status" IS DISTINCT FROM NEW."status" OR OLD."shipped_at" IS DISTINCT FROM NEW."shipped_at" OR OLD."created_at" IS DISTINCT FROM NEW."created_at")
  EXECUTE FUNCTION "order_summaries_changed"();
CREATE TRIGGER "orders_summaries_delete" AFTER DELETE ON "orders" FOR EACH ROW EXECUTE FUNCTION "order_summaries_changed"();
CREATE TRIGGER "orders_summaries_truncate" AFTER TRUNCATE ON "orders" FOR EACH STATEMENT EXECUTE FUNCTION "order_summaries_truncated"();

-- The summary report sums partial cancels (lines_cancelled events) of the orders in its period:
-- without this it reads every event of every such order to find the few partial cancels.
CREATE INDEX "order_events_lines_cancelled_idx" ON "order_events"("order_id") WHERE "type" = 'lines_cancelled';
