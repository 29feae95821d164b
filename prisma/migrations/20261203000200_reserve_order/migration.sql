-- Hand-written (issue 17 goal 3): an order's reservation applied in one call, so the stock rows stay
-- locked for the length of this function instead of a dozen round trips from the hub. The hub
-- plans without locks from one snapshot (src/activities/reserveInOneCall.ts) and passes:
--   held:   units per order line the plan assumed the order already holds (not released),
--   usable: the locations the order may take from,
--   floors: per SKU, the fewest free units over the usable locations that keep the plan valid
--           (claims of backorders ahead, plus what the channel buffer needs to allow the take),
--   takes:  [{lineId, sku, locationId, quantity}], the allocations to take.
-- Under the locks of all the order's SKUs (the order every stock move takes them in: SKU, location)
-- it checks all of these before it writes anything, so a plan the stock outran changes nothing and
-- answers {"replan": ...} and the hub plans again. Otherwise it takes the stock, writes one ledger row
-- per allocation, adds to the line's held reservation at that location (a released or committed row
-- is held anew with the new quantity, as the locking path does) and answers what the order holds.
-- The CHECK constraints on stock_levels and order_lines stay the last line of defence.
-- The body is an E'' string with \073 for each semicolon: Prisma's pg adapter splits migration
-- scripts at every semicolon, dollar quotes included.
CREATE FUNCTION "reserve_order"("p_order_id" TEXT, "p_plan" JSONB) RETURNS JSONB LANGUAGE plpgsql AS E'
BEGIN
  PERFORM 1 FROM "stock_levels"
  WHERE "sku" IN (SELECT "sku" FROM "order_lines" WHERE "order_id" = "p_order_id" AND "requires_shipping")
  ORDER BY "sku", "location_id" FOR UPDATE\073

  IF (SELECT COALESCE(jsonb_object_agg(h."order_line_id", h."units"), \'{}\'::jsonb) FROM (
        SELECT "order_line_id", SUM("quantity") AS "units" FROM "reservations"
        WHERE "order_id" = "p_order_id" AND "state" <> \'released\' GROUP BY "order_line_id") h) <> "p_plan"->\'held\' THEN
    RETURN \'{"replan": "held"}\'::jsonb\073
  END IF\073

  IF EXISTS (
    SELECT 1 FROM jsonb_each_text("p_plan"->\'floors\') AS f("sku", "units")
    WHERE (SELECT COALESCE(SUM(s."on_hand" - s."reserved"), 0) FROM "stock_levels" s
           WHERE s."sku" = f."sku" AND s."location_id" IN (SELECT jsonb_array_elements_text("p_plan"->\'usable\'))) < f."units"::int
  ) OR EXISTS (
    SELECT 1 FROM (
      SELECT t->>\'sku\' AS "sku", t->>\'locationId\' AS "location_id", SUM((t->>\'quantity\')::int) AS "units"
      FROM jsonb_array_elements("p_plan"->\'takes\') t GROUP BY 1, 2) t
    LEFT JOIN "stock_levels" s ON s."sku" = t."sku" AND s."location_id" = t."location_id"
    WHERE s."sku" IS NULL OR s."on_hand" - s."reserved" < t."units"
  ) THEN
    RETURN \'{"replan": "stock"}\'::jsonb\073
  END IF\073

  UPDATE "stock_levels" s SET "reserved" = s."reserved" + t."units", "updated_at" = now()
  FROM (
    SELECT t->>\'sku\' AS "sku", t->>\'locationId\' AS "location_id", SUM((t->>\'quantity\')::int) AS "units"
    FROM jsonb_array_elements("p_plan"->\'takes\') t GROUP BY 1, 2) t
  WHERE s."sku" = t."sku" AND s."location_id" = t."location_id"\073

  INSERT INTO "stock_ledger" ("sku", "location_id", "on_hand_delta", "reserved_delta", "reason", "order_id")
  SELECT t->>\'sku\', t->>\'locationId\', 0, (t->>\'quantity\')::int, \'reservation\', "p_order_id"
  FROM jsonb_array_elements("p_plan"->\'takes\') t\073

  INSERT INTO "reservations" ("id", "order_id", "order_line_id", "sku", "location_id", "quantity", "state", "updated_at")
  SELECT gen_random_uuid()::text, "p_order_id", t->>\'lineId\', t->>\'sku\', t->>\'locationId\', SUM((t->>\'quantity\')::int), \'held\', now()
  FROM jsonb_array_elements("p_plan"->\'takes\') t GROUP BY t->>\'lineId\', t->>\'sku\', t->>\'locationId\'
  ON CONFLICT ("order_line_id", "location_id") DO UPDATE SET
    "quantity" = CASE WHEN "reservations"."state" = \'held\' THEN "reservations"."quantity" + EXCLUDED."quantity" ELSE EXCLUDED."quantity" END,
    "state" = \'held\', "updated_at" = now()\073

  RETURN jsonb_build_object(\'allocations\', (
    SELECT COALESCE(jsonb_agg(jsonb_build_object(\'lineNo\', l."line_no", \'sku\', r."sku", \'locationId\', r."location_id", \'quantity\', r."quantity")
                              ORDER BY r."created_at", r."id"), \'[]\'::jsonb)
    FROM "reservations" r JOIN "order_lines" l ON l."id" = r."order_line_id"
    WHERE r."order_id" = "p_order_id" AND r."state" <> \'released\'))\073
END';
