/**
 * Props for the box a wide table scrolls sideways in (`.table-wrap`). It takes keyboard focus,
 * so a keyboard user can scroll it with the arrow keys (axe: scrollable-region-focusable), and
 * is a named region, so a screen reader says what the stop is. The edge shadows in globals.css
 * show that more columns lie beyond a phone's screen.
 */
export function scrollRegion(label: string): { role: 'region'; 'aria-label': string; tabIndex: 0 } {
  // "Table: …" keeps the region apart from a section landmark of the same name (axe: landmark-unique).
  return { role: 'region', 'aria-label': `Table: ${label}`, tabIndex: 0 };
}
