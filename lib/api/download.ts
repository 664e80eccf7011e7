/**
 * "Download all": the CSVs of what a dashboard view shows, with a metadata.json and a
 * README.txt, in one zip. Every CSV is built by the same functions as the /api/v1 CSV
 * endpoints, from the same responses, so each file equals the API URL the metadata names for
 * it. A network page gives its supply totals, its prices of the chosen model (with AWS) and its
 * flags; a GPU model (the comparison page) gives rentable supply per network, prices across
 * networks and every network's flags.
 */
import { BUCKET_ADJECTIVES } from '../format';
import { strToU8, zipSync } from 'fflate';
import type { Database } from '@/db/client';
import { thresholds } from '../analytics/config';
import { defaultPriceModel } from '../charts/network-page';
import { gpuModelLabel } from '../gpu-models';
import { DEFINITIONS, EVIDENCE_GRADE_DEFINITIONS, methodologySources } from '../methodology';
import { findNetwork } from '../networks';
import { readFlagsState } from '../queries/analytics-state';
import { readPriceModels } from '../queries/network-page';
import type { ViewState } from '../view-state';
import { readWindow } from '../queries/window';
import { ALL_MODELS, EVIDENCE_GRADE_LABELS, EVIDENCE_GRADES, SUPPLY_STATUSES, type EvidenceGrade, type SupplyStatus } from '../vocabulary';
import { NotFoundError } from './errors';
import { flagsCsv } from './flags-csv';
import { citation, DATA_LICENCE } from './licence';
import type { DownloadParams } from './params';
import { modelSupplyResponse, pricesResponse, supplyResponse, type SourceInfo, type WindowInfo } from './responses';
import { SERIES_CSV_HEADER, seriesCsv } from './series-csv';

/** The comparison page sets what can be ordered now against its price: rentable only. */
const COMPARISON_STATUSES: readonly SupplyStatus[] = ['rentable'];

export const SERIES_COLUMNS: Record<(typeof SERIES_CSV_HEADER)[number], string> = {
  time_utc: 'Bucket start, ISO 8601 UTC. A bucket covers one hour or one day (the resolution).',
  network: 'Network slug.',
  source_id: 'The source the value came from (see sources).',
  source_name: 'Its name.',
  evidence_grade: 'How far to trust the source (see evidenceGrades).',
  gpu_model: 'Canonical GPU model id, or all for a network total.',
  gpu_model_label: 'The model as people write it.',
  metric: 'claimed, free or rentable (supply); price_min or price_median (prices).',
  unit: 'The unit of value (see units).',
  value: 'The last observation in the bucket. Empty is a gap (no successful scrape), never zero.',
  samples_in_bucket: 'Scrape runs that fell in the bucket.',
  observed_at_utc: 'When the value was observed.',
  scrape_run_id: 'The scrape run behind the value: /api/v1/runs/{id}.',
  snapshot_sha256: 'The raw bytes the run fetched: /api/v1/snapshots/{sha256}.',
};

export const FLAG_COLUMNS: Record<string, string> = {
  rule: 'claim-spread (claims disagree too widely), frozen-claim (a claim never moves while supply does) or claim-jump (a claim steps).',
  network: 'Network slug.',
  source_ids: 'The claimed sources the flag is about, space-separated.',
  from_utc: 'First observed point the flag covers.',
  to_utc: 'Last observed point the flag covers.',
  threshold: 'The configured threshold the measurement broke.',
  message: 'What was seen, in plain English, with the numbers.',
  evidence_run_ids: 'The scrape runs of the points that raised it, space-separated.',
};

export const UNITS: Record<string, string> = {
  gpus: 'GPUs, counted as the source counts them.',
  nodes: 'Machines (nodes) as a network states them; never converted into GPUs.',
  usd_per_gpu_hour: 'US dollars per GPU-hour, as the renter pays it (instance prices divided by their GPUs; token prices converted at the scrape time).',
};

interface ZipEntry {
  name: string;
  description: string;
  /** The API request (path and query) that returns exactly this file. */
  apiPath: string;
  text: string;
  columns: Record<string, string>;
}

export interface Download {
  filename: string;
  bytes: Uint8Array<ArrayBuffer>;
  /** The parsed metadata.json, for tests and callers. */
  metadata: DownloadMetadata;
}

export interface DownloadMetadata {
  title: string;
  view: { network: string | null; model: string | null; url: string; window: WindowInfo };
  retrievedAt: string;
  licence: { name: string; identifier: string; url: string; attribution: string };
  howToCite: string;
  files: { name: string; description: string; rows: number; apiUrl: string; columns: Record<string, string> }[];
  apiUrls: string[];
  units: Record<string, string>;
  definitions: { id: string; term: string; text: string }[];
  evidenceGrades: { grade: EvidenceGrade; label: string; definition: string }[];
  sources: { id: string; name: string; networkSlug: string | null; evidenceGrade: string; endpoint: string; description: string | null }[];
  methodology: string;
  apiDocumentation: string;
}

