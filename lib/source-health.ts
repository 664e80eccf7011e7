/**
 * A source's health in one word, the same on every page: "ok" only while its latest success is
 * fresh by its own schedule (lib/freshness.ts). A source whose last run succeeded 945 days ago
 * is not "ok": it is out of date, and a claims ledger or backfilled history is dated evidence,
 * never a live feed. Pure, so server pages and tests share it; the rule comes from the caller.
 */
import { freshnessBand, type FreshnessRule } from './freshness';

export type SourceHealth = 'ok' | 'stale' | 'out-of-date' | 'failing' | 'dated-evidence' | 'not-scraped';

export const SOURCE_HEALTH_LABELS: Record<SourceHealth, string> = {
  ok: 'ok',
  stale: 'stale',
  'out-of-date': 'out of date',
  failing: 'failing',
  'dated-evidence': 'dated evidence',
  'not-scraped': 'not scraped yet',
};

/** The CSS class each health word is drawn in (globals.css): green only for a fresh success. */
export const SOURCE_HEALTH_CLASS: Record<SourceHealth, string> = {
  ok: 'ok',
  stale: 'stale',
  'out-of-date': 'stale',
  failing: 'failed',
  'dated-evidence': 'muted',
  'not-scraped': 'muted',
};

export interface HealthInput {
  lastOutcome: 'ok' | 'failed' | null;
  lastSuccessAt: string | null;
  /** Where the latest run came from: 'claim' and 'backfill' are dated evidence, not scrapes. */
  lastOrigin: string | null;
}

export function sourceHealth(source: HealthInput, now: Date, rule: FreshnessRule): SourceHealth {
  if (source.lastOrigin === 'claim' || source.lastOrigin === 'backfill') return 'dated-evidence';
  if (source.lastOutcome === null) return 'not-scraped';
  if (source.lastOutcome === 'failed') return 'failing';
  if (!source.lastSuccessAt) return 'not-scraped';
  const band = freshnessBand(source.lastSuccessAt, now, rule);
  return band === 'fresh' ? 'ok' : band === 'stale' ? 'stale' : 'out-of-date';
}
