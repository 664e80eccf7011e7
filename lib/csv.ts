/**
 * CSV as RFC 4180 (CRLF line ends, quotes doubled, fields with separators quoted), UTF-8.
 * A text cell that a spreadsheet would run as a formula (it starts with = + - @, tab or CR)
 * is neutralised with a leading apostrophe; numbers stay numbers, negative ones included,
 * because they are written from numbers, never from text.
 */
export type CsvValue = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const lines = [header.map(csvCell).join(','), ...rows.map((row) => row.map(csvCell).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
