/**
 * Configuration from the environment, validated once with zod. Secrets come only from here.
 * Every variable is listed in the README's configuration table.
 */
import { z } from 'zod';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  RENTABLE_DATA_DIR: z.string().min(1).default('./data/pglite'),
  SCRAPE_ENABLED: flag.default(true),
  SCRAPE_INTERVAL_MINUTES: z.coerce.number().positive().max(24 * 60).default(10),
  SCRAPE_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Label every page as demo data (npm run demo). */
  RENTABLE_DEMO: flag.default(false),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Treat empty strings as unset: `FOO= npm start` should mean "default".
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
