/**
 * The thresholds every analytics rule uses, in one validated object. Defaults are below; each
 * can be overridden from the environment (variable named beside it) and each carries the
 * one-line description /methodology shows, so the page and the code cannot disagree.
 */
import { z } from 'zod';
import { ConfigError } from '../env';

export const thresholdsSchema = z.object({
  spreadRatio: z.number().gt(1).default(3),
  frozenMinHours: z.number().positive().default(72),
  frozenMinObservations: z.number().int().min(2).default(4),
  frozenSupplyMovePercent: z.number().nonnegative().default(5),
  jumpPercent: z.number().positive().default(50),
  jumpSupplyMatchPercent: z.number().positive().max(100).default(50),
  dependabilityK: z
    .array(z.number().int().positive())
    .min(1)
    .default([1, 8, 64])
    .transform((ks) => [...new Set(ks)].sort((a, b) => a - b)),
  realityTrendFlatPercent: z.number().nonnegative().default(10),
  costClaimNearPoints: z.number().nonnegative().default(5),
  indexMovePercent: z.number().positive().default(5),
});

export type Thresholds = z.infer<typeof thresholdsSchema>;
export type ThresholdKey = keyof Thresholds;

interface ThresholdDoc {
  /** Environment variable that overrides the default. */
  env: string;
  /** What the number means, one line, for /methodology. */
  description: string;
}

export const THRESHOLD_DOCS: Record<ThresholdKey, ThresholdDoc> = {
  spreadRatio: {
    env: 'FLAG_SPREAD_RATIO',
    description:
      'Claim spread: when a network publishes several totals in the same unit at the same time, it is flagged if the largest is more than this many times the smallest.',
  },
  frozenMinHours: {
    env: 'FLAG_FROZEN_MIN_HOURS',
    description:
      'Frozen figure: a claimed figure is flagged when it stays exactly the same for at least this many hours of observation (time inside failed scrapes does not count).',
  },
  frozenMinObservations: {
    env: 'FLAG_FROZEN_MIN_OBSERVATIONS',
    description: 'Frozen figure: the unchanged figure must also have been observed in at least this many successful scrape runs.',
  },
  frozenSupplyMovePercent: {
    env: 'FLAG_FROZEN_SUPPLY_MOVE_PERCENT',
    description:
      'Frozen figure: only flagged if free or rentable supply moved meanwhile, by more than this percentage of its largest value (a network that is steady everywhere is not flagged).',
  },
  jumpPercent: {
    env: 'FLAG_JUMP_PERCENT',
    description: 'Jump: a claimed figure that changes by more than this percentage of its previous value between two observations.',
  },
  jumpSupplyMatchPercent: {
    env: 'FLAG_JUMP_SUPPLY_MATCH_PERCENT',
    description:
      'Jump: the step is explained (not flagged) if free or rentable supply moved the same way by at least this percentage of the claim’s relative step (50: a claim that doubles needs supply up 50%).',
  },
  dependabilityK: {
    env: 'DEPENDABILITY_K',
    description: 'Dependability: the share of snapshots with at least k GPUs rentable is shown for each of these k (comma-separated).',
  },
  realityTrendFlatPercent: {
    env: 'REALITY_TREND_FLAT_PERCENT',
    description:
      'Reality ratio league: the trend is called flat when the ratio at the end of the window is within this percentage of the ratio at its start.',
  },
  costClaimNearPoints: {
    env: 'COST_CLAIM_NEAR_POINTS',
    description: 'Cost claims: a claimed saving is called "near" when the best measured saving falls short of it by at most this many percentage points.',
  },
  indexMovePercent: {
    env: 'INDEX_MOVE_PERCENT',
    description:
      'GPU index: a completed day whose published index value differs from the previous published day’s by more than this percentage is an event in the feeds and webhooks.',
  },
};

export const DEFAULT_THRESHOLDS: Thresholds = thresholdsSchema.parse({});

/** Defaults with some values replaced (tests, callers); validated like the environment. */
export function withThresholds(overrides: Partial<z.input<typeof thresholdsSchema>> = {}): Thresholds {
  return thresholdsSchema.parse({ ...DEFAULT_THRESHOLDS, ...overrides });
}

function isThresholdKey(key: PropertyKey): key is ThresholdKey {
  return typeof key === 'string' && Object.hasOwn(THRESHOLD_DOCS, key);
}

/** Every threshold, in the order of THRESHOLD_DOCS. */
export const THRESHOLD_KEYS: readonly ThresholdKey[] = Object.keys(THRESHOLD_DOCS).filter(isThresholdKey);

const decimal = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/** Read one variable as the threshold's input type, or say why not. */
function fromEnvironment(key: ThresholdKey, raw: string): { ok: true; value: number | number[] } | { ok: false; error: string } {
  if (key === 'dependabilityK') {
    const parts = raw.split(',').map((p) => p.trim());
    if (parts.some((p) => !decimal.test(p))) return { ok: false, error: `expected comma-separated whole numbers such as "1,8,64", got "${raw}"` };
    return { ok: true, value: parts.map(Number) };
  }
  const trimmed = raw.trim();
  if (!decimal.test(trimmed)) return { ok: false, error: `expected a number, got "${raw}"` };
  return { ok: true, value: Number(trimmed) };
}

/**
 * Thresholds from an environment (process.env by default): unset or empty variables keep the
 * default. Throws a ConfigError naming every variable that is wrong and why.
 */
export function parseThresholds(source: Record<string, string | undefined> = process.env): Thresholds {
  const input: Record<string, number | number[]> = {};
  const problems: string[] = [];
  for (const key of THRESHOLD_KEYS) {
    const variable = THRESHOLD_DOCS[key].env;
    const raw = source[variable];
    if (raw === undefined || raw.trim() === '') continue;
    const read = fromEnvironment(key, raw);
    if (read.ok) input[key] = read.value;
    else problems.push(`${variable}: ${read.error}`);
  }
  const parsed = thresholdsSchema.safeParse(input);
  if (parsed.success && problems.length === 0) return parsed.data;
  for (const issue of parsed.error?.issues ?? []) {
    const key = issue.path[0];
    const variable = key !== undefined && isThresholdKey(key) ? THRESHOLD_DOCS[key].env : String(key);
    problems.push(`${variable}: ${issue.message}`);
  }
  throw new ConfigError(`Invalid analytics thresholds: ${problems.join('; ')}`);
}

export interface ThresholdRow {
  key: ThresholdKey;
  env: string;
  description: string;
  value: string;
  defaultValue: string;
  isDefault: boolean;
}

function show(value: number | number[]): string {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** The table /methodology renders: every threshold, its variable, value in force and default. */
export function describeThresholds(thresholds: Thresholds = DEFAULT_THRESHOLDS): ThresholdRow[] {
  return THRESHOLD_KEYS.map((key) => {
    const value = show(thresholds[key]);
    const defaultValue = show(DEFAULT_THRESHOLDS[key]);
    return { key, env: THRESHOLD_DOCS[key].env, description: THRESHOLD_DOCS[key].description, value, defaultValue, isDefault: value === defaultValue };
  });
}
