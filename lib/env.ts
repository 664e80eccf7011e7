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
  /** /api/health is not ready when the last scrape pass is older than this; default three intervals. */
  HEALTH_MAX_PASS_AGE_MINUTES: z.coerce.number().int().positive().max(7 * 24 * 60).optional(),
  /** Label every page as demo data (npm run demo). */
  RENTABLE_DEMO: flag.default(false),
  /** The origin of every absolute URL the app writes (lib/public-origin.ts); PORT gives the default. */
  RENTABLE_PUBLIC_URL: z.string().optional(),
  PORT: z.string().optional(),
  /** pino's levels; unset means info (`npm run scrape`, whose stdout is its report, defaults to warn). */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  /** Port of `npm run worker`'s /metrics; 0 picks a free one (logged). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(9464),
  /** When set, /metrics answers 401 unless `Authorization: Bearer <token>` carries it. */
  METRICS_TOKEN: z.string().min(16, 'use at least 16 characters').optional(),
  /** Comma-separated http(s) URLs that receive every event as signed JSON (lib/events/webhooks.ts). */
  WEBHOOK_URLS: z
    .string()
    .transform((v) => v.split(',').map((u) => u.trim()).filter((u) => u !== ''))
    .pipe(z.array(z.string().url().refine((u) => /^https?:\/\//.test(u), 'must be http or https')).max(20))
    .default([]),
  /** The HMAC-SHA256 key of the webhook signature; required when WEBHOOK_URLS is set. */
  WEBHOOK_SECRET: z.string().min(16, 'use at least 16 characters').optional(),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().max(120_000).default(10_000),
});

export type Env = Omit<z.infer<typeof envSchema>, 'PORT' | 'RENTABLE_PUBLIC_URL' | 'HEALTH_MAX_PASS_AGE_MINUTES'> & {
  RENTABLE_PUBLIC_URL: string;
  HEALTH_MAX_PASS_AGE_MINUTES: number;
};

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
  const { PORT, RENTABLE_PUBLIC_URL, HEALTH_MAX_PASS_AGE_MINUTES, ...rest } = parsed.data;
  // An unsigned webhook could be forged by anyone who learns the URL: no URLs without a secret.
  if (rest.WEBHOOK_URLS.length > 0 && !rest.WEBHOOK_SECRET) throw new ConfigError('Invalid environment: WEBHOOK_SECRET: required when WEBHOOK_URLS is set');
  return {
    ...rest,
    RENTABLE_PUBLIC_URL: parsePublicOrigin(RENTABLE_PUBLIC_URL, PORT),
    HEALTH_MAX_PASS_AGE_MINUTES: HEALTH_MAX_PASS_AGE_MINUTES ?? Math.ceil(3 * rest.SCRAPE_INTERVAL_MINUTES),
  };
}

/** Validates a configured public URL: http(s), a host, nothing after the origin but "/". */
export function parsePublicOrigin(value: string | undefined, port: string | undefined): string {
  if (value === undefined || value === '') return `http://localhost:${port && /^\d{1,5}$/.test(port) ? port : '3000'}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`RENTABLE_PUBLIC_URL: ${JSON.stringify(value)} is not an absolute URL such as https://rentable.example`);
  }
  const problem =
    url.protocol !== 'http:' && url.protocol !== 'https:'
      ? 'must be http or https'
      : url.username || url.password
        ? 'must not hold credentials'
        : url.pathname !== '/' || url.search || url.hash
          ? 'must be an origin only (no path, query or fragment): the app is served from the root'
          : null;
  if (problem) throw new ConfigError(`RENTABLE_PUBLIC_URL: ${problem} (got ${value})`);
  return url.origin;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
