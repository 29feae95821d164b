-- AlterTable
ALTER TABLE "channel_cursors" ADD COLUMN     "rate_limit_wait_ms" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "rate_limit_waits" INTEGER NOT NULL DEFAULT 0;
