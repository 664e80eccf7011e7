/**
 * Every control of a chart view lives in the URL, so any view is a link that reopens exactly.
 * One zod schema parses the search params for pages and for the JSON API alike; invalid input
 * names the parameter.
 */
import { z } from 'zod';
import { CHART_RESOLUTIONS, type ChartResolution } from './vocabulary';
import { MAX_BUCKETS_PER_SERIES, NOMINAL_BUCKET_MS } from './buckets';
import { ISO_INSTANT_HINT, parseIsoInstant } from './iso-instant';
import { currentTimeMs } from './clock';
import { HOURLY_ROLLUP_RETENTION_DAYS, hourlyRetentionStart } from './retention';

export const RANGE_PRESETS = ['24h', '7d', '30d', '90d', '1y', 'all'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PRESET_MS: Record<Exclude<RangePreset, 'all'>, number> = { '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY, '90d': 90 * DAY, '1y': 365 * DAY };
/** "all" starts before the earliest dated claim we hold (io.net, 2024-05-01). */
export const ALL_TIME_FROM = new Date('2024-01-01T00:00:00Z');
/**
 * What "auto" draws a span in: the first step whose span reaches it. Each step stays well under
 * MAX_BUCKETS_PER_SERIES (14 days of hours is 336 buckets, 400 days 400, five years 261 weeks).
 */
const AUTO_STEPS: readonly { upToMs: number; resolution: ChartResolution }[] = [
  { upToMs: 14 * DAY, resolution: 'hour' },
  { upToMs: 400 * DAY, resolution: 'day' },
  { upToMs: 5 * 365 * DAY, resolution: 'week' },
];

/**
 * The longest span a resolution may be asked for: MAX_BUCKETS_PER_SERIES buckets. A year of
 * hours would make every chart, table and CSV of it 8,760 rows a series, and every request must
 * stay cheap whatever it asks.
 */
export function maxSpanMs(resolution: ChartResolution): number {
  return MAX_BUCKETS_PER_SERIES * NOMINAL_BUCKET_MS[resolution];
}
/** Kept for callers that only ask about hours. */
export const MAX_HOURLY_SPAN_MS = maxSpanMs('hour');

const SPAN_WORDS: Record<ChartResolution, string> = {
  hour: '1,000 hours (41 days 16 hours)',
  day: '1,000 days (about 2 years 9 months)',
  week: '1,000 weeks (about 19 years)',
  month: '1,000 months',
};

/** The 400 message of a resolution asked for over too long a span. */
function tooLongMessage(resolution: ChartResolution): string {
  const coarser = CHART_RESOLUTIONS.slice(CHART_RESOLUTIONS.indexOf(resolution) + 1);
  return `${resolution} draws at most ${MAX_BUCKETS_PER_SERIES.toLocaleString('en-US')} buckets a series: the largest span allowed at this resolution is ${SPAN_WORDS[resolution]}; use ${[...coarser, 'auto'].join(', ')} for a longer range`;
}

/** The earliest instant a URL may name: before it no network we follow published anything. */
export const EARLIEST_PARAM_INSTANT = new Date('2020-01-01T00:00:00Z');
/** How far past now a URL may reach: a custom range may end at tomorrow's midnight, no later. */
const LATEST_PARAM_AHEAD_MS = DAY;

/**
 * A strict ISO 8601 date or time parameter (lib/iso-instant.ts), as a Date, from 2020-01-01 to
 * one day after now: a window of the year 9999 is a typo and would only make empty buckets.
 */
export const isoInstantParam = z.string().transform((s, ctx) => {
  const at = parseIsoInstant(s);
  if (!at) {
    ctx.addIssue({ code: 'custom', message: ISO_INSTANT_HINT });
    return z.NEVER;
  }
  const latest = currentTimeMs() + LATEST_PARAM_AHEAD_MS;
  if (at.getTime() < EARLIEST_PARAM_INSTANT.getTime() || at.getTime() > latest) {
    ctx.addIssue({ code: 'custom', message: `must be from 2020-01-01 to at most one day from now (${new Date(latest).toISOString().slice(0, 16)}Z)` });
    return z.NEVER;
  }
  return at;
});

export const viewStateSchema = z
  .object({
    range: z.enum([...RANGE_PRESETS, 'custom']).default('7d'),
    from: isoInstantParam.optional(),
    to: isoInstantParam.optional(),
    resolution: z.enum(['auto', ...CHART_RESOLUTIONS]).default('auto'),
    model: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$|^unknown:.+$/, 'must be a GPU model id such as h100-sxm-80gb, or all')
      .max(120)
      .default('all'),
    scale: z.enum(['linear', 'log']).default('linear'),
    compare: z.enum(['0', '1']).default('0'),
  })
  .superRefine((v, ctx) => {
    if (v.range === 'custom' && (!v.from || !v.to)) {
      ctx.addIssue({ code: 'custom', path: [v.from ? 'to' : 'from'], message: 'is required when range=custom' });
    }
    if (v.from && v.to && v.from >= v.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    if (v.range !== 'custom' && (v.from || v.to)) {
      ctx.addIssue({ code: 'custom', path: [v.from ? 'from' : 'to'], message: 'is only allowed with range=custom' });
    }
    if (v.resolution !== 'auto' && !resolutionAllowed(v, v.resolution)) {
      ctx.addIssue({ code: 'custom', path: ['resolution'], message: tooLongMessage(v.resolution) });
    } else if (v.resolution === 'hour' && !hourlyRetained(v)) {
      ctx.addIssue({
        code: 'custom',
        path: ['resolution'],
        message: `hour is offered within the last ${HOURLY_ROLLUP_RETENTION_DAYS} days only (older hourly buckets are not kept; with compare=1 the previous period counts too); use day, week, month or auto`,
      });
    }
  });

/** The span a view covers, or null for a custom range not yet complete ("all" reaches back to 2024). */
function viewSpanMs(view: { range: RangePreset | 'custom'; from?: Date; to?: Date }, now: Date): number | null {
  if (view.range === 'custom') return view.from && view.to ? view.to.getTime() - view.from.getTime() : null;
  return view.range === 'all' ? now.getTime() - ALL_TIME_FROM.getTime() : PRESET_MS[view.range];
}

/**
 * True when the range may be drawn at this resolution (at most MAX_BUCKETS_PER_SERIES buckets).
 * Judged on the span asked for, before any clipping to the first observation, so whether a URL
 * is valid never depends on the data.
 */
export function resolutionAllowed(view: { range: RangePreset | 'custom'; from?: Date; to?: Date }, resolution: ChartResolution): boolean {
  const span = viewSpanMs(view, new Date(currentTimeMs()));
  return span === null || span <= maxSpanMs(resolution);
}

/**
 * True when every hour the view reads (the previous period's too, with compare=1) lies inside
 * the hourly rollups' retention (lib/retention.ts): older hourly buckets are deleted.
 */
export function hourlyRetained(view: { range: RangePreset | 'custom'; from?: Date; to?: Date; compare?: '0' | '1' }, now = new Date(currentTimeMs())): boolean {
  const span = viewSpanMs(view, now);
  if (span === null) return true;
  const from = view.range === 'custom' && view.from ? view.from.getTime() : now.getTime() - span;
  const earliestRead = view.compare === '1' ? from - span : from;
  return earliestRead >= hourlyRetentionStart(now).getTime();
}

/** True when hourly buckets may be drawn for this range: within the bucket cap and the retention. */
export function hourlyAllowed(view: { range: RangePreset | 'custom'; from?: Date; to?: Date; compare?: '0' | '1' }): boolean {
  return resolutionAllowed(view, 'hour') && hourlyRetained(view);
}

export type ViewState = z.output<typeof viewStateSchema>;
export const DEFAULT_VIEW: ViewState = viewStateSchema.parse({});

export class InvalidParameterError extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(`${param}: ${message}`);
    this.name = 'InvalidParameterError';
  }
}

