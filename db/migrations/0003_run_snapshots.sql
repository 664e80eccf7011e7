CREATE TABLE "run_snapshots" (
	"scrape_run_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"snapshot_sha256" text,
	"request_url" text NOT NULL,
	"http_status" integer,
	CONSTRAINT "run_snapshots_scrape_run_id_seq_pk" PRIMARY KEY("scrape_run_id","seq")
);
--> statement-breakpoint
ALTER TABLE "run_snapshots" ADD CONSTRAINT "run_snapshots_scrape_run_id_scrape_runs_id_fk" FOREIGN KEY ("scrape_run_id") REFERENCES "public"."scrape_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "run_snapshots" ADD CONSTRAINT "run_snapshots_snapshot_sha256_raw_snapshots_sha256_fk" FOREIGN KEY ("snapshot_sha256") REFERENCES "public"."raw_snapshots"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Runs stored before this table had one request each: its row is the run's own request.
INSERT INTO "run_snapshots" ("scrape_run_id", "seq", "snapshot_sha256", "request_url", "http_status") SELECT "id", 0, "snapshot_sha256", "request_url", "http_status" FROM "scrape_runs";
