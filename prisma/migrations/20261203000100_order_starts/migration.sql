-- CreateTable
CREATE TABLE "order_starts" (
    "order_id" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "priority_key" INTEGER NOT NULL,
    "input" JSONB NOT NULL,
    "options" JSONB NOT NULL,
    "task_queue" TEXT NOT NULL,
    "trace_context" JSONB,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "order_starts_pkey" PRIMARY KEY ("order_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "order_starts_workflow_id_key" ON "order_starts"("workflow_id");

-- CreateIndex
CREATE INDEX "order_starts_priority_key_created_at_idx" ON "order_starts"("priority_key", "created_at");

-- AddForeignKey
ALTER TABLE "order_starts" ADD CONSTRAINT "order_starts_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;
