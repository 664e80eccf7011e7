/**
 * How a figure moved: the value the same source reported for the same metric at an earlier
 * time (the last hourly bucket at or before it, within a tolerance), so "change over 24 h" compares
 * like with like and never mixes sources.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { selectRows } from '@/db/rows';

export interface FigureKey {
  sourceId: string;
  metric: string;
  gpuModel: string;
  unit: string;
}

const rowSchema = z.object({ source_id: z.string(), metric: z.string(), gpu_model: z.string(), unit: z.string(), last: z.coerce.number() });

const keyOf = (k: FigureKey) => `${k.sourceId}|${k.metric}|${k.gpuModel}|${k.unit}`;

export async function readValuesAt(
  db: Database,
  keys: readonly FigureKey[],
  at: Date,
  toleranceMs = 6 * 3_600_000,
): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const sources = [...new Set(keys.map((k) => k.sourceId))];
  const rows = await selectRows(
    db,
    sql`
      select distinct on (source_id, metric, gpu_model, unit) source_id, metric, gpu_model, unit, last
      from series_rollups
      where resolution = 'hour'
        and source_id in (${sql.join(sources.map((s) => sql`${s}`), sql`, `)})
        and bucket_start <= ${at.toISOString()}::timestamptz
        and bucket_start > ${new Date(at.getTime() - toleranceMs).toISOString()}::timestamptz
      order by source_id, metric, gpu_model, unit, bucket_start desc`,
    rowSchema,
  );
  const wanted = new Set(keys.map(keyOf));
  const values = new Map<string, number>();
  for (const r of rows) {
    const key = keyOf({ sourceId: r.source_id, metric: r.metric, gpuModel: r.gpu_model, unit: r.unit });
    if (wanted.has(key)) values.set(key, r.last);
  }
  return values;
}

export function figureKey(k: FigureKey): string {
  return keyOf(k);
}