export type SearchParamsInput = URLSearchParams | Record<string, string | string[] | undefined>;

/** The parameter names of the shared view state, as every chart URL spells them. */
export const VIEW_KEYS = ['range', 'from', 'to', 'resolution', 'model', 'scale', 'compare'] as const;

/**
 * The query string as one value per name. A name given twice is a 400 naming it: reading the
 * first (or the last) would check one value and draw another. With `keys`, only those names are
 * read (and checked for repeats): pages ignore names they do not know, such as utm_source.
 * An empty value means "not given" (`?range=` is the default range).
 */
export function searchParamsRecord(input: SearchParamsInput, keys?: readonly string[]): Record<string, string> {
  const record: Record<string, string> = {};
  const seen = new Set<string>();
  const take = (key: string, value: string | undefined) => {
    if (keys && !keys.includes(key)) return;
    if (seen.has(key)) throw new InvalidParameterError(key, 'is given more than once; give each parameter once');
    seen.add(key);
    if (value !== undefined && value !== '') record[key] = value;
  };
  if (input instanceof URLSearchParams) {
    for (const [key, value] of input) take(key, value);
  } else {
    for (const [key, value] of Object.entries(input)) {
      for (const one of Array.isArray(value) ? value : [value]) take(key, one);
    }
  }
  return record;
}

