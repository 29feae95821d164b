-- Issue 18: the return workflow (docs/returns.md "The process").

-- The returns row is its own outbox entry: null until the workflow return:<id> was started. The API
-- starts it right after the commit, and a sweeper starts any row a crash left behind.
-- (No semicolon inside comments: Prisma's pg adapter splits scripts at every one, docs/inventory.md.)
ALTER TABLE "returns" ADD COLUMN "workflow_started_at" TIMESTAMP(3);

-- The sweeper's query: few rows, only those still waiting for their start.
CREATE INDEX "returns_workflow_pending_idx" ON "returns"("created_at") WHERE "workflow_started_at" IS NULL;
