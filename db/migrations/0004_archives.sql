CREATE TABLE "archive_chunks" (
	"day" text NOT NULL,
	"seq" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	CONSTRAINT "archive_chunks_day_seq_pk" PRIMARY KEY("day","seq")
);
--> statement-breakpoint
CREATE TABLE "archives" (
	"day" text PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" bigint NOT NULL,
	"chunks" integer NOT NULL,
	"counts" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "archive_chunks" ADD CONSTRAINT "archive_chunks_day_archives_day_fk" FOREIGN KEY ("day") REFERENCES "public"."archives"("day") ON DELETE no action ON UPDATE no action;