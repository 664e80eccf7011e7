/**
 * One colour per line within a chart. The dashboard's mappers give a source its colour and a
 * status its dash, so a chart of claimed and free lines of the same sources (or more than eight
 * sources) repeats colours; a reader matching a line to the legend by colour then cannot tell
 * them apart. The first line of each colour keeps it; a repeat takes the next colour no line
 * of the chart has. Dashes and markers are kept. Pure.
 */
import { PALETTE, type LineStyle } from './palette';

/**
 * After Okabe–Ito (./palette.ts), Paul Tol's "muted" scheme: also chosen to stay apart under
 * colour-vision deficiencies, and dark or saturated enough to read on both themes.
 */
export const EXTRA_COLOURS = ['#332288', '#44AA99', '#882255', '#999933', '#AA4499', '#117733', '#661100', '#6699CC', '#88CCEE', '#DDCC77'] as const;

/** Okabe–Ito's black is the text colour (it vanishes on the dark theme otherwise), as AWS_STYLE is. */
const TEXT = 'var(--text)';
const normalise = (colour: string) => (colour.toLowerCase() === '#000000' ? TEXT : colour);

/** Past every listed colour (a chart of 19 lines or more): hues a golden angle apart. */
const generated = (n: number) => `hsl(${Math.round((n * 137.508) % 360)} 55% 42%)`;

export function distinctColours<S extends { style: LineStyle }>(lines: readonly S[]): S[] {
  const own = lines.map((line) => normalise(line.style.color));
  // First pass: every colour keeps its first line, so a repeat moving away frees no other line's colour.
  const keeps = own.map((colour, i) => own.indexOf(colour) === i);
  const used = new Set(own);
  const candidates = [...PALETTE.map(normalise), ...EXTRA_COLOURS];
  let extra = 0;
  const next = () => {
    const free = candidates.find((c) => !used.has(c));
    if (free) return free;
    let colour = generated(extra++);
    while (used.has(colour)) colour = generated(extra++);
    return colour;
  };
  return lines.map((line, i) => {
    const color = keeps[i] ? own[i]! : next();
    used.add(color);
    return color === line.style.color ? line : { ...line, style: { ...line.style, color } };
  });
}
