DROP TABLE "price_points" CASCADE;--> statement-breakpoint
DROP TABLE "supply_points" CASCADE;--> statement-breakpoint
-- Readers keep their one row per point: the views unpack each run's arrays in their order.
CREATE VIEW "supply_points" AS
SELECT p."scrape_run_id", p."source_id", p."network_slug", p."observed_at",
	l."label" AS "gpu_model",
	(ARRAY['claimed', 'free', 'rentable'])[u."status"] AS "status",
	(ARRAY['gpus', 'nodes'])[u."unit"] AS "unit",
	u."quantity",
	u."position"::integer AS "position"
FROM "supply_packs" p
CROSS JOIN LATERAL unnest(p."gpu_model_ids", p."statuses", p."units", p."quantities") WITH ORDINALITY AS u("gpu_model_id", "status", "unit", "quantity", "position")
JOIN "point_labels" l ON l."id" = u."gpu_model_id";
--> statement-breakpoint
CREATE VIEW "price_points" AS
SELECT p."scrape_run_id", p."source_id", p."network_slug", p."observed_at",
	l."label" AS "gpu_model",
	(ARRAY['min', 'p25', 'median'])[u."statistic"] AS "statistic",
	u."usd_per_gpu_hour",
	u."listings",
	p."token_symbols"[u."position"] AS "token_symbol",
	p."token_usd_rates"[u."position"] AS "token_usd_rate",
	p."token_rate_ats"[u."position"] AS "token_rate_at",
	u."position"::integer AS "position"
FROM "price_packs" p
CROSS JOIN LATERAL unnest(p."gpu_model_ids", p."statistics", p."usd_per_gpu_hour", p."listings") WITH ORDINALITY AS u("gpu_model_id", "statistic", "usd_per_gpu_hour", "listings", "position")
JOIN "point_labels" l ON l."id" = u."gpu_model_id";
--> statement-breakpoint
-- The packs are served data: writing one bumps the data version, as the point tables did (0006).
DO $$
DECLARE
	served text;
BEGIN
	FOREACH served IN ARRAY ARRAY['supply_packs', 'price_packs'] LOOP
		EXECUTE format('CREATE CONSTRAINT TRIGGER %I AFTER INSERT OR DELETE ON %I DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "rentable_bump_data_version"()', served || '_data_version_write', served);
		EXECUTE format('CREATE CONSTRAINT TRIGGER %I AFTER UPDATE ON %I DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION "rentable_bump_data_version"()', served || '_data_version_update', served);
	END LOOP;
END $$;
