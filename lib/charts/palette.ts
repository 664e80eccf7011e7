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

/**
 * Colours for the series of one chart, none repeated: Okabe–Ito's seven (black is AWS's) first,
 * then eight more of distinct hue and middle lightness, so each reads on the light and the dark
 * background alike. /compare draws up to thirteen sources at once; cycling seven colours made
 * io.net's and Vast.ai's lines the same blue. Past fifteen, colours repeat and dash and marker
 * still tell lines apart.
 */
export const SERIES_COLOURS = [
  ...PALETTE.slice(0, 7),
  '#7570B3',
  '#66A61E',
  '#E7298A',
  '#A6761D',
  '#17BECF',
  '#8C8C8C',
  '#B2182B',
  '#5C6BC0',
] as const;

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
