/** Each source's schedule as the scheduler runs it, and the freshness rule that follows from it. */
import { env } from './env';
import { freshnessRule, type FreshnessRule } from './freshness';
import { findSource } from './sources/registry';

/** The interval a source is scraped at: its own minimum interval, or the scheduler's when longer. */
export function sourceScheduleMinutes(sourceId: string): number {
  const scheduler = env().SCRAPE_INTERVAL_MINUTES;
  return Math.max(findSource(sourceId)?.minIntervalMinutes ?? scheduler, scheduler);
}

export function sourceFreshnessRule(sourceId: string): FreshnessRule {
  return freshnessRule(sourceScheduleMinutes(sourceId));
}
