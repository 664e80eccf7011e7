import { defineConfig } from 'drizzle-kit';

// Generation only: it needs no database. Migrations are applied at run time by
// db/migrate.ts, never by drizzle-kit, because a second process on a PGlite
// data folder corrupts it (see ../shared/STACK.md).
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
  strict: true,
});
