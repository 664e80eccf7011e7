ALTER TABLE "raw_snapshots" ADD COLUMN "source_id" text;--> statement-breakpoint
ALTER TABLE "raw_snapshots" ADD COLUMN "request_seq" integer;--> statement-breakpoint
ALTER TABLE "raw_snapshots" ADD COLUMN "base_sha256" text;--> statement-breakpoint
ALTER TABLE "raw_snapshots" ADD COLUMN "chain_depth" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "raw_snapshots" ADD CONSTRAINT "raw_snapshots_base_sha256_raw_snapshots_sha256_fk" FOREIGN KEY ("base_sha256") REFERENCES "public"."raw_snapshots"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "raw_snapshots_stream_idx" ON "raw_snapshots" USING btree ("source_id","request_seq","first_fetched_at");--> statement-breakpoint
-- Each stored snapshot's stream is the first request that fetched it (earliest run, then position).
-- The bodies themselves are re-encoded to zstd chains by migrateSnapshotStorage (db/snapshot-store.ts),
-- which openDatabase runs right after these statements: SQL cannot compress with zstd.
UPDATE "raw_snapshots" AS s SET "source_id" = f."source_id", "request_seq" = f."seq"
FROM (
	SELECT DISTINCT ON (rs."snapshot_sha256") rs."snapshot_sha256" AS sha256, r."source_id", rs."seq"
	FROM "run_snapshots" rs JOIN "scrape_runs" r ON r."id" = rs."scrape_run_id"
	WHERE rs."snapshot_sha256" IS NOT NULL
	ORDER BY rs."snapshot_sha256", rs."scrape_run_id", rs."seq"
) AS f
WHERE s."sha256" = f.sha256;
