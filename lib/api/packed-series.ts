/**
 * The series of a prefetched API response, packed for the page's inline flight data and
 * unpacked in the browser into exactly the object the API sends (lib/api/responses.ts), so the
 * TanStack cache holds the same shape whichever way the data came.
 *
 * Why: a page hands its prefetched responses to the browser inside the HTML. As JSON objects
 * every point repeats its field names and its ISO times (about 130 bytes a point, every quote
 * escaped again inside the flight's JavaScript string); /compare at 7 days carried 870 KiB of
 * it. Packed, the responses' series share one list of bucket times, and each field is a column:
 * a string of comma-separated numbers, a run of equal values written once with its count
 * (`80*24`), run ids as steps from the previous one and observation times as offsets from their
 * bucket, both of which repeat from bucket to bucket. A few bytes a point, lossless.
 *
 * A response whose times are not in the canonical form `Date#toISOString` writes stays as it is
 * (packing must never change a value). Pure.
 */
import type { Series, SeriesPoint } from '../queries/series';

const FORMAT = 'series-v1';

/**
 * A column, or the index of an earlier series of the list whose same column is identical: a
 * source's cheapest and median prices come from the same runs, observed at the same times.
 */
type Column = string | number;

interface PackedSeries extends Omit<Series, 'points'> {
  /** Indices into the shared times, as steps; absent when the series has a point at every one. */
  i?: Column;
  /** value */
  v: Column;
  /** samples */
  s: Column;
  /** runId, as steps from the previous run id of the series */
  r: Column;
  /** observedAt, in milliseconds after the point's bucket */
  o: Column;
  /** gap: 1 true, 0 false, empty when absent */
  g: Column;
}

const COLUMNS = ['i', 'v', 's', 'r', 'o', 'g'] as const;

/** Each column written once: a repeat of an earlier series' same column becomes its index. */
function shareColumns(series: PackedSeries[]): PackedSeries[] {
  const seen = new Map<string, number>();
  return series.map((packed, index) => {
    const shared = { ...packed };
    for (const name of COLUMNS) {
      const column = packed[name];
      if (typeof column !== 'string' || column.length < 8) continue;
      const key = `${name}:${column}`;
      const earlier = seen.get(key);
      if (earlier === undefined) seen.set(key, index);
      else shared[name] = earlier;
    }
    return shared;
  });
}

function resolveColumns(series: readonly PackedSeries[]): PackedSeries[] {
  return series.map((packed) => {
    const resolved = { ...packed };
    for (const name of COLUMNS) {
      const column = packed[name];
      if (typeof column === 'number') resolved[name] = series[column]![name]!;
    }
    return resolved;
  });
}

export interface PackedSeriesList {
  packed: typeof FORMAT;
  /** The bucket times of every series, in milliseconds: the first, then steps. */
  at: string;
  series: PackedSeries[];
}

type Cell = number | null;

/** Comma-separated numbers, null as an empty cell, a run of equal cells as `cell*count`. */
export function packColumn(cells: readonly Cell[]): string {
  const tokens: string[] = [];
  for (let i = 0; i < cells.length; ) {
    const cell = cells[i]!;
    let run = 1;
    while (i + run < cells.length && cells[i + run] === cell) run += 1;
    const token = cell === null ? '' : String(cell);
    tokens.push(run > 1 ? `${token}*${run}` : token);
    i += run;
  }
  return tokens.join(',');
}

export function unpackColumn(packed: string, length: number): Cell[] {
  const cells: Cell[] = [];
  if (length === 0) return cells;
  for (const token of packed.split(',')) {
    const star = token.indexOf('*');
    const text = star < 0 ? token : token.slice(0, star);
    const run = star < 0 ? 1 : Number(token.slice(star + 1));
    const cell = text === '' ? null : Number(text);
    for (let k = 0; k < run; k++) cells.push(cell);
  }
  if (cells.length !== length) throw new Error(`packed column holds ${cells.length} cells, expected ${length}`);
  return cells;
}

/** Steps between the non-null cells (the first from zero); nulls stay null. */
function steps(cells: readonly Cell[]): Cell[] {
  let previous = 0;
  return cells.map((cell) => {
    if (cell === null) return null;
    const step = cell - previous;
    previous = cell;
    return step;
  });
}

function sums(cells: readonly Cell[]): Cell[] {
  let previous = 0;
  return cells.map((cell) => (cell === null ? null : (previous += cell)));
}

const canonicalMs = (iso: string): number | null => {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) && new Date(ms).toISOString() === iso ? ms : null;
};

const isInteger = (n: number | null) => n === null || Number.isSafeInteger(n);

