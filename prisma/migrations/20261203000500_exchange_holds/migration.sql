-- Issue 18: exchanges (docs/returns.md "Exchanges").

-- AlterTable: where an exchange's replacement stock stands (src/domain/returns/exchange.ts).
ALTER TABLE "return_replacements" ADD COLUMN "state" TEXT NOT NULL DEFAULT 'unreserved';

-- Hand-written: the values the code knows, and a held replacement names where its units are reserved.
ALTER TABLE "return_replacements" ADD CONSTRAINT "return_replacement_state_known" CHECK ("state" IN ('held', 'unreserved', 'ordered', 'released') AND ("state" <> 'held' OR "location_id" IS NOT NULL));