/** Every name and value of the query string as given, repeats and unknown names included. */
export function toSearchParams(input: SearchParamsInput): URLSearchParams {
  if (input instanceof URLSearchParams) return new URLSearchParams(input);
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(input)) for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined) params.append(key, one);
  return params;
}

/** Parses with a schema and throws InvalidParameterError naming the first bad parameter. */
export function parseParams<S extends z.ZodType>(schema: S, input: SearchParamsInput): z.output<S> {
  const parsed = schema.safeParse(searchParamsRecord(input));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const param = issue?.path[0] !== undefined ? String(issue.path[0]) : 'query';
  throw new InvalidParameterError(param, issue?.message ?? 'invalid');
}

/** The view-state parameters of a URL; other names are left to the caller (pages ignore them). */
export function parseViewState(input: SearchParamsInput): ViewState {
  return parseParams(viewStateSchema, searchParamsRecord(input, VIEW_KEYS));
}

export interface TimeWindow {
  from: Date;
  to: Date;
  resolution: ChartResolution;
  /**
   * Set when the range reached back before the first observation we hold: `from` was moved up
   * to it, and the chart says "Tracking began" rather than drawing empty buckets.
   */
  trackingBegan?: Date;
}

export interface WindowContext {
  /** The first observation we hold (of anything): a window never starts before its bucket. */
  trackingBegan?: Date | null;
  /**
   * The shortest schedule of the sources drawn, in ms: "auto" is never finer, so a bucket
   * with no scheduled observation is never drawn as if one were missing.
   */
  fastestScheduleMs?: number;
}

/** The resolution "auto" picks for a span, never finer than the fastest schedule. */
export function autoResolution(spanMs: number, fastestScheduleMs = 0): ChartResolution {
  const bySpan = AUTO_STEPS.find((step) => spanMs <= step.upToMs)?.resolution ?? 'month';
  const byCadence = CHART_RESOLUTIONS.find((r) => NOMINAL_BUCKET_MS[r] >= fastestScheduleMs) ?? 'month';
  return CHART_RESOLUTIONS[Math.max(CHART_RESOLUTIONS.indexOf(bySpan), CHART_RESOLUTIONS.indexOf(byCadence))]!;
}

/**
 * The concrete window a view shows at `now`, with the resolution its span calls for, clipped
 * to the first observation when one is given.
 */
export function resolveWindow(view: ViewState, now: Date, context: WindowContext = {}): TimeWindow {
  const range = view.range;
  let from: Date;
  let to = now;
  if (range === 'custom') {
    // The schema guarantees both bounds with range=custom.
    from = view.from ?? ALL_TIME_FROM;
    to = view.to ?? now;
  } else {
    from = range === 'all' ? ALL_TIME_FROM : new Date(now.getTime() - PRESET_MS[range]);
  }
  const began = context.trackingBegan;
  // Clipped only when tracking began inside the window: a window wholly before it stays as
  // asked (and is empty), so "nothing yet" is not mistaken for a shorter range.
  const clipped = began && began.getTime() > from.getTime() && began.getTime() < to.getTime();
  if (clipped) from = began;
  const auto = autoResolution(to.getTime() - from.getTime(), context.fastestScheduleMs);
  // An old window drawn hourly would read hours housekeeping has deleted: auto draws it daily.
  const resolution = view.resolution === 'auto' ? (auto === 'hour' && !hourlyRetained(view, now) ? 'day' : auto) : view.resolution;
  return clipped ? { from, to, resolution, trackingBegan: began } : { from, to, resolution };
}

/** The window just before, of the same length, for "compare with the previous period". */
export function previousWindow(window: TimeWindow): TimeWindow {
  const span = window.to.getTime() - window.from.getTime();
  return { from: new Date(window.from.getTime() - span), to: window.from, resolution: window.resolution };
}

/** The view as search params, defaults left out so links stay short and stable. */
export function viewToSearchParams(view: ViewState): URLSearchParams {
  const params = new URLSearchParams();
  if (view.range !== DEFAULT_VIEW.range) params.set('range', view.range);
  if (view.range === 'custom' && view.from) params.set('from', view.from.toISOString());
  if (view.range === 'custom' && view.to) params.set('to', view.to.toISOString());
  if (view.resolution !== DEFAULT_VIEW.resolution) params.set('resolution', view.resolution);
  if (view.model !== DEFAULT_VIEW.model) params.set('model', view.model);
  if (view.scale !== DEFAULT_VIEW.scale) params.set('scale', view.scale);
  if (view.compare !== DEFAULT_VIEW.compare) params.set('compare', view.compare);
  return params;
}
