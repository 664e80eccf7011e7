/**
 * Chart rows (./series-rows.ts) packed for a page's flight data, as the prefetched series are
 * (lib/api/packed-series.ts): a chart's rows as JSON objects repeat every key and every ISO
 * time in every bucket, the network page's two by-model charts 190 KiB of them. Packed, the
 * bucket times are steps in milliseconds, each key is a column of comma-separated numbers
 * (runs of equal values written once), observation times are offsets from their bucket; a
 * key a row does not have stays absent. Lossless; anything else travels as it is. Pure.
 */
import { countCells, packColumn, unpackColumn } from '../api/packed-series';
import type { ChartRow } from './series-rows';

const FORMAT = 'rows-v1';

type Packed =
  /** numbers, null as an empty cell */
  | { n: string }
  /** numbers as steps from the previous number of the column (run ids climb by a pass's runs) */
  | { d: string }
  /** ISO times, in milliseconds after the row's bucket */
  | { t: string };

export interface PackedChartRows {
  packed: typeof FORMAT;
  at: string;
  columns: Record<string, Packed>;
  /** Per key, the rows that lack it (indices as a packed column), when some do. */
  absent?: Record<string, string>;
}

const canonicalMs = (iso: string): number | null => {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) && new Date(ms).toISOString() === iso ? ms : null;
};

/** The packed rows, or the rows as they are when a value would not survive packing. */
export function packChartRows<Row extends { at: string }>(rows: readonly Row[]): PackedChartRows | readonly Row[] {
  const cellsOf = rows.map((row) => new Map<string, unknown>(Object.entries(row)));
  const bucketMs: number[] = [];
  for (const row of rows) {
    const ms = canonicalMs(row.at);
    if (ms === null) return rows;
    bucketMs.push(ms);
  }
  const keys = [...new Set(cellsOf.flatMap((row) => [...row.keys()]))].filter((key) => key !== 'at');
  const columns: Record<string, Packed> = {};
  const absent: Record<string, string> = {};
  for (const key of keys) {
    const cells = cellsOf.map((row) => row.get(key));
    const missing = cells.flatMap((cell, i) => (cell === undefined ? [i] : []));
    if (missing.length > 0) absent[key] = packColumn(missing);
    const present = cells.map((cell) => (cell === undefined ? null : cell));
    const numbers = present.filter((cell): cell is number | null => cell === null || typeof cell === 'number');
    if (numbers.length === present.length) {
      const plain = packColumn(numbers);
      // Steps are exact between integers only.
      if (!numbers.every((n) => n === null || Number.isSafeInteger(n))) {
        columns[key] = { n: plain };
        continue;
      }
      let previous = 0;
      const stepped = packColumn(
        numbers.map((n) => {
          if (n === null) return null;
          const step = n - previous;
          previous = n;
          return step;
        }),
      );
      columns[key] = stepped.length < plain.length ? { d: stepped } : { n: plain };
      continue;
    }
    const offsets: (number | null)[] = [];
    for (const [i, cell] of present.entries()) {
      const ms = typeof cell === 'string' ? canonicalMs(cell) : cell === null ? null : undefined;
      if (ms === undefined || (typeof cell === 'string' && ms === null)) return rows;
      offsets.push(ms === null ? null : ms - bucketMs[i]!);
    }
    columns[key] = { t: packColumn(offsets) };
  }
  const at = packColumn(bucketMs.map((ms, i) => ms - (i === 0 ? 0 : bucketMs[i - 1]!)));
  return { packed: FORMAT, at, columns, ...(Object.keys(absent).length > 0 ? { absent } : {}) };
}

export function isPackedChartRows(value: unknown): value is PackedChartRows {
  return typeof value === 'object' && value !== null && (value as { packed?: unknown }).packed === FORMAT;
}

export function unpackChartRows(packed: PackedChartRows | readonly { at: string }[]): ChartRow[] {
  if (!isPackedChartRows(packed)) {
    return packed.map((original) => {
      const row: ChartRow = { at: original.at };
      for (const [key, cell] of Object.entries(original)) if (cell === null || typeof cell === 'number' || typeof cell === 'string') row[key] = cell;
      return row;
    });
  }
  let total = 0;
  const bucketMs = unpackColumn(packed.at, countCells(packed.at)).map((step) => (total += step!));
  const rows: ChartRow[] = bucketMs.map((ms) => ({ at: new Date(ms).toISOString() }));
  for (const [key, column] of Object.entries(packed.columns)) {
    const missingText = packed.absent?.[key];
    const missing = new Set(missingText === undefined ? [] : unpackColumn(missingText, countCells(missingText)));
    const cells = unpackColumn('n' in column ? column.n : 'd' in column ? column.d : column.t, rows.length);
    let previous = 0;
    rows.forEach((row, i) => {
      const cell = cells[i]!;
      if ('d' in column && cell !== null) previous += cell;
      if (missing.has(i)) return;
      row[key] = cell === null ? null : 'n' in column ? cell : 'd' in column ? previous : new Date(bucketMs[i]! + cell).toISOString();
    });
  }
  return rows;
}
