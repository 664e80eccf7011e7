/**
 * The sentence a screen reader hears for a chart (its aria-describedby): what is drawn, over
 * which buckets, on which scale, and each line's latest value, largest first. The picture is
 * no use without sight; this and the data table are the chart for everyone else. Pure.
 */
import { tooltipOrder } from './tooltip-rows';

export interface SummaryInput {
  title: string;
  lines: readonly { key: string; label: string }[];
  rows: readonly { at: string }[];
  formatValue: (value: number) => string;
  scale: 'linear' | 'log';
}

const day = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

export function chartSummary({ title, lines, rows, formatValue, scale }: SummaryInput): string {
  const first = rows[0]?.at;
  const last = rows[rows.length - 1]?.at;
  if (!first || !last || lines.length === 0) return `${title}: nothing to draw in this window.`;
  const latest = lines.map((line) => {
    for (let i = rows.length - 1; i >= 0; i--) {
      const v = (rows[i] as Record<string, unknown> | undefined)?.[line.key];
      if (typeof v === 'number') return { label: line.label, value: v as number | null, at: rows[i]!.at };
    }
    return { label: line.label, value: null as number | null, at: null as string | null };
  });
  const parts = tooltipOrder(latest).map((l) => (l.value === null ? `${l.label}: no value` : `${l.label}: ${formatValue(l.value)} (${day(l.at ?? '')})`));
  const count = `${lines.length} line${lines.length === 1 ? '' : 's'}`;
  return `${title}: ${count}, ${rows.length} bucket${rows.length === 1 ? '' : 's'} from ${day(first)} to ${day(last)}, ${scale} scale. Latest values: ${parts.join('; ')}.`;
}
