CREATE TABLE "analytics_states" (
	"name" text NOT NULL,
	"params" text NOT NULL,
	"epoch" text NOT NULL,
	"data_version" bigint NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"compute_ms" integer NOT NULL,
	"body" text NOT NULL,
	CONSTRAINT "analytics_states_name_params_pk" PRIMARY KEY("name","params")
);
--> statement-breakpoint
CREATE INDEX "series_rollups_metric_idx" ON "series_rollups" USING btree ("resolution","metric","gpu_model","bucket_start");