/** The packed list, or null when packing could change a value (then the series go as they are). */
export function packSeriesList(series: readonly Series[]): PackedSeriesList | null {
  const times = new Map<string, number>();
  for (const s of series) {
    for (const p of s.points) {
      if (times.has(p.at)) continue;
      const ms = canonicalMs(p.at);
      if (ms === null) return null;
      times.set(p.at, ms);
    }
  }
  const ordered = [...times.entries()].sort((a, b) => a[1] - b[1]);
  const index = new Map(ordered.map(([at], i) => [at, i]));
  const packed: PackedSeries[] = [];
  for (const { points, ...meta } of series) {
    const bucketMs = points.map((p) => times.get(p.at)!);
    const observedOffsets: Cell[] = [];
    for (const [k, p] of points.entries()) {
      if (p.observedAt === null) {
        observedOffsets.push(null);
        continue;
      }
      const ms = canonicalMs(p.observedAt);
      if (ms === null) return null;
      observedOffsets.push(ms - bucketMs[k]!);
    }
    const runIds = points.map((p) => p.runId);
    // Steps between integers are exact; anything else is not ours to reshape.
    if (!runIds.every(isInteger) || !points.every((p) => isInteger(p.samples))) return null;
    const indices = points.map((p) => index.get(p.at)!);
    const everyBucket = indices.length === ordered.length && indices.every((i, k) => i === k);
    packed.push({
      ...meta,
      ...(everyBucket ? {} : { i: packColumn(steps(indices)) }),
      v: packColumn(points.map((p) => p.value)),
      s: packColumn(points.map((p) => p.samples)),
      r: packColumn(steps(runIds)),
      o: packColumn(observedOffsets),
      g: packColumn(points.map((p) => (p.gap === undefined ? null : p.gap ? 1 : 0))),
    });
  }
  return { packed: FORMAT, at: packColumn(steps(ordered.map(([, ms]) => ms))), series: shareColumns(packed) };
}

export function isPackedSeriesList(value: unknown): value is PackedSeriesList {
  return typeof value === 'object' && value !== null && (value as { packed?: unknown }).packed === FORMAT;
}

export function unpackSeriesList(list: PackedSeriesList): Series[] {
  const bucketMs = sums(unpackColumn(list.at, countCells(list.at))) as number[];
  const times = bucketMs.map((ms) => new Date(ms).toISOString());
  return resolveColumns(list.series).map(({ i, v, s, r, o, g, ...meta }) => {
    if (typeof v === 'number' || typeof s === 'number' || typeof r === 'number' || typeof o === 'number' || typeof g === 'number' || typeof i === 'number') {
      throw new Error('a packed column refers to another reference');
    }
    const indices = i === undefined ? times.map((_, k) => k) : (sums(unpackColumn(i, countCells(i))) as number[]);
    const n = indices.length;
    const values = unpackColumn(v, n);
    const samples = unpackColumn(s, n);
    const runIds = sums(unpackColumn(r, n));
    const observed = unpackColumn(o, n);
    const gaps = unpackColumn(g, n);
    const points = indices.map((bucket, k): SeriesPoint => {
      const offset = observed[k]!;
      const gap = gaps[k];
      return {
        at: times[bucket]!,
        value: values[k]!,
        samples: samples[k]!,
        runId: runIds[k]!,
        observedAt: offset === null ? null : new Date(bucketMs[bucket]! + offset).toISOString(),
        ...(gap === null ? {} : { gap: gap === 1 }),
      };
    });
    return { ...meta, points };
  });
}

/** Cells of a column that holds no null (times, indices): empty is no cell at all. */
export function countCells(packed: string): number {
  if (packed === '') return 0;
  let count = 0;
  for (const token of packed.split(',')) {
    const star = token.indexOf('*');
    count += star < 0 ? 1 : Number(token.slice(star + 1));
  }
  return count;
}

/** A response with `series` and `previous` lists (supply, model supply, prices) packed; anything else as it is. */
export function packResponse(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || !Array.isArray((data as { series?: unknown }).series)) return data;
  const response = data as { series: Series[]; previous?: Series[] | null };
  const series = packSeriesList(response.series);
  const previous = response.previous ? packSeriesList(response.previous) : null;
  if (!series || (response.previous && !previous)) return data;
  return { ...response, series, ...('previous' in response ? { previous: response.previous ? previous : null } : {}) };
}

export function unpackResponse(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || !isPackedSeriesList((data as { series?: unknown }).series)) return data;
  const response = data as { series: PackedSeriesList; previous?: PackedSeriesList | null };
  return {
    ...response,
    series: unpackSeriesList(response.series),
    ...('previous' in response ? { previous: response.previous ? unpackSeriesList(response.previous) : null } : {}),
  };
}
