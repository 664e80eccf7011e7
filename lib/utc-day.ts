/** UTC calendar days as YYYY-MM-DD: parsed strictly (a real day), and the instants that bound them. */

const DAY_MS = 86_400_000;

/** The start of a real calendar day given as YYYY-MM-DD, or null (2026-02-30 is null). */
export function parseDay(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const start = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== value ? null : start;
}

export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** [start, end) of a day. */
export function dayBounds(day: string): { start: Date; end: Date } {
  const start = parseDay(day);
  if (!start) throw new Error(`not a day: ${day} (expected YYYY-MM-DD)`);
  return { start, end: new Date(start.getTime() + DAY_MS) };
}

/** Days from `first` to `last`, both included. */
export function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  for (let t = dayBounds(first).start.getTime(); t <= dayBounds(last).start.getTime(); t += DAY_MS) days.push(dayOf(new Date(t)));
  return days;
}

export function addDays(day: string, days: number): string {
  return dayOf(new Date(dayBounds(day).start.getTime() + days * DAY_MS));
}
