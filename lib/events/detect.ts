/**
 * Event detectors: pure functions from what the analytics already computed (flags from
 * lib/analytics/flags.ts, the per-run observations behind them) and the scrape runs of the
 * detection window, to the changes worth a feed entry. No detector reads a database or a clock.
 *
 * A condition already holding at the window's first observation began before the window (when
 * the source has earlier runs): its start is not in view, so no "raised" or "dropped" event is
 * made from it; it was made by the pass that saw it begin. Ends and recoveries are always in view.
 */
import { claimSpreadSeries } from '../analytics/claim-spread';
import { count, networkName, observedPoints, timeOf, when, type ObservedPoint } from '../analytics/observed';
import type { Thresholds } from '../analytics/thresholds';
import type { Flag, SourceSeries } from '../analytics/types';
import type { NetworkSeries } from '../analytics/flags';
import type { IndexMove } from '../analytics/gpu-index';
import type { DetectedEvent, EventKind } from './kinds';

/** A source is failing once its failed runs have gone on for longer than this. */
export const SOURCE_FAILING_HOURS = 6;
const HOUR_MS = 3_600_000;

export interface RunOutcome {
  runId: number;
  at: string;
  ok: boolean;
}

/** One source's runs in the window, oldest first. */
export interface SourceRuns {
  sourceId: string;
  network: string | null;
  runs: readonly RunOutcome[];
}

/** The canonical GPU models a successful run listed as rentable or priced. */
export interface ModelPresence {
  runId: number;
  at: string;
  models: readonly string[];
}

export interface SourceModels {
  sourceId: string;
  network: string;
  /** Successful runs, oldest first. */
  runs: readonly ModelPresence[];
}

export interface DetectionInput {
  window: { from: string; to: string };
  /** Claimed, free and rentable network totals, one point per run (lib/queries/observations.ts). */
  networks: readonly NetworkSeries[];
  /** The same observations from where run-to-run changes are looked for (a rentable step); `networks` when absent. */
  supplyNetworks?: readonly NetworkSeries[];
  /** The flags of those observations (lib/analytics/flags.ts). */
  flags: readonly Flag[];
  sourceRuns: readonly SourceRuns[];
  sourceModels: readonly SourceModels[];
  /** Sources with runs before the window began. */
  sourcesWithEarlierHistory: ReadonlySet<string>;
  /** Sources with runs before `sourceRuns` begin, when those start later than the window; `sourcesWithEarlierHistory` when absent. */
  sourcesWithEarlierRuns?: ReadonlySet<string>;
  thresholds: Thresholds;
  /**
   * Moves of the GPU index between consecutive published completed days, beyond
   * `thresholds.indexMovePercent` (lib/queries/gpu-index.ts readIndexMoves); none when absent.
   */
  indexMoves?: readonly IndexMove[];
}

/**
 * One rule turning analytics into events. New detectors add what they read to
 * DetectionInput and register here; nothing else changes.
 */
export interface EventDetector {
  name: string;
  kinds: readonly EventKind[];
  detect(input: DetectionInput): DetectedEvent[];
}

function firstObservedAt(series: readonly SourceSeries[], sourceIds: readonly string[]): number | null {
  let first: number | null = null;
  for (const s of series) {
    if (!sourceIds.includes(s.sourceId)) continue;
    const [p] = observedPoints(s.points);
    if (p && (first === null || p.t < first)) first = p.t;
  }
  return first;
}

function flagSubject(flag: Flag): string {
  if (flag.rule === 'claim-spread') return `claim-spread:${flag.network}:${flag.unit}`;
  return `${flag.rule}:${flag.network}:${flag.sourceIds.join('+')}`;
}

const RULE_NAMES: Record<Flag['rule'], string> = { 'claim-spread': 'claim spread', 'frozen-claim': 'frozen claim', 'claim-jump': 'claim jump' };

function runAt(flag: Flag, at: string): number | null {
  return flag.evidence.find((e) => e.role === 'claimed' && timeOf(e.at) === timeOf(at))?.runId ?? null;
}

