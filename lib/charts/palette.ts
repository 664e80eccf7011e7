/**
 * Okabe–Ito: distinguishable with every common colour-vision deficiency. Lines also differ by
 * dash pattern and marker, so they read in greyscale and print.
 */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#8B7500', '#000000'] as const;
export const DASHES = [undefined, '8 4', '2 3', '12 3 3 3', '4 4', '1 4', '10 6', '6 2 2 2'] as const;
export const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'cross', 'star', 'wye', 'circle'] as const;

export interface LineStyle {
  color: string;
  dash: string | undefined;
  marker: (typeof MARKERS)[number];
}

export function lineStyle(index: number): LineStyle {
  const i = ((index % PALETTE.length) + PALETTE.length) % PALETTE.length;
  return { color: PALETTE[i] ?? '#0072B2', dash: DASHES[i], marker: MARKERS[i] ?? 'circle' };
}

/** The fixed meaning of the three statuses, everywhere. */
export const STATUS_STYLE = {
  claimed: { label: 'Claimed', color: '#E69F00', dash: '8 4' },
  free: { label: 'Free (listed idle)', color: '#0072B2', dash: '2 3' },
  rentable: { label: 'Rentable (priced, orderable)', color: '#009E73', dash: undefined },
} as const;

/** The AWS reference line: black, long dashes, always last in the legend. */
export const AWS_STYLE: LineStyle = { color: 'var(--text)', dash: '14 4', marker: 'cross' };
