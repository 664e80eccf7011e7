CREATE TABLE "gpu_models" (
	"id" text PRIMARY KEY NOT NULL,
	"first_observed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
-- Models already named by stored points, so existing databases answer the same as new ones.
INSERT INTO "gpu_models" ("id", "first_observed_at")
SELECT "gpu_model", min("observed_at") FROM (
	SELECT "gpu_model", "observed_at" FROM "supply_points"
	UNION ALL
	SELECT "gpu_model", "observed_at" FROM "price_points"
) AS "named" GROUP BY "gpu_model"
ON CONFLICT DO NOTHING;
