/**
 * Raw SQL results, the same on both drivers. PGlite and node-postgres both return `{ rows }`,
 * but their value types differ (a count is a number in one and a string in the other, see
 * ../shared/STACK.md), so callers validate each row with zod, coercing numbers and dates.
 */
import type { SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from './client';

export async function selectRows<T>(db: Pick<Database, 'execute'>, query: SQL, row: z.ZodType<T>): Promise<T[]> {
  const result: unknown = await db.execute(query);
  const rows =
    result && typeof result === 'object' && 'rows' in result && Array.isArray(result.rows) ? (result.rows as unknown[]) : [];
  return rows.map((r) => row.parse(r));
}