/** Where a flag's condition stopped holding: the first observation after it that was measured and did not qualify. */
function flagEnd(flag: Flag, claims: readonly SourceSeries[]): { at: string; runId: number | null } | null {
  const toT = timeOf(flag.to);
  if (flag.rule === 'claim-spread') {
    const after = claimSpreadSeries(claims).find((p) => p.unit === flag.unit && timeOf(p.at) > toT && p.ratio !== null);
    return after ? { at: after.at, runId: after.claims[0]?.runId ?? null } : null;
  }
  const series = claims.find((c) => c.sourceId === flag.sourceIds[0]);
  const after = series ? observedPoints(series.points).find((p) => p.t > toT) : undefined;
  return after ? { at: after.at, runId: after.runId } : null;
}

/** Spread and frozen-claim flags raised and cleared (jumps are their own kind: a step has no duration). */
export const flagDetector: EventDetector = {
  name: 'flags',
  kinds: ['flag-raised', 'flag-cleared'],
  detect(input) {
    const out: DetectedEvent[] = [];
    for (const flag of input.flags) {
      if (flag.rule === 'claim-jump') continue;
      const claims = input.networks.find((n) => n.network === flag.network)?.claims ?? [];
      const subject = flagSubject(flag);
      const base = { subject, network: flag.network, sourceId: flag.sourceIds.length === 1 ? (flag.sourceIds[0] ?? null) : null, gpuModel: null };
      const details = { rule: flag.rule, from: flag.from, to: flag.to, threshold: flag.threshold, sourceIds: flag.sourceIds, message: flag.message };
      const first = firstObservedAt(claims, flag.sourceIds);
      const startInView = first === null || timeOf(flag.from) > first || !flag.sourceIds.some((s) => input.sourcesWithEarlierHistory.has(s));
      if (startInView) {
        out.push({
          ...base,
          kind: 'flag-raised',
          keyAt: flag.from,
          occurredAt: flag.from,
          title: `${networkName(flag.network)}: ${RULE_NAMES[flag.rule]} flag raised`,
          summary: flag.message,
          runId: runAt(flag, flag.from),
          details,
        });
      }
      const end = flagEnd(flag, claims);
      if (end) {
        out.push({
          ...base,
          kind: 'flag-cleared',
          keyAt: end.at,
          occurredAt: end.at,
          title: `${networkName(flag.network)}: ${RULE_NAMES[flag.rule]} flag cleared`,
          summary: `The ${RULE_NAMES[flag.rule]} flag that held from ${when(flag.from)} to ${when(flag.to)} no longer held at the observation of ${when(end.at)}.`,
          runId: end.runId,
          details: { ...details, clearedAt: end.at },
        });
      }
    }
    return out;
  },
};

/** Each claim-jump flag is one event, identified by the observation after the step. */
export const claimJumpDetector: EventDetector = {
  name: 'claim-jumps',
  kinds: ['claim-jump'],
  detect(input) {
    return input.flags.flatMap((flag): DetectedEvent[] => {
      if (flag.rule !== 'claim-jump') return [];
      const sourceId = flag.sourceIds[0] ?? null;
      return [
        {
          kind: 'claim-jump',
          subject: `claim-jump:${flag.network}:${sourceId}`,
          keyAt: flag.to,
          occurredAt: flag.to,
          network: flag.network,
          sourceId,
          gpuModel: null,
          title: `${networkName(flag.network)}: claimed figure ${flag.after > flag.before ? 'rose' : 'fell'} from ${count(flag.before)} to ${count(flag.after)}`,
          summary: flag.message,
          runId: runAt(flag, flag.to),
          details: { rule: flag.rule, before: flag.before, after: flag.after, changePercent: flag.changePercent, unit: flag.unit, from: flag.from, to: flag.to, acrossGap: flag.acrossGap },
        },
      ];
    });
  },
};

