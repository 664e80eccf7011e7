/**
 * The one reader of a date or an instant that comes from outside (URL parameters, embeds'
 * `at`, RENTABLE_NOW): strict ISO 8601, so nothing that passes can become an Invalid Date
 * further in. `Date.parse` alone is not a check: it takes `2026-11-20Z`, `2026-11-20 00:00` and
 * rolls `2026-02-30` over to 2 March.
 *
 * Accepted: `YYYY-MM-DD` (midnight UTC), or `YYYY-MM-DDTHH:MM[:SS[.sss]]` with `Z` or an
 * offset `±HH:MM`. A time without a zone is refused: it would be read as the server's local time.
 */
const PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-](\d{2}):(\d{2})))?$/;

/** Years outside this span are typing mistakes, not dates anything here could describe. */
export const EARLIEST_YEAR = 1970;
export const LATEST_YEAR = 9999;

export const ISO_INSTANT_HINT = 'must be an ISO 8601 date or time, e.g. 2026-11-01 or 2026-11-01T00:00:00Z';

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The instant `value` names, or null when it is not a strict ISO 8601 date or time. */
export function parseIsoInstant(value: string): Date | null {
  const match = PATTERN.exec(value);
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', , zone, zh = '0', zm = '0'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (year < EARLIEST_YEAR || year > LATEST_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59 || Number(zh) > 23 || Number(zm) > 59) return null;
  if (match[4] !== undefined && zone === undefined) return null;
  const at = new Date(match[4] === undefined ? `${value}T00:00:00Z` : value);
  return Number.isNaN(at.getTime()) ? null : at;
}
