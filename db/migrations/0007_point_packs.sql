CREATE TABLE "point_labels" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "point_labels_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"label" text NOT NULL,
	CONSTRAINT "point_labels_label_unique" UNIQUE("label")
);
--> statement-breakpoint
CREATE TABLE "price_packs" (
	"scrape_run_id" bigint PRIMARY KEY NOT NULL,
	"source_id" text NOT NULL,
	"network_slug" text NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"gpu_model_ids" integer[] NOT NULL,
	"statistics" smallint[] NOT NULL,
	"usd_per_gpu_hour" double precision[] NOT NULL,
	"listings" integer[] NOT NULL,
	"token_symbols" text[],
	"token_usd_rates" double precision[],
	"token_rate_ats" timestamp with time zone[]
);
--> statement-breakpoint
CREATE TABLE "supply_packs" (
	"scrape_run_id" bigint PRIMARY KEY NOT NULL,
	"source_id" text NOT NULL,
	"network_slug" text NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"gpu_model_ids" integer[] NOT NULL,
	"statuses" smallint[] NOT NULL,
	"units" smallint[] NOT NULL,
	"quantities" double precision[] NOT NULL
);
--> statement-breakpoint
ALTER TABLE "price_packs" ADD CONSTRAINT "price_packs_scrape_run_id_scrape_runs_id_fk" FOREIGN KEY ("scrape_run_id") REFERENCES "public"."scrape_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supply_packs" ADD CONSTRAINT "supply_packs_scrape_run_id_scrape_runs_id_fk" FOREIGN KEY ("scrape_run_id") REFERENCES "public"."scrape_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Existing points move into packs, one row per run, in the order they were written (their id).
-- Codes are 1-based positions in lib/vocabulary.ts's SUPPLY_STATUSES, SUPPLY_UNITS and
-- PRICE_STATISTICS; the views of 0008 turn them back into the same words.
INSERT INTO "point_labels" ("label")
SELECT "gpu_model" FROM "supply_points" UNION SELECT "gpu_model" FROM "price_points" ORDER BY 1
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "supply_packs" ("scrape_run_id", "source_id", "network_slug", "observed_at", "gpu_model_ids", "statuses", "units", "quantities")
SELECT p."scrape_run_id", min(p."source_id"), min(p."network_slug"), min(p."observed_at"),
	array_agg(l."id" ORDER BY p."id"),
	array_agg(array_position(ARRAY['claimed', 'free', 'rentable'], p."status")::smallint ORDER BY p."id"),
	array_agg(array_position(ARRAY['gpus', 'nodes'], p."unit")::smallint ORDER BY p."id"),
	array_agg(p."quantity" ORDER BY p."id")
FROM "supply_points" p JOIN "point_labels" l ON l."label" = p."gpu_model"
GROUP BY p."scrape_run_id"
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "price_packs" ("scrape_run_id", "source_id", "network_slug", "observed_at", "gpu_model_ids", "statistics", "usd_per_gpu_hour", "listings", "token_symbols", "token_usd_rates", "token_rate_ats")
SELECT p."scrape_run_id", min(p."source_id"), min(p."network_slug"), min(p."observed_at"),
	array_agg(l."id" ORDER BY p."id"),
	array_agg(array_position(ARRAY['min', 'p25', 'median'], p."statistic")::smallint ORDER BY p."id"),
	array_agg(p."usd_per_gpu_hour" ORDER BY p."id"),
	array_agg(p."listings" ORDER BY p."id"),
	CASE WHEN bool_or(p."token_symbol" IS NOT NULL OR p."token_usd_rate" IS NOT NULL OR p."token_rate_at" IS NOT NULL) THEN array_agg(p."token_symbol" ORDER BY p."id") END,
	CASE WHEN bool_or(p."token_symbol" IS NOT NULL OR p."token_usd_rate" IS NOT NULL OR p."token_rate_at" IS NOT NULL) THEN array_agg(p."token_usd_rate" ORDER BY p."id") END,
	CASE WHEN bool_or(p."token_symbol" IS NOT NULL OR p."token_usd_rate" IS NOT NULL OR p."token_rate_at" IS NOT NULL) THEN array_agg(p."token_rate_at" ORDER BY p."id") END
FROM "price_points" p JOIN "point_labels" l ON l."label" = p."gpu_model"
GROUP BY p."scrape_run_id"
ON CONFLICT DO NOTHING;