/** range (always explicit: the flags endpoint defaults to another), from and to, resolution. */
function windowQuery(view: ViewState): [string, string][] {
  const query: [string, string][] = [['range', view.range]];
  if (view.range === 'custom' && view.from && view.to) query.push(['from', view.from.toISOString()], ['to', view.to.toISOString()]);
  if (view.resolution !== 'auto') query.push(['resolution', view.resolution]);
  return query;
}

function apiPath(endpoint: string, query: [string, string][]): string {
  return `${endpoint}?${new URLSearchParams(query).toString()}`;
}

function dataRows(csvText: string): number {
  return csvText.split('\r\n').filter((line) => line !== '').length - 1;
}

const safe = (s: string) => s.replace(/[^a-z0-9-]+/gi, '-').replace(/^-+|-+$/g, '').toLowerCase();

function readme(metadata: DownloadMetadata): string {
  const lines = [
    metadata.title,
    '='.repeat(Math.min(metadata.title.length, 78)),
    '',
    `Retrieved ${metadata.retrievedAt} from ${metadata.view.url}`,
    `Window: ${metadata.view.window.from} to ${metadata.view.window.to} (UTC), ${BUCKET_ADJECTIVES[metadata.view.window.resolution]} buckets.`,
    '',
    'FILES',
    ...metadata.files.flatMap((f) => [`  ${f.name} (${f.rows} rows)`, `    ${f.description}`, `    Same as ${f.apiUrl}`]),
    '  metadata.json',
    '    Sources with their endpoints and evidence grades, definitions, units, column meanings, licence, how to cite, and the API URLs above.',
    '',
    'READING THE CSV FILES',
    '  RFC 4180, UTF-8, comma-separated, CRLF line ends, one header row. Times are ISO 8601 UTC.',
    '  One row per time bucket and series; the unit is beside every value. An empty value is a gap',
    '  (no successful scrape in that bucket), never a zero. Every value names the scrape run and the',
    '  sha256 of the raw snapshot it came from, so any cell can be traced to the bytes fetched.',
    '  Claimed is what a network advertises; free is what it lists idle; rentable is what can be',
    '  ordered now at a listed price. Sources that disagree are separate series, never averaged.',
    '',
    'LICENCE',
    `  The data is licensed under ${DATA_LICENCE.name}: ${DATA_LICENCE.url}`,
    `  ${metadata.licence.attribution}`,
    '',
    'HOW TO CITE',
    `  ${metadata.howToCite}`,
    '',
    'MORE',
    `  How every figure is made: ${metadata.methodology}`,
    `  The API: ${metadata.apiDocumentation}`,
    '',
  ];
  // Plain text for any editor: CRLF like the CSVs.
  return lines.join('\r\n');
}

