-- CreateTable
CREATE TABLE "channel_buffers" (
    "channel_id" TEXT NOT NULL,
    "safety_stock" INTEGER NOT NULL DEFAULT 0,
    "percent" INTEGER NOT NULL DEFAULT 100,
    "max_listed" INTEGER,
    "location_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "channel_buffers_pkey" PRIMARY KEY ("channel_id")
);

-- AddForeignKey
ALTER TABLE "channel_buffers" ADD CONSTRAINT "channel_buffers_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


ALTER TABLE "channel_buffers" ADD CONSTRAINT "channel_buffer_ranges" CHECK ("safety_stock" >= 0 AND "percent" BETWEEN 0 AND 100 AND ("max_listed" IS NULL OR "max_listed" >= 0));

-- Orders every push of sellable quantities: a channel refuses a figure older than one it has.
CREATE SEQUENCE "sellable_push_seq";
