/**
 * The value axis of a chart: linear or log, its domain and round ticks. Pure.
 *
 * Why a log scale is chosen for the reader: io.net lists ~337,000 free GPUs and a few hundred
 * rentable ones; on a linear axis the rentable lines lie on zero and the one figure the site
 * exists for cannot be read. When the largest series dwarfs the smallest (their maxima differ
 * by more than DWARF_RATIO), a chart asked for linear is drawn on a log axis and says why.
 * Ticks are 1, 2 or 5 × 10ⁿ (never 85,000 / 170,000 / 255,000), so a reader can do sums.
 */

export type ScaleKind = 'linear' | 'log';

/** Above this ratio of series maxima the smallest series reads as zero on a linear axis. */
export const DWARF_RATIO = 50;

export interface SeriesExtent {
  label: string;
  /** Largest value of the series in the window; null when it has none. */
  max: number | null;
  /** Smallest positive value (a log axis must reach down to it); null when it has none. */
  minPositive: number | null;
}

export interface ScaleChoice {
  scale: ScaleKind;
  /** True when linear was asked for and log is drawn because one series dwarfs another. */
  automatic: boolean;
  /** The series that forced the log scale, largest and smallest: for the caption. */
  dwarfing: { largest: SeriesExtent & { max: number }; smallest: SeriesExtent & { max: number }; ratio: number } | null;
  domain: [number, number];
  ticks: number[];
}

/** The largest numeric value under each key, from chart rows. */
export function seriesExtents(rows: readonly object[], lines: readonly { key: string; label: string }[]): SeriesExtent[] {
  return lines.map((line) => {
    let max: number | null = null;
    let minPositive: number | null = null;
    for (const row of rows) {
      const v = (row as Record<string, unknown>)[line.key];
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      if (max === null || v > max) max = v;
      if (v > 0 && (minPositive === null || v < minPositive)) minPositive = v;
    }
    return { label: line.label, max, minPositive };
  });
}

/**
 * The scale to draw. `requested` is the reader's choice from the URL: log is always honoured;
 * linear is honoured unless the series' positive maxima differ by more than `ratio`.
 */
export function chooseScale(requested: ScaleKind, extents: readonly SeriesExtent[], options: { ratio?: number; tickCount?: number } = {}): ScaleChoice {
  const ratio = options.ratio ?? DWARF_RATIO;
  const positive = extents.filter((e): e is SeriesExtent & { max: number } => e.max !== null && e.max > 0);
  let dwarfing: ScaleChoice['dwarfing'] = null;
  if (positive.length >= 2) {
    const largest = positive.reduce((a, b) => (b.max > a.max ? b : a));
    const smallest = positive.reduce((a, b) => (b.max < a.max ? b : a));
    const r = largest.max / smallest.max;
    if (r > ratio) dwarfing = { largest, smallest, ratio: r };
  }
  const scale: ScaleKind = requested === 'log' || dwarfing ? 'log' : 'linear';
  const maxima = positive.map((e) => e.max);
  const top = maxima.length > 0 ? Math.max(...maxima) : 0;
  if (scale === 'log') {
    const minima = extents.flatMap((e) => (e.minPositive !== null ? [e.minPositive] : []));
    const bottom = minima.length > 0 ? Math.min(...minima) : 1;
    return { scale, automatic: requested === 'linear' && dwarfing !== null, dwarfing, ...logAxis(bottom, top) };
  }
  const ticks = niceLinearTicks(top, options.tickCount ?? 5);
  return { scale, automatic: false, dwarfing: null, domain: [0, ticks[ticks.length - 1] ?? 1], ticks };
}

/** A 1, 2 or 5 × 10ⁿ step that splits [0, span] into about `count` intervals. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** Ticks from 0 to the first round value at or above `max`, every one a multiple of a 1/2/5 step. */
export function niceLinearTicks(max: number, count = 5): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const step = niceStep(max, count);
  const ticks: number[] = [];
  const last = Math.ceil(max / step - 1e-9);
  // Multiplying by the integer keeps 0.1-steps free of 0.30000000000000004.
  for (let i = 0; i <= last; i++) ticks.push(roundTo(i * step, step));
  return ticks;
}

const roundTo = (value: number, step: number) => {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  return Number(value.toFixed(decimals));
};

/**
 * A log axis from the decade at or below the smallest positive value to the decade at or above
 * the largest: ticks at each 10ⁿ, and at 2 and 5 × 10ⁿ when the axis spans two decades or less.
 */
export function logAxis(smallest: number, largest: number): { domain: [number, number]; ticks: number[] } {
  const low = smallest > 0 ? smallest : 1;
  const high = largest > 0 ? Math.max(largest, low) : low;
  const from = Math.floor(Math.log10(low) + 1e-9);
  const to = Math.max(from + 1, Math.ceil(Math.log10(high) - 1e-9));
  const ticks: number[] = [];
  const fine = to - from <= 2;
  for (let p = from; p <= to; p++) {
    const decade = 10 ** p;
    ticks.push(tidy(decade));
    if (fine && p < to) ticks.push(tidy(2 * decade), tidy(5 * decade));
  }
  return { domain: [tidy(10 ** from), tidy(10 ** to)], ticks };
}

const tidy = (value: number) => Number(value.toPrecision(12));
