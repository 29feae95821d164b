-- AlterTable
ALTER TABLE "customers" ADD COLUMN "origin_channel" TEXT;

-- Existing customers belong to the channel of their first order. One without orders stays NULL
-- and is claimed by the channel of its next order. (No semicolons in these comments: the
-- migration runner splits statements on them.)
UPDATE "customers" AS c
SET "origin_channel" = (
  SELECT o."channel_id" FROM "orders" AS o WHERE o."customer_id" = c."id" ORDER BY o."placed_at", o."created_at" LIMIT 1
);
