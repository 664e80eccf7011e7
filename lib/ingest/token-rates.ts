/** The USD rate of each token as last observed at or before a time, for converting listings. */
import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { TokenConversion } from '../sources/types';
import { z } from 'zod';
import { selectRows } from '@/db/rows';

const rowSchema = z.object({ symbol: z.string(), usd: z.coerce.number(), observed_at: z.coerce.date() });

export async function loadTokenRates(db: Database, at: Date): Promise<Map<string, TokenConversion>> {
  const rows = await selectRows(
    db,
    sql`
    select distinct on (symbol) symbol, usd, observed_at
    from token_prices
    where observed_at <= ${at.toISOString()}::timestamptz
    order by symbol, observed_at desc`,
    rowSchema,
  );
  const rates = new Map<string, TokenConversion>();
  for (const row of rows) {
    rates.set(row.symbol.toUpperCase(), { symbol: row.symbol.toUpperCase(), usdRate: row.usd, rateAt: row.observed_at });
  }
  return rates;
}
