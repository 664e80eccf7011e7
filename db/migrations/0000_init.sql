CREATE TABLE "claims" (
	"id" text PRIMARY KEY NOT NULL,
	"network_slug" text NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"figure" double precision NOT NULL,
	"unit" text NOT NULL,
	"gpu_model" text,
	"counts" text NOT NULL,
	"source_name" text NOT NULL,
	"source_url" text NOT NULL,
	"seen_at" text NOT NULL,
	"loaded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "networks" (
	"slug" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"website" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "price_points" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"scrape_run_id" bigint NOT NULL,
	"source_id" text NOT NULL,
	"network_slug" text NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"gpu_model" text NOT NULL,
	"statistic" text NOT NULL,
	"usd_per_gpu_hour" double precision NOT NULL,
	"listings" integer,
	"token_symbol" text,
	"token_usd_rate" double precision,
	"token_rate_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "raw_snapshots" (
	"sha256" text PRIMARY KEY NOT NULL,
	"encoding" text NOT NULL,
	"content_type" text,
	"size_bytes" integer NOT NULL,
	"stored_bytes" "bytea" NOT NULL,
	"first_fetched_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scrape_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source_id" text NOT NULL,
	"network_slug" text,
	"observed_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL,
	"request_url" text NOT NULL,
	"http_status" integer,
	"outcome" text NOT NULL,
	"error" text,
	"adapter_version" integer NOT NULL,
	"evidence_grade" text NOT NULL,
	"snapshot_sha256" text,
	"points_written" integer DEFAULT 0 NOT NULL,
	"figures_sha256" text,
	"points_from_run_id" bigint,
	"origin" text DEFAULT 'live' NOT NULL,
	"recorded_payload_date" text
);
--> statement-breakpoint
CREATE TABLE "series_rollups" (
	"resolution" text NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"source_id" text NOT NULL,
	"network_slug" text NOT NULL,
	"gpu_model" text NOT NULL,
	"metric" text NOT NULL,
	"unit" text NOT NULL,
	"samples" integer NOT NULL,
	"sum" double precision NOT NULL,
	"min" double precision NOT NULL,
	"max" double precision NOT NULL,
	"last" double precision NOT NULL,
	"last_observed_at" timestamp with time zone NOT NULL,
	"last_run_id" bigint NOT NULL,
	CONSTRAINT "series_rollups_resolution_bucket_start_source_id_gpu_model_metric_unit_pk" PRIMARY KEY("resolution","bucket_start","source_id","gpu_model","metric","unit")
);
--> statement-breakpoint
CREATE TABLE "source_leases" (
	"source_id" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sources" (
	"id" text PRIMARY KEY NOT NULL,
	"network_slug" text,
	"name" text NOT NULL,
	"endpoint" text NOT NULL,
	"evidence_grade" text NOT NULL,
	"adapter_version" integer NOT NULL,
	"description" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supply_points" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"scrape_run_id" bigint NOT NULL,
	"source_id" text NOT NULL,
	"network_slug" text NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"gpu_model" text NOT NULL,
	"status" text NOT NULL,
	"unit" text NOT NULL,
	"quantity" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "token_prices" (
	"scrape_run_id" bigint NOT NULL,
	"source_id" text NOT NULL,
	"symbol" text NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"usd" double precision NOT NULL,
	CONSTRAINT "token_prices_symbol_observed_at_source_id_pk" PRIMARY KEY("symbol","observed_at","source_id")
);
--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_network_slug_networks_slug_fk" FOREIGN KEY ("network_slug") REFERENCES "public"."networks"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_points" ADD CONSTRAINT "price_points_scrape_run_id_scrape_runs_id_fk" FOREIGN KEY ("scrape_run_id") REFERENCES "public"."scrape_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scrape_runs" ADD CONSTRAINT "scrape_runs_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scrape_runs" ADD CONSTRAINT "scrape_runs_snapshot_sha256_raw_snapshots_sha256_fk" FOREIGN KEY ("snapshot_sha256") REFERENCES "public"."raw_snapshots"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sources" ADD CONSTRAINT "sources_network_slug_networks_slug_fk" FOREIGN KEY ("network_slug") REFERENCES "public"."networks"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_points" ADD CONSTRAINT "supply_points_scrape_run_id_scrape_runs_id_fk" FOREIGN KEY ("scrape_run_id") REFERENCES "public"."scrape_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "token_prices" ADD CONSTRAINT "token_prices_scrape_run_id_scrape_runs_id_fk" FOREIGN KEY ("scrape_run_id") REFERENCES "public"."scrape_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "price_points_uq" ON "price_points" USING btree ("source_id","observed_at","gpu_model","statistic");--> statement-breakpoint
CREATE INDEX "price_points_run_idx" ON "price_points" USING btree ("scrape_run_id");--> statement-breakpoint
CREATE UNIQUE INDEX "scrape_runs_source_observed_uq" ON "scrape_runs" USING btree ("source_id","observed_at");--> statement-breakpoint
CREATE INDEX "scrape_runs_source_started_idx" ON "scrape_runs" USING btree ("source_id","started_at");--> statement-breakpoint
CREATE INDEX "series_rollups_network_idx" ON "series_rollups" USING btree ("network_slug","metric","resolution","bucket_start");--> statement-breakpoint
CREATE UNIQUE INDEX "supply_points_uq" ON "supply_points" USING btree ("source_id","observed_at","gpu_model","status","unit");--> statement-breakpoint
CREATE INDEX "supply_points_run_idx" ON "supply_points" USING btree ("scrape_run_id");