export async function buildDownload(db: Database, params: DownloadParams, context: { origin: string; now: Date }): Promise<Download> {
  const { view } = params;
  const window = await readWindow(db, view, context.now);
  const windowParams = windowQuery(view);
  const entries: ZipEntry[] = [];
  const sourceInfos: SourceInfo[] = [];
  let subject: string;
  let title: string;
  let viewPath: string;
  let priceModel: string | null;

  if (params.network !== null) {
    const network = findNetwork(params.network);
    if (!network) throw new NotFoundError(`no network ${params.network}`);
    const totals = { ...view, model: ALL_MODELS };
    const supply = await supplyResponse(db, { network: network.slug, statuses: SUPPLY_STATUSES, view: totals, now: context.now });
    sourceInfos.push(...supply.sources);
    entries.push({
      name: 'supply.csv',
      description: `${network.name}: GPUs claimed, free and rentable (network totals), one series per source and status.`,
      apiPath: apiPath('/api/v1/supply', [['network', network.slug], ...windowParams, ['format', 'csv']]),
      text: await seriesCsv(db, supply.series, supply.sources),
      columns: SERIES_COLUMNS,
    });
    if (params.model) {
      priceModel = params.model;
    } else {
      const models = await readPriceModels(db, network.slug);
      priceModel = defaultPriceModel(models.models, models.awsModels);
    }
    // The file is named for what was asked: a price model chosen by default is inside, not in the name.
    subject = params.model ? `${network.slug}-${params.model}` : network.slug;
    title = `Rentable: ${network.name}, GPU supply${priceModel ? `, ${gpuModelLabel(priceModel)} prices` : ''} and flags`;
    viewPath = `/networks/${network.slug}?${new URLSearchParams([...(priceModel ? [['model', priceModel] as [string, string]] : []), ...windowParams]).toString()}`;
  } else {
    priceModel = params.model;
    const model = { ...view, model: params.model };
    const supply = await modelSupplyResponse(db, { statuses: COMPARISON_STATUSES, view: model, now: context.now });
    sourceInfos.push(...supply.sources);
    const networks = [...new Set(supply.series.map((s) => s.networkSlug))].sort();
    for (const slug of networks) {
      const series = supply.series.filter((s) => s.networkSlug === slug);
      const name = findNetwork(slug)?.name ?? slug;
      entries.push({
        name: `supply-${safe(slug)}.csv`,
        description: `${name}: ${gpuModelLabel(params.model)} GPUs rentable now, one series per source.`,
        apiPath: apiPath('/api/v1/supply', [['network', slug], ['status', COMPARISON_STATUSES.join(',')], ['model', params.model], ...windowParams, ['format', 'csv']]),
        text: await seriesCsv(db, series, supply.sources),
        columns: SERIES_COLUMNS,
      });
    }
    subject = `${params.model}-all-networks`;
    title = `Rentable: ${gpuModelLabel(params.model)} across networks, rentable supply, prices and flags`;
    viewPath = `/compare?${new URLSearchParams([['model', params.model], ...windowParams]).toString()}`;
  }

  if (priceModel) {
    const prices = await pricesResponse(db, { network: params.network ?? undefined, view: { ...view, model: priceModel }, now: context.now });
    sourceInfos.push(...prices.sources);
    entries.push({
      name: 'prices.csv',
      description: `USD per GPU-hour of ${gpuModelLabel(priceModel)} (cheapest and median listing) per source${params.network ? '' : ' on every network'}, with the AWS on-demand reference for the same model.`,
      apiPath: apiPath('/api/v1/prices', [...(params.network ? [['network', params.network] as [string, string]] : []), ['model', priceModel], ...windowParams, ['format', 'csv']]),
      text: await seriesCsv(db, prices.series, prices.sources),
      columns: SERIES_COLUMNS,
    });
  }

  // As /api/v1/flags answers it (the file must equal the URL it names): a preset range's from its stored state.
  const { report: flags } = await readFlagsState(db, view, context.now, thresholds(), params.network ?? undefined);
  entries.push({
    name: 'flags.csv',
    description: `Suspicious claims in the window${params.network ? '' : ' on every network'}, each with the scrape runs of the points that raised it.`,
    apiPath: apiPath('/api/v1/flags', [...(params.network ? [['network', params.network] as [string, string]] : []), ...windowParams, ['format', 'csv']]),
    text: flagsCsv(flags.flags),
    columns: FLAG_COLUMNS,
  });

  const windowInfo: WindowInfo = { from: window.from.toISOString(), to: window.to.toISOString(), resolution: window.resolution };
  const viewUrl = `${context.origin}${viewPath}`;
  const described = new Map(methodologySources().map((s) => [s.id, s]));
  const sourceIds = [...new Set([...sourceInfos.map((s) => s.id), ...flags.flags.flatMap((f) => f.sourceIds)])].sort();
  const metadata: DownloadMetadata = {
    title,
    view: { network: params.network, model: priceModel, url: viewUrl, window: windowInfo },
    retrievedAt: context.now.toISOString(),
    licence: {
      ...DATA_LICENCE,
      attribution: 'Credit “Rentable” with a link to the page or API URL the data came from, and say if you changed it.',
    },
    howToCite: citation(viewUrl, context.now),
    files: entries.map((e) => ({ name: e.name, description: e.description, rows: dataRows(e.text), apiUrl: `${context.origin}${e.apiPath}`, columns: e.columns })),
    apiUrls: entries.map((e) => `${context.origin}${e.apiPath}`),
    units: UNITS,
    definitions: DEFINITIONS.map(({ id, term, text }) => ({ id, term, text })),
    evidenceGrades: EVIDENCE_GRADES.map((grade) => ({ grade, label: EVIDENCE_GRADE_LABELS[grade], definition: EVIDENCE_GRADE_DEFINITIONS[grade] })),
    sources: sourceIds.map((id) => {
      const info = sourceInfos.find((s) => s.id === id);
      const method = described.get(id);
      return {
        id,
        name: info?.name ?? method?.name ?? id,
        networkSlug: info?.networkSlug ?? method?.networkSlug ?? null,
        evidenceGrade: info?.evidenceGrade ?? method?.evidenceGrade ?? 'unknown',
        endpoint: info?.endpoint ?? method?.endpoint ?? '',
        description: method?.description ?? null,
      };
    }),
    methodology: `${context.origin}/methodology`,
    apiDocumentation: `${context.origin}/docs/api`,
  };

  // A fixed modification time (the retrieval minute) keeps the bytes, and so the ETag, stable.
  const mtime = context.now;
  const files: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const entry of entries) files[entry.name] = [strToU8(entry.text), { mtime }];
  files['metadata.json'] = [strToU8(`${JSON.stringify(metadata, null, 2)}\n`), { mtime }];
  files['README.txt'] = [strToU8(readme(metadata)), { mtime }];
  const bytes = zipSync(files, { level: 6 });
  const filename = `rentable-${safe(subject)}-${windowInfo.from.slice(0, 10)}_${windowInfo.to.slice(0, 10)}-${windowInfo.resolution}.zip`;
  return { filename, bytes, metadata };
}
