-- AlterTable
ALTER TABLE "locations" ADD COLUMN     "serves_pickup" BOOLEAN NOT NULL DEFAULT false;

-- Hand-written: an existing database keeps the pickups it already runs. A location serves pickups
-- when a point-of-sale channel's buffer sells from it, or when a pickup order has named it.
-- Any other location is a warehouse: set serves_pickup by hand to open a counter there.
UPDATE "locations" SET "serves_pickup" = true
WHERE "id" IN (SELECT unnest(b."location_ids") FROM "channel_buffers" b JOIN "channels" c ON c."id" = b."channel_id" WHERE c."kind" = 'pos')
   OR "id" IN (SELECT "pickup_location_id" FROM "orders" WHERE "pickup_location_id" IS NOT NULL);