/** Rentable network totals stepping from some GPUs to none, and from none back to some. */
export const rentableZeroDetector: EventDetector = {
  name: 'rentable-zero',
  kinds: ['rentable-zero', 'rentable-recovered'],
  detect(input) {
    const out: DetectedEvent[] = [];
    for (const network of input.supplyNetworks ?? input.networks) {
      for (const series of network.supply) {
        if (series.status !== 'rentable') continue;
        const observed = observedPoints(series.points);
        const base = { subject: `rentable:${network.network}:${series.sourceId}`, network: network.network, sourceId: series.sourceId, gpuModel: null };
        for (let i = 1; i < observed.length; i += 1) {
          const before = observed[i - 1] as ObservedPoint;
          const after = observed[i] as ObservedPoint;
          if (before.value > 0 && after.value === 0) {
            out.push({
              ...base,
              kind: 'rentable-zero',
              keyAt: after.at,
              occurredAt: after.at,
              title: `${networkName(network.network)}: rentable GPUs dropped to zero`,
              summary: `${networkName(network.network)} (${series.sourceId}) offered ${count(before.value)} rentable GPUs at ${when(before.at)} and none at ${when(after.at)}.`,
              runId: after.runId,
              details: { before: before.value, beforeAt: before.at, beforeRunId: before.runId },
            });
          } else if (before.value === 0 && after.value > 0) {
            out.push({
              ...base,
              kind: 'rentable-recovered',
              keyAt: after.at,
              occurredAt: after.at,
              title: `${networkName(network.network)}: rentable GPUs recovered to ${count(after.value)}`,
              summary: `${networkName(network.network)} (${series.sourceId}) offered no rentable GPUs at ${when(before.at)} and ${count(after.value)} at ${when(after.at)}.`,
              runId: after.runId,
              details: { after: after.value, zeroAt: before.at, zeroRunId: before.runId },
            });
          }
        }
      }
    }
    return out;
  },
};

/**
 * A source whose runs have failed for more than SOURCE_FAILING_HOURS (from its first failed
 * run to a failed run after that long), and its first successful run after such a streak.
 */
export const sourceFailureDetector: EventDetector = {
  name: 'source-failures',
  kinds: ['source-failing', 'source-recovered'],
  detect(input) {
    const out: DetectedEvent[] = [];
    for (const source of input.sourceRuns) {
      const base = { subject: `source:${source.sourceId}`, network: source.network, sourceId: source.sourceId, gpuModel: null };
      let streakStart: RunOutcome | null = null;
      let streakInView = false;
      let reported = false;
      let lastOk: RunOutcome | null = null;
      source.runs.forEach((run, index) => {
        if (!run.ok) {
          if (!streakStart) {
            streakStart = run;
            streakInView = index > 0 || !(input.sourcesWithEarlierRuns ?? input.sourcesWithEarlierHistory).has(source.sourceId);
            reported = false;
          }
          const start: RunOutcome = streakStart;
          const failingHours = (timeOf(run.at) - timeOf(start.at)) / HOUR_MS;
          if (!reported && failingHours > SOURCE_FAILING_HOURS) {
            reported = true;
            if (streakInView) {
              out.push({
                ...base,
                kind: 'source-failing',
                keyAt: start.at,
                occurredAt: run.at,
                title: `${source.sourceId} failing for more than ${SOURCE_FAILING_HOURS} h`,
                summary:
                  `Every scrape of ${source.sourceId} has failed since ${when(start.at)}` +
                  (lastOk ? ` (last success ${when(lastOk.at)})` : '') +
                  `; still failing at ${when(run.at)}. Charts show a gap for it, never a zero.`,
                runId: run.runId,
                details: { firstFailedAt: start.at, firstFailedRunId: start.runId, lastSuccessAt: lastOk?.at ?? null },
              });
            }
          }
          return;
        }
        if (streakStart && reported) {
          const start: RunOutcome = streakStart;
          out.push({
            ...base,
            kind: 'source-recovered',
            keyAt: run.at,
            occurredAt: run.at,
            title: `${source.sourceId} recovered`,
            summary: `${source.sourceId} succeeded at ${when(run.at)} after failing since ${when(start.at)} (${Math.round((timeOf(run.at) - timeOf(start.at)) / HOUR_MS)} h).`,
            runId: run.runId,
            details: { firstFailedAt: start.at, firstFailedRunId: start.runId },
          });
        }
        streakStart = null;
        lastOk = run;
      });
    }
    return out;
  },
};

