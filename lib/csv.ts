/**
 * CSV as RFC 4180 (CRLF line ends, quotes doubled, fields with separators quoted), UTF-8.
 * A text cell that a spreadsheet would run as a formula is neutralised with a leading
 * apostrophe: it starts with = + - @ or | (DDE), their full-width forms (＝ ＋ － ＠), a tab or a
 * CR, or with any of those after leading white space and line breaks (spreadsheets trim them).
 * A cell holding a semicolon is quoted, so a semicolon-separated locale cannot split
 * `x;=5+5` into a second cell that is a formula. Numbers stay numbers, negative ones included,
 * because they are written from numbers, never from text.
 */
export type CsvValue = string | number | null | undefined;

const FORMULA_START = /^(?:[\t\r]|[\s\u00a0\u3000\ufeff]*[=+\-@|\uff1d\uff0b\uff0d\uff20])/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",;\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const lines = [header.map(csvCell).join(','), ...rows.map((row) => row.map(csvCell).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
