CREATE TABLE "data_version" (
	"id" integer PRIMARY KEY NOT NULL,
	"epoch" text NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "series_latest" (
	"source_id" text NOT NULL,
	"network_slug" text NOT NULL,
	"gpu_model" text NOT NULL,
	"metric" text NOT NULL,
	"unit" text NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"last" double precision NOT NULL,
	"last_observed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "series_latest_source_id_gpu_model_metric_unit_pk" PRIMARY KEY("source_id","gpu_model","metric","unit")
);
--> statement-breakpoint
CREATE TABLE "source_totals" (
	"source_id" text PRIMARY KEY NOT NULL,
	"runs" bigint DEFAULT 0 NOT NULL,
	"points_written" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX "scrape_runs_source_outcome_observed_idx" ON "scrape_runs" USING btree ("source_id","outcome","observed_at");--> statement-breakpoint
-- Totals per source, kept in the transaction that stores or changes a run.
CREATE FUNCTION "rentable_source_totals"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		UPDATE "source_totals" SET "runs" = "runs" - 1, "points_written" = "points_written" - OLD."points_written"
		WHERE "source_id" = OLD."source_id";
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		INSERT INTO "source_totals" AS t ("source_id", "runs", "points_written") VALUES (NEW."source_id", 1, NEW."points_written")
		ON CONFLICT ("source_id") DO UPDATE SET "runs" = t."runs" + 1, "points_written" = t."points_written" + excluded."points_written";
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "source_totals_on_runs" AFTER INSERT OR DELETE OR UPDATE OF "points_written", "source_id" ON "scrape_runs"
	FOR EACH ROW EXECUTE FUNCTION "rentable_source_totals"();
--> statement-breakpoint
INSERT INTO "source_totals" ("source_id", "runs", "points_written")
	SELECT "source_id", count(*), coalesce(sum("points_written"), 0) FROM "scrape_runs" GROUP BY "source_id";
--> statement-breakpoint
-- The newest daily bucket of each series, kept per statement on series_rollups (an ingest
-- upserts a run's buckets in one statement, a recompute deletes a source's in one).
CREATE FUNCTION "rentable_series_latest_upsert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "series_latest" AS l ("source_id", "network_slug", "gpu_model", "metric", "unit", "bucket_start", "last", "last_observed_at")
		SELECT DISTINCT ON ("source_id", "gpu_model", "metric", "unit")
			"source_id", "network_slug", "gpu_model", "metric", "unit", "bucket_start", "last", "last_observed_at"
		FROM "changed" WHERE "resolution" = 'day'
		ORDER BY "source_id", "gpu_model", "metric", "unit", "bucket_start" DESC
	ON CONFLICT ("source_id", "gpu_model", "metric", "unit") DO UPDATE SET
		"network_slug" = excluded."network_slug", "bucket_start" = excluded."bucket_start",
		"last" = excluded."last", "last_observed_at" = excluded."last_observed_at"
	WHERE excluded."bucket_start" >= l."bucket_start";
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "series_latest_on_insert" AFTER INSERT ON "series_rollups" REFERENCING NEW TABLE AS "changed"
	FOR EACH STATEMENT EXECUTE FUNCTION "rentable_series_latest_upsert"();
--> statement-breakpoint
CREATE TRIGGER "series_latest_on_update" AFTER UPDATE ON "series_rollups" REFERENCING NEW TABLE AS "changed"
	FOR EACH STATEMENT EXECUTE FUNCTION "rentable_series_latest_upsert"();
--> statement-breakpoint
-- A deleted newest bucket hands "latest" to the newest one left, if any.
CREATE FUNCTION "rentable_series_latest_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM "series_latest" l USING (SELECT DISTINCT "source_id", "gpu_model", "metric", "unit", "bucket_start" FROM "gone" WHERE "resolution" = 'day') g
	WHERE l."source_id" = g."source_id" AND l."gpu_model" = g."gpu_model" AND l."metric" = g."metric" AND l."unit" = g."unit"
		AND l."bucket_start" = g."bucket_start";
	INSERT INTO "series_latest" ("source_id", "network_slug", "gpu_model", "metric", "unit", "bucket_start", "last", "last_observed_at")
		SELECT DISTINCT ON (r."source_id", r."gpu_model", r."metric", r."unit")
			r."source_id", r."network_slug", r."gpu_model", r."metric", r."unit", r."bucket_start", r."last", r."last_observed_at"
		FROM "series_rollups" r
		WHERE r."resolution" = 'day'
			AND (r."source_id", r."gpu_model", r."metric", r."unit") IN (SELECT "source_id", "gpu_model", "metric", "unit" FROM "gone" WHERE "resolution" = 'day')
		ORDER BY r."source_id", r."gpu_model", r."metric", r."unit", r."bucket_start" DESC
	ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "series_latest_on_delete" AFTER DELETE ON "series_rollups" REFERENCING OLD TABLE AS "gone"
	FOR EACH STATEMENT EXECUTE FUNCTION "rentable_series_latest_delete"();
--> statement-breakpoint
INSERT INTO "series_latest" ("source_id", "network_slug", "gpu_model", "metric", "unit", "bucket_start", "last", "last_observed_at")
	SELECT DISTINCT ON ("source_id", "gpu_model", "metric", "unit")
		"source_id", "network_slug", "gpu_model", "metric", "unit", "bucket_start", "last", "last_observed_at"
	FROM "series_rollups" WHERE "resolution" = 'day'
	ORDER BY "source_id", "gpu_model", "metric", "unit", "bucket_start" DESC;
--> statement-breakpoint
-- The data version moves once per committing transaction that changed what we serve. The
-- triggers are deferred to commit, so the one row is locked only while a transaction commits
-- (parallel runs of a pass on PostgreSQL never hold it while they write), and the guard makes
-- a transaction of many rows bump it once.
INSERT INTO "data_version" ("id", "epoch", "version") VALUES (1, replace(gen_random_uuid()::text, '-', ''), 1);
--> statement-breakpoint
CREATE FUNCTION "rentable_bump_data_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF current_setting('rentable.data_version_bumped_by', true) IS DISTINCT FROM txid_current()::text THEN
		PERFORM set_config('rentable.data_version_bumped_by', txid_current()::text, true);
		UPDATE "data_version" SET "version" = "version" + 1 WHERE "id" = 1;
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE
	served text;
BEGIN
	FOREACH served IN ARRAY ARRAY['scrape_runs', 'supply_points', 'price_points', 'token_prices', 'series_rollups', 'gpu_models', 'claims', 'archives', 'sources', 'networks'] LOOP
		EXECUTE format('CREATE CONSTRAINT TRIGGER %I AFTER INSERT OR DELETE ON %I DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "rentable_bump_data_version"()', served || '_data_version_write', served);
		-- An update that changes nothing (a registry sync at boot) is not new data.
		EXECUTE format('CREATE CONSTRAINT TRIGGER %I AFTER UPDATE ON %I DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION "rentable_bump_data_version"()', served || '_data_version_update', served);
	END LOOP;
END $$;
