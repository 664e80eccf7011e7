CREATE TABLE "unknown_gpu_names" (
	"network_slug" text NOT NULL,
	"source_id" text NOT NULL,
	"gpu_model" text NOT NULL,
	"points" bigint NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "unknown_gpu_names_network_slug_source_id_gpu_model_pk" PRIMARY KEY("network_slug","source_id","gpu_model")
);
--> statement-breakpoint
CREATE INDEX "scrape_runs_current_idx" ON "scrape_runs" USING btree ("source_id","observed_at") WHERE "scrape_runs"."outcome" = 'ok' and "scrape_runs"."network_slug" is not null and "scrape_runs"."origin" in ('live', 'replay');--> statement-breakpoint
-- The unknown GPU names of the points a statement writes, added to their rows (an ingest writes
-- a run's supply and price packs in one statement each; one run names few unknown models).
CREATE FUNCTION "rentable_unknown_gpu_names_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "unknown_gpu_names" AS n ("network_slug", "source_id", "gpu_model", "points", "first_seen_at", "last_seen_at")
		SELECT p."network_slug", p."source_id", l."label", count(*), min(p."observed_at"), max(p."observed_at")
		FROM "added" p CROSS JOIN LATERAL unnest(p."gpu_model_ids") AS g("id") JOIN "point_labels" l ON l."id" = g."id"
		WHERE l."label" LIKE 'unknown:%'
		GROUP BY p."network_slug", p."source_id", l."label"
	ON CONFLICT ("network_slug", "source_id", "gpu_model") DO UPDATE SET
		"points" = n."points" + excluded."points",
		"first_seen_at" = least(n."first_seen_at", excluded."first_seen_at"),
		"last_seen_at" = greatest(n."last_seen_at", excluded."last_seen_at");
	RETURN NULL;
END $$;
--> statement-breakpoint
-- Deleted points come off the count, and a name no point names any more goes. The first and
-- last sightings stay as they were: a rebuild (the only deleter) writes the run again in the
-- same transaction and then recomputes its sources' rows (db/unknown-gpu-names.ts).
CREATE FUNCTION "rentable_unknown_gpu_names_remove"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE "unknown_gpu_names" n SET "points" = n."points" - g."points"
	FROM (
		SELECT p."network_slug", p."source_id", l."label", count(*) AS "points"
		FROM "gone" p CROSS JOIN LATERAL unnest(p."gpu_model_ids") AS u("id") JOIN "point_labels" l ON l."id" = u."id"
		WHERE l."label" LIKE 'unknown:%'
		GROUP BY p."network_slug", p."source_id", l."label"
	) g
	WHERE n."network_slug" = g."network_slug" AND n."source_id" = g."source_id" AND n."gpu_model" = g."label";
	DELETE FROM "unknown_gpu_names" WHERE "points" <= 0;
	RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE
	packs text;
BEGIN
	FOREACH packs IN ARRAY ARRAY['supply_packs', 'price_packs'] LOOP
		EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS "added" FOR EACH STATEMENT EXECUTE FUNCTION "rentable_unknown_gpu_names_add"()', packs || '_unknown_names_insert', packs);
		EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS "gone" FOR EACH STATEMENT EXECUTE FUNCTION "rentable_unknown_gpu_names_remove"()', packs || '_unknown_names_delete', packs);
	END LOOP;
END $$;
--> statement-breakpoint
-- What is stored already, once: the scan /status used to make on every request.
INSERT INTO "unknown_gpu_names" ("network_slug", "source_id", "gpu_model", "points", "first_seen_at", "last_seen_at")
	SELECT "network_slug", "source_id", "gpu_model", count(*), min("observed_at"), max("observed_at")
	FROM (
		SELECT "network_slug", "source_id", "gpu_model", "observed_at" FROM "supply_points" WHERE "gpu_model" LIKE 'unknown:%'
		UNION ALL
		SELECT "network_slug", "source_id", "gpu_model", "observed_at" FROM "price_points" WHERE "gpu_model" LIKE 'unknown:%'
	) u
	GROUP BY "network_slug", "source_id", "gpu_model";
