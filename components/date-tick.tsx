/**
 * An x-axis tick on two short lines (day over time, or month-day over year), so a 390 px
 * phone gets five or six ticks where one-line "11-20 10:00" labels left room for two.
 */
export function dateTickLines(iso: string, bucketMs: number): [string, string] {
  return bucketMs >= 86_400_000 ? [iso.slice(5, 10), iso.slice(0, 4)] : [iso.slice(5, 10), iso.slice(11, 16)];
}

export function DateTick({ x, y, payload, bucketMs }: { x?: number | string; y?: number | string; payload?: { value?: unknown }; bucketMs: number }) {
  const value = typeof payload?.value === 'string' ? payload.value : '';
  const [top, bottom] = dateTickLines(value, bucketMs);
  return (
    <g transform={`translate(${Number(x ?? 0)},${Number(y ?? 0)})`}>
      <text textAnchor="middle" fill="var(--muted)" fontSize={12}>
        <tspan x={0} dy={12}>
          {top}
        </tspan>
        <tspan x={0} dy={14}>
          {bottom}
        </tspan>
      </text>
    </g>
  );
}
