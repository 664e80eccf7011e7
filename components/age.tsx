/**
 * A time as every page says it: how long ago in the text ("8 min ago"), the UTC instant in a
 * machine-readable <time> and its tooltip. One form everywhere, so a reader never has to compare
 * "2026-12-03 10:40 UTC" on one line with "3 h ago" on the next.
 */
import { formatAge, formatAgeMinutes, formatUtc } from '@/lib/format';

export function Age({ at, now, minutes, prefix = '' }: { at: string; now?: Date; minutes?: number; prefix?: string }) {
  const words = minutes !== undefined ? formatAgeMinutes(minutes) : now ? formatAge(at, now) : formatUtc(at);
  return (
    <time dateTime={at} title={formatUtc(at)}>
      {prefix}
      {words}
    </time>
  );
}
