/**
 * Axis ticks a reader can count on: values at 1, 2 or 5 × 10^n, log axes at decades (with 2 and
 * 5 between them when few decades are drawn), time at whole UTC hours, days, weeks (Mondays),
 * months or years. Pure.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The round step (1, 2 or 5 × 10^n) that cuts `span` into at most about `count` parts. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const residual = raw / magnitude;
  const factor = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10;
  return factor * magnitude;
}

/** Removes the float noise of step × i (0.30000000000000004 → 0.3). */
const clean = (value: number) => Number.parseFloat(value.toPrecision(12));

/** Linear ticks from 0 (or below, for negative values) to the first round value at or above `max`. */
export function linearTicks(min: number, max: number, count: number): number[] {
  const lo = Math.min(0, min);
  const hi = max > lo ? max : lo + 1;
  const step = niceStep(hi - lo, count);
  const first = Math.floor(lo / step);
  const last = Math.ceil(hi / step);
  const ticks: number[] = [];
  for (let i = first; i <= last; i += 1) ticks.push(clean(i * step));
  return ticks;
}

/** Log ticks over whole decades around [min, max] (both > 0). */
export function logTicks(min: number, max: number): number[] {
  const lo = Math.floor(Math.log10(min));
  let hi = Math.ceil(Math.log10(max));
  if (hi === lo) hi += 1;
  const decades = hi - lo;
  // Few decades: 1, 2, 5 in each. Many: every decade, or every other past six.
  const every = decades > 6 ? 2 : 1;
  const ticks: number[] = [];
  for (let d = lo; d <= hi; d += every) {
    ticks.push(clean(10 ** d));
    if (decades <= 2 && d < hi) ticks.push(clean(2 * 10 ** d), clean(5 * 10 ** d));
  }
  if (ticks[ticks.length - 1]! < 10 ** hi) ticks.push(clean(10 ** hi));
  return ticks;
}

type TimeStep = { ms: number; unit: 'hour' | 'day' | 'week' | 'month' | 'year'; size: number };

const TIME_STEPS: TimeStep[] = [
  ...[1, 2, 3, 6, 12].map((size) => ({ ms: size * HOUR, unit: 'hour' as const, size })),
  ...[1, 2].map((size) => ({ ms: size * DAY, unit: 'day' as const, size })),
  ...[1, 2].map((size) => ({ ms: size * 7 * DAY, unit: 'week' as const, size })),
  ...[1, 3, 6].map((size) => ({ ms: size * 30 * DAY, unit: 'month' as const, size })),
  ...[1, 2, 5, 10].map((size) => ({ ms: size * 365 * DAY, unit: 'year' as const, size })),
];

/** 1970-01-05 was a Monday: weeks are counted from it. */
const FIRST_MONDAY = 4 * DAY;

export interface TimeTick {
  at: number;
  label: string;
}

function label(at: number, unit: TimeStep['unit'], spansYears: boolean): string {
  const iso = new Date(at).toISOString();
  if (unit === 'year') return iso.slice(0, 4);
  if (unit === 'month') return iso.slice(0, 7);
  if (unit === 'hour' && iso.slice(11, 16) !== '00:00') return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
  return spansYears ? iso.slice(0, 10) : iso.slice(5, 10);
}

/** Ticks on whole UTC units inside [from, to] (ms), at most `count` of them. */
export function timeTicks(from: number, to: number, count: number): TimeTick[] {
  if (!(to > from)) return [{ at: from, label: label(from, 'day', false) }];
  const step = TIME_STEPS.find((s) => (to - from) / s.ms <= count) ?? TIME_STEPS[TIME_STEPS.length - 1]!;
  const spansYears = new Date(from).getUTCFullYear() !== new Date(to).getUTCFullYear();
  const ticks: number[] = [];
  if (step.unit === 'month' || step.unit === 'year') {
    const start = new Date(from);
    let year = start.getUTCFullYear();
    let month = step.unit === 'year' ? 0 : start.getUTCMonth();
    const months = step.unit === 'year' ? 12 * step.size : step.size;
    if (step.unit === 'year') year = Math.floor(year / step.size) * step.size;
    else month = Math.floor(month / step.size) * step.size;
    for (;;) {
      const at = Date.UTC(year, month, 1);
      if (at > to) break;
      if (at >= from) ticks.push(at);
      month += months;
      year += Math.floor(month / 12);
      month %= 12;
    }
  } else {
    const origin = step.unit === 'week' ? FIRST_MONDAY : 0;
    for (let at = Math.ceil((from - origin) / step.ms) * step.ms + origin; at <= to; at += step.ms) ticks.push(at);
  }
  return ticks.map((at) => ({ at, label: label(at, step.unit, spansYears) }));
}
