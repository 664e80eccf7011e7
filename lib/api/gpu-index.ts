/**
 * The body of /api/v1/index, its CSV, and the evidence of one value. The page and the embed
 * draw these very objects, so the three cannot disagree on a value.
 */
import type { Database } from '@/db/client';
import { GPU_INDEX_METHODOLOGY, type GpuIndexMethodology, type IndexChange, type IndexModel, type IndexValue } from '../analytics/gpu-index';
import { toCsv } from '../csv';
import { gpuModelLabel } from '../gpu-models';
import { readIndexEvidence, readIndexHeadline, readIndexValues, type IndexEvidence } from '../queries/gpu-index';
import type { TimeWindow } from '../view-state';
import type { RollupResolution } from '../vocabulary';
import type { WindowInfo } from './responses';
import { MAX_BUCKETS_PER_SERIES } from '../buckets';

/** An index value as published: the contributions stay behind /api/v1/index/evidence. */
export type IndexPoint = Omit<IndexValue, 'contributions'> & {
  contributingNetworks: string[];
  /** Minutes between `asOf` and the response's `generatedAt`; null without quotes. */
  ageMinutes: number | null;
};

export interface IndexChangeBody {
  fromAt: string | null;
  indexPercent: number | null;
  vsAwsPoints: number | null;
}

export interface IndexModelBody {
  model: string;
  label: string;
  headline: {
    methodology: GpuIndexMethodology;
    current: IndexPoint | null;
    change7d: IndexChangeBody;
    change30d: IndexChangeBody;
  };
  values: IndexPoint[];
}

/** A window the index is drawn in: hourly or daily buckets, the only ones it is published in. */
export type IndexTimeWindow = Omit<TimeWindow, 'resolution'> & { resolution: RollupResolution };

/**
 * The index's window for a resolved view window: a span auto would draw in weeks or months is
 * drawn daily over its last 1,000 days at most (the bucket cap), and the answer says where it
 * starts. Used by the API, the page and the embed alike, so all three agree.
 */
export function indexWindow(window: TimeWindow): IndexTimeWindow {
  if (window.resolution === 'hour' || window.resolution === 'day') return { ...window, resolution: window.resolution };
  const from = new Date(Math.max(window.from.getTime(), window.to.getTime() - MAX_BUCKETS_PER_SERIES * 86_400_000));
  return { ...window, from, resolution: 'day' };
}

export interface IndexResponse {
  methodology: GpuIndexMethodology;
  window: Omit<WindowInfo, 'resolution'> & { resolution: RollupResolution };
  /** The instant a pinned response is frozen at; null when live. */
  pinnedAt: string | null;
  generatedAt: string;
  models: IndexModelBody[];
}

const minutesBetween = (from: string | null, to: Date) => (from === null ? null : Math.max(0, Math.round((to.getTime() - Date.parse(from)) / 60_000)));

export function indexPoint(value: IndexValue, now: Date): IndexPoint {
  const { contributions, ...rest } = value;
  return {
    ...rest,
    contributingNetworks: contributions.filter((c) => !c.outlier && value.published).map((c) => c.networkSlug),
    ageMinutes: minutesBetween(value.asOf, now),
  };
}

const changeBody = (change: IndexChange): IndexChangeBody => ({ fromAt: change.from?.at ?? null, indexPercent: change.indexPercent, vsAwsPoints: change.vsAwsPoints });

/** One model's headline as published: its latest daily value against AWS, and the 7- and 30-day changes. */
export async function indexHeadlineBody(db: Database, model: IndexModel, now: Date, at: Date | null = null): Promise<IndexModelBody['headline']> {
  const headline = await readIndexHeadline(db, model, now, at);
  return {
    methodology: headline.methodology,
    current: headline.current ? indexPoint(headline.current, at ?? now) : null,
    change7d: changeBody(headline.change7d),
    change30d: changeBody(headline.change30d),
  };
}

export async function indexResponse(db: Database, query: { models: readonly IndexModel[]; window: IndexTimeWindow; at: Date | null; now: Date }): Promise<IndexResponse> {
  const end = query.at ?? query.now;
  const models = await Promise.all(
    query.models.map(async (model) => {
      const [values, headline] = await Promise.all([readIndexValues(db, model, { ...query.window, at: query.at }), indexHeadlineBody(db, model, query.now, query.at)]);
      return { model, label: gpuModelLabel(model), headline, values: values.map((v) => indexPoint(v, end)) };
    }),
  );
  return {
    methodology: GPU_INDEX_METHODOLOGY,
    window: { from: query.window.from.toISOString(), to: query.window.to.toISOString(), resolution: query.window.resolution },
    pinnedAt: query.at?.toISOString() ?? null,
    generatedAt: end.toISOString(),
    models,
  };
}

export const INDEX_CSV_HEADER = [
  'methodology',
  'gpu_model',
  'gpu_model_label',
  'resolution',
  'bucket_start_utc',
  'published',
  'index_usd_per_gpu_hour',
  'unpublished_reason',
  'networks',
  'contributing_networks',
  'outlier_networks',
  'depth_gpus',
  'aws_usd_per_gpu_hour',
  'aws_scrape_run_id',
  'vastai_usd_per_gpu_hour',
  'vastai_scrape_run_id',
  'vs_aws_percent',
  'as_of_utc',
] as const;

/** One row per model and bucket; unpublished buckets stay as rows with their reason and no value. */
export function indexCsv(body: IndexResponse): string {
  const rows = body.models.flatMap((m) =>
    m.values.map((v) => [
      v.methodology,
      m.model,
      m.label,
      body.window.resolution,
      v.at,
      v.published ? 'true' : 'false',
      v.usdPerGpuHour,
      v.reason,
      v.networks,
      v.contributingNetworks.join(' '),
      v.outlierNetworks.join(' '),
      v.depthGpus,
      v.aws?.usdPerGpuHour,
      v.aws?.runId,
      v.vastai?.usdPerGpuHour,
      v.vastai?.runId,
      v.vsAwsPercent,
      v.asOf,
    ]),
  );
  return toCsv(INDEX_CSV_HEADER, rows);
}

export type IndexEvidenceResponse = Omit<IndexEvidence, 'value'> & { methodology: GpuIndexMethodology; model: string; label: string; value: IndexPoint };

export async function indexEvidenceResponse(db: Database, query: { model: IndexModel; at: Date; resolution: RollupResolution; now: Date }): Promise<IndexEvidenceResponse> {
  const evidence = await readIndexEvidence(db, query.model, query.at, query.resolution);
  return {
    methodology: GPU_INDEX_METHODOLOGY,
    model: query.model,
    label: gpuModelLabel(query.model),
    resolution: evidence.resolution,
    value: indexPoint(evidence.value, query.now),
    quotes: evidence.quotes,
  };
}
