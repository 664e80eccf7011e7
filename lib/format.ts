/** Number and time formatting shared by pages, charts and embeds: one locale, explicit units. */
import type { ChartResolution } from './vocabulary';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : integer.format(value);
}

export function formatUsdPerGpuHour(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${usd.format(value)}/GPU-h`;
}

/**
 * A data table's cells without their unit, the unit said once in the caption: a week of
 * hourly buckets is thousands of cells, and `/GPU-h` in each was a sixth of /compare's HTML.
 */
export const CELL_UNITS = {
  gpus: { label: 'GPUs', format: (value: number) => integer.format(value) },
  nodes: { label: 'nodes', format: (value: number) => integer.format(value) },
  usd: { label: 'USD per GPU-hour', format: (value: number) => usd.format(value) },
} as const;

/** `2026-11-20 10:00 UTC`: unambiguous for readers in any time zone. */
export function formatUtc(iso: string | null | undefined): string {
  if (!iso) return '—';
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

export function formatAge(iso: string, now: Date): string {
  return formatAgeMinutes(Math.round((now.getTime() - Date.parse(iso)) / 60_000));
}

/** An age already measured (by the server, so client and server render the same words). */
export function formatAgeMinutes(minutes: number): string {
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

export const formatGpus = (value: number) => `${formatCount(value)} GPUs`;
export const formatNodes = (value: number) => `${formatCount(value)} nodes`;
/** Price axis ticks: dollars with cents, the unit is in the chart title. */
export const formatUsdAxis = (value: number) => `$${value.toFixed(2)}`;

export const BUCKET_ADJECTIVES: Record<ChartResolution, string> = { hour: 'hourly', day: 'daily', week: 'weekly', month: 'monthly' };

/** `2026-11-17 00:00 UTC to 2026-11-24 00:00 UTC, hourly buckets`. */
export function formatWindow(window: { from: string; to: string; resolution: ChartResolution; trackingBegan?: string }): string {
  const text = `${formatUtc(window.from)} to ${formatUtc(window.to)}, ${BUCKET_ADJECTIVES[window.resolution]} buckets`;
  return window.trackingBegan ? `${text}. ${trackingBeganNote(window.trackingBegan)}` : text;
}

/** Said wherever a range was clipped to the first observation, instead of drawing it empty. */
export function trackingBeganNote(trackingBegan: string): string {
  return `Tracking began ${trackingBegan.slice(0, 10)}: the range starts there, as nothing earlier is held`;
}
