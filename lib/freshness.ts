/**
 * How old a figure may be and still count as "now". Bands are relative to the source's own
 * schedule, the way price trackers grade a quote: fresh within about twice the interval it is
 * scraped at (a 10-minute source is stale after 25 minutes, the 6-hourly AWS list after about
 * 12 hours), stale (shown, with a warning and its age) up to 24 hours, and past that left out of
 * every current figure, with a note saying so. Dated claims from the ledger and backfilled
 * history are never current figures, whatever their date.
 *
 * Pure (no registry, no environment), so client components may show the bands too; a
 * source's rule comes from lib/source-schedule.ts.
 */

export type FreshnessBand = 'fresh' | 'stale' | 'expired';

/** Fresh within this many scheduled intervals, plus the margin (a pass takes a while). */
export const FRESH_INTERVALS = 2;
export const FRESH_MARGIN_MINUTES = 5;
/** Older than this (or than the fresh window, if longer) is no longer a current figure. */
export const CURRENT_FOR_HOURS = 24;

export interface FreshnessRule {
  scheduleMinutes: number;
  freshForMinutes: number;
  currentForMinutes: number;
}

export function freshnessRule(scheduleMinutes: number): FreshnessRule {
  const freshForMinutes = FRESH_INTERVALS * scheduleMinutes + FRESH_MARGIN_MINUTES;
  return { scheduleMinutes, freshForMinutes, currentForMinutes: Math.max(CURRENT_FOR_HOURS * 60, freshForMinutes) };
}

export function ageMinutes(observedAt: string | Date, now: Date): number {
  const at = typeof observedAt === 'string' ? Date.parse(observedAt) : observedAt.getTime();
  return Math.max(0, Math.floor((now.getTime() - at) / 60_000));
}

export function freshnessBand(observedAt: string | Date, now: Date, rule: FreshnessRule): FreshnessBand {
  const age = ageMinutes(observedAt, now);
  if (age <= rule.freshForMinutes) return 'fresh';
  if (age <= rule.currentForMinutes) return 'stale';
  return 'expired';
}

/** "fresh within 25 min, stale to 24 h": the rule in words, for tooltips and /methodology. */
export function describeRule(rule: FreshnessRule): string {
  const span = (minutes: number) => (minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`);
  return `scraped every ${span(rule.scheduleMinutes)}: fresh within ${span(rule.freshForMinutes)}, stale up to ${span(rule.currentForMinutes)}, then left out`;
}
