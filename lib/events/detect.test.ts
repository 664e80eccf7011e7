/**
 * The detectors on small synthetic inputs: which changes make events, dated by which
 * observation, and which do not (a condition already holding when the window opens on earlier
 * history; a source failing for exactly 6 h). Also the signature a receiver checks.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../analytics/thresholds';
import { networkFlags } from '../analytics/flags';
import type { Point } from '../analytics/types';
import { detectEvents, type DetectionInput, type RunOutcome } from './detect';
import { eventId } from './kinds';
import { backoffDelayMs, signWebhookBody, verifyWebhookSignature } from './webhooks';
import { createHmac } from 'node:crypto';

const HOUR = 3_600_000;
const t0 = Date.parse('2026-11-10T00:00:00Z');
const at = (hours: number) => new Date(t0 + hours * HOUR).toISOString();
const series = (values: (number | null)[], stepHours = 6, firstRun = 1): Point[] =>
  values.map((value, i) => ({ at: at(i * stepHours), value, runId: value === null ? null : firstRun + i }));

function input(overrides: Partial<DetectionInput>): DetectionInput {
  const networks = overrides.networks ?? [];
  return {
    window: { from: at(0), to: at(1000) },
    networks,
    flags: overrides.flags ?? networks.flatMap((n) => networkFlags(n, DEFAULT_THRESHOLDS)),
    sourceRuns: [],
    sourceModels: [],
    sourcesWithEarlierHistory: new Set(),
    thresholds: DEFAULT_THRESHOLDS,
    ...overrides,
  };
}

describe('rentable zero', () => {
  it('makes an event where rentable steps to zero and one where it comes back, never for a gap', () => {
    const networks = [{ network: 'akash', claims: [], supply: [{ sourceId: 'akash-cap', status: 'rentable' as const, points: series([5, null, 0, 0, 3, 3]) }] }];
    const events = detectEvents(input({ networks }));
    expect(events.map((e) => [e.kind, e.occurredAt, e.runId])).toEqual([
      ['rentable-zero', at(12), 3],
      ['rentable-recovered', at(24), 5],
    ]);
  });
});

describe('source failing', () => {
  const runs = (outcomes: boolean[], stepHours = 3): RunOutcome[] => outcomes.map((ok, i) => ({ runId: 100 + i, at: at(i * stepHours), ok }));

  it('raises once a streak of failures passes 6 h (9 h here, at 6 h it is not yet), keyed by its first failed run, and recovers at the next success', () => {
    const events = detectEvents(input({ sourceRuns: [{ sourceId: 's', network: 'render', runs: runs([true, false, false, false, false, true, false]) }] }));
    expect(events.map((e) => [e.kind, e.occurredAt, (e.details as { firstFailedAt: string }).firstFailedAt])).toEqual([
      ['source-failing', at(12), at(3)],
      ['source-recovered', at(15), at(3)],
    ]);
  });

  it('does not call exactly 6 h of failures "more than 6 h"', () => {
    expect(detectEvents(input({ sourceRuns: [{ sourceId: 's', network: 'render', runs: runs([true, false, false, false, true]) }] }))).toEqual([]);
  });

  it('does not raise a streak already under way when the window opened on earlier history, but reports its recovery', () => {
    const sourceRuns = [{ sourceId: 's', network: 'render', runs: runs([false, false, false, false, true]) }];
    expect(detectEvents(input({ sourceRuns })).map((e) => e.kind)).toEqual(['source-failing', 'source-recovered']);
    expect(detectEvents(input({ sourceRuns, sourcesWithEarlierHistory: new Set(['s']) })).map((e) => e.kind)).toEqual(['source-recovered']);
  });
});

describe('flags', () => {
  it('raises a frozen-claim flag at its start and clears it at the first observation that moved', () => {
    const frozen = [...Array(20).fill(69_415), 70_000] as number[];
    const networks = [
      {
        network: 'ionet',
        claims: [{ sourceId: 'devices', points: series(frozen) }],
        // Free supply moves while the claim stands still: that is what makes a frozen figure suspicious.
        supply: [{ sourceId: 'devices', status: 'free' as const, points: series(frozen.map((_, i) => 100 + 10 * i)) }],
      },
    ];
    const events = detectEvents(input({ networks }));
    expect(events.map((e) => [e.kind, e.subject, e.occurredAt])).toEqual([
      ['flag-raised', 'frozen-claim:ionet:devices', at(0)],
      ['flag-cleared', 'frozen-claim:ionet:devices', at(120)],
    ]);
    // Its start is the window's first observation: with earlier history, it began before the window.
    expect(detectEvents(input({ networks, sourcesWithEarlierHistory: new Set(['devices']) })).map((e) => e.kind)).toEqual(['flag-cleared']);
  });

  it('makes one claim-jump event per jump flag, dated by the observation after the step', () => {
    const networks = [{ network: 'ionet', claims: [{ sourceId: 'explorer', points: series([1_000, 1_000, 3_000]) }], supply: [] }];
    const events = detectEvents(input({ networks }));
    expect(events.map((e) => [e.kind, e.occurredAt, e.runId])).toEqual([['claim-jump', at(12), 3]]);
  });
});

describe('GPU index moves', () => {
  it('makes one event per published day that moved beyond the threshold, keyed by the day and the methodology', () => {
    const move = (toAt: string, from: number, to: number) => ({
      methodology: 'gpu-index-v1' as const,
      model: 'h100-sxm-80gb',
      fromAt: new Date(Date.parse(toAt) - 24 * HOUR).toISOString(),
      toAt,
      fromUsdPerGpuHour: from,
      toUsdPerGpuHour: to,
      changePercent: ((to - from) / from) * 100,
      runIds: [41, 42, 43],
    });
    const events = detectEvents(input({ indexMoves: [move('2026-11-12T00:00:00.000Z', 2.2, 2.42), move('2026-11-13T00:00:00.000Z', 2.42, 2.178)] }));
    expect(events.map((e) => [e.kind, e.subject, e.occurredAt, e.runId, e.title])).toEqual([
      ['index-move', 'index:gpu-index-v1:h100-sxm-80gb', '2026-11-12T00:00:00.000Z', 41, 'GPU index h100-sxm-80gb: rose 10.0 %'],
      ['index-move', 'index:gpu-index-v1:h100-sxm-80gb', '2026-11-13T00:00:00.000Z', 41, 'GPU index h100-sxm-80gb: fell 10.0 %'],
    ]);
    expect(events[0]?.summary).toContain('from $2.2000 (day of 2026-11-11) to $2.4200');
    // The same move found again (a later pass) is the same event.
    expect(eventId(detectEvents(input({ indexMoves: [move('2026-11-12T00:00:00.000Z', 2.2, 2.45)] }))[0]!)).toBe(eventId(events[0]!));
    expect(detectEvents(input({}))).toEqual([]);
  });
});

describe('GPU models', () => {
  it('reports a model missing from a successful run and back in a later one', () => {
    const sourceModels = [
      {
        sourceId: 'vast',
        network: 'vastai',
        runs: [
          { runId: 1, at: at(0), models: ['a100-80gb', 'rtx-4090'] },
          { runId: 2, at: at(1), models: ['rtx-4090'] },
          { runId: 3, at: at(2), models: ['a100-80gb', 'rtx-4090'] },
        ],
      },
    ];
    expect(detectEvents(input({ sourceModels })).map((e) => [e.kind, e.gpuModel, e.runId])).toEqual([
      ['model-vanished', 'a100-80gb', 2],
      ['model-appeared', 'a100-80gb', 3],
    ]);
  });
});

describe('event ids', () => {
  it('depend on kind, subject and evidence time only, whatever the time is written like', () => {
    const a = eventId({ kind: 'rentable-zero', subject: 'rentable:akash:x', keyAt: '2026-11-10T00:00:00Z' });
    expect(eventId({ kind: 'rentable-zero', subject: 'rentable:akash:x', keyAt: '2026-11-10T00:00:00.000Z' })).toBe(a);
    expect(eventId({ kind: 'rentable-recovered', subject: 'rentable:akash:x', keyAt: '2026-11-10T00:00:00Z' })).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('webhook signature', () => {
  it('is the HMAC-SHA256 of the raw body as the README tells receivers to compute it, and rejects any change', () => {
    const body = '{"event":{"id":"x"},"delivery":{"id":1,"attempt":1,"sentAt":"2026-11-10T00:00:00.000Z"}}';
    const header = signWebhookBody('s3cret-s3cret-s3cret', body);
    expect(header).toBe(`sha256=${createHmac('sha256', 's3cret-s3cret-s3cret').update(body).digest('hex')}`);
    expect(verifyWebhookSignature('s3cret-s3cret-s3cret', Buffer.from(body), header)).toBe(true);
    expect(verifyWebhookSignature('s3cret-s3cret-s3cret', body.replace('"attempt":1', '"attempt":2'), header)).toBe(false);
    expect(verifyWebhookSignature('another-secret-value', body, header)).toBe(false);
    expect(verifyWebhookSignature('s3cret-s3cret-s3cret', body, undefined)).toBe(false);
  });

  it('backs off exponentially', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, 30_000))).toEqual([30_000, 60_000, 120_000, 240_000]);
  });
});
