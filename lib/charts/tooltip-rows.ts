/**
 * The order of a tooltip's rows: largest value first, so the line under the cursor (usually
 * the top one) heads the list; rows without a value (gaps) last, in their given order. Pure.
 */
export function tooltipOrder<R extends { value: number | null }>(rows: readonly R[]): R[] {
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const av = a.row.value;
      const bv = b.row.value;
      if (av === null && bv === null) return a.index - b.index;
      if (av === null) return 1;
      if (bv === null) return -1;
      return bv - av || a.index - b.index;
    })
    .map(({ row }) => row);
}