/** A canonical GPU model a source lists in one successful run and not in its previous one, or the reverse. */
export const modelPresenceDetector: EventDetector = {
  name: 'gpu-models',
  kinds: ['model-appeared', 'model-vanished'],
  detect(input) {
    const out: DetectedEvent[] = [];
    for (const source of input.sourceModels) {
      for (let i = 1; i < source.runs.length; i += 1) {
        const before = source.runs[i - 1] as ModelPresence;
        const after = source.runs[i] as ModelPresence;
        const had = new Set(before.models);
        const has = new Set(after.models);
        const event = (kind: 'model-appeared' | 'model-vanished', gpuModel: string): DetectedEvent => ({
          kind,
          subject: `model:${source.sourceId}:${gpuModel}`,
          keyAt: after.at,
          occurredAt: after.at,
          network: source.network,
          sourceId: source.sourceId,
          gpuModel,
          title: `${networkName(source.network)}: ${gpuModel} ${kind === 'model-appeared' ? 'appeared' : 'vanished'}`,
          summary:
            kind === 'model-appeared'
              ? `${source.sourceId} listed ${gpuModel} as rentable or priced at ${when(after.at)}, and not at its previous successful run (${when(before.at)}).`
              : `${source.sourceId} listed ${gpuModel} at ${when(before.at)} and no longer at its next successful run (${when(after.at)}).`,
          runId: after.runId,
          details: { previousRunId: before.runId, previousAt: before.at },
        });
        for (const m of [...has].sort()) if (!had.has(m)) out.push(event('model-appeared', m));
        for (const m of [...had].sort()) if (!has.has(m)) out.push(event('model-vanished', m));
      }
    }
    return out;
  },
};

/** A published daily GPU index value that moved beyond the threshold from the previous published one. */
export const indexMoveDetector: EventDetector = {
  name: 'gpu-index',
  kinds: ['index-move'],
  detect(input) {
    return (input.indexMoves ?? []).map((move) => {
      const direction = move.changePercent > 0 ? 'rose' : 'fell';
      const percent = Math.abs(move.changePercent).toFixed(1);
      return {
        kind: 'index-move' as const,
        subject: `index:${move.methodology}:${move.model}`,
        keyAt: move.toAt,
        occurredAt: move.toAt,
        network: null,
        sourceId: null,
        gpuModel: move.model,
        title: `GPU index ${move.model}: ${direction} ${percent} %`,
        summary: `The DePIN rentable price index (${move.methodology}) for ${move.model} ${direction} from $${move.fromUsdPerGpuHour.toFixed(4)} (day of ${move.fromAt.slice(0, 10)}) to $${move.toUsdPerGpuHour.toFixed(4)} per GPU-hour (day of ${move.toAt.slice(0, 10)}), beyond the ${input.thresholds.indexMovePercent} % threshold.`,
        // The first run behind the later value; all of them are in the details and the index evidence.
        runId: move.runIds[0] ?? null,
        details: { methodology: move.methodology, fromAt: move.fromAt, fromUsdPerGpuHour: move.fromUsdPerGpuHour, toUsdPerGpuHour: move.toUsdPerGpuHour, changePercent: move.changePercent, runIds: move.runIds },
      };
    });
  },
};

/** Every detector, run in this order. */
export const EVENT_DETECTORS: readonly EventDetector[] = [flagDetector, claimJumpDetector, rentableZeroDetector, sourceFailureDetector, modelPresenceDetector, indexMoveDetector];

/** Every event the detectors find, oldest first; the same input always gives the same list. */
export function detectEvents(input: DetectionInput, detectors: readonly EventDetector[] = EVENT_DETECTORS): DetectedEvent[] {
  return detectors
    .flatMap((d) => d.detect(input))
    .sort((a, b) => timeOf(a.occurredAt) - timeOf(b.occurredAt) || a.kind.localeCompare(b.kind) || a.subject.localeCompare(b.subject));
}
