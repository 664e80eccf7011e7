import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from '../../scripts/replay-server';
import { akashGpuBreakdownHistory } from './akash-history';
import { ionetFullStakeHistory } from './ionet';
import { DEFAULT_TEST_NOW } from '../../scripts/test-clock';
import { historyShiftDays, readRecording, RECORDINGS_TIMELINE_DAY, shiftHistoryDates } from './recordings';

const json = (bytes: Uint8Array): unknown => JSON.parse(new TextDecoder().decode(bytes));

describe('historyShiftDays', () => {
  it('is zero on the recordings’ timeline day, whatever the hour, and counts whole UTC days from it', () => {
    expect(historyShiftDays(new Date(`${RECORDINGS_TIMELINE_DAY}T00:00:00Z`))).toBe(0);
    expect(historyShiftDays(new Date(`${RECORDINGS_TIMELINE_DAY}T23:59:59Z`))).toBe(0);
    expect(historyShiftDays(new Date('2028-01-06T12:05:00Z'))).toBe(408);
    expect(historyShiftDays(new Date('2026-11-23T23:00:00Z'))).toBe(-1);
  });
});

it('the suite’s default clock falls on the recordings’ timeline day, so it replays them as recorded', () => {
  expect(DEFAULT_TEST_NOW.slice(0, 10)).toBe(RECORDINGS_TIMELINE_DAY);
  expect(historyShiftDays(new Date(DEFAULT_TEST_NOW))).toBe(0);
});

describe('shiftHistoryDates', () => {
  it('moves only the named field, keeping dates as dates and date-times as date-times', () => {
    const bytes = new TextEncoder().encode(
      JSON.stringify({ data: [{ report_date: '2026-11-23', note: '2026-11-23' }, { report_date: '2026-11-22T00:00:00.000Z' }] }),
    );
    expect(json(shiftHistoryDates(bytes, 'report_date', 40))).toEqual({
      data: [{ report_date: '2027-01-02', note: '2026-11-23' }, { report_date: '2027-01-01T00:00:00.000Z' }],
    });
  });

  it('serves the recorded bytes themselves when there is nothing to move', () => {
    const bytes = readRecording('ionet', 'daily-full-stake-device-count.json');
    expect(shiftHistoryDates(bytes, 'report_date', 0)).toBe(bytes);
  });
});

describe('a replay laid on another clock', () => {
  let server: ReplayServer;
  beforeAll(async () => {
    server = await startReplayServer({ shiftHistoryDays: historyShiftDays(new Date('2028-01-06T12:05:00Z')) });
  });
  afterAll(async () => server.close());

  it('serves io.net’s staking history and Akash’s breakdown ending as far before its day as recorded, and they still parse', async () => {
    const ionet = await fetch(`${server.url}/ionet/v1/io-explorer/staking/daily-full-stake-device-count`);
    const ionetParsed = ionetFullStakeHistory.parseHistory(new Uint8Array(await ionet.arrayBuffer()), { observedAt: new Date('2028-01-06T12:05:00Z') });
    expect(ionetParsed.ok).toBe(true);
    if (!ionetParsed.ok) return;
    const ionetDays = ionetParsed.value.map((d) => d.observedAt.toISOString().slice(0, 10)).sort();
    // Recorded 2026-11-17 to 23, the week before the timeline day: now the week before 2028-01-06.
    expect([ionetDays[0], ionetDays.at(-1)]).toEqual(['2027-12-30', '2028-01-05']);

    const akash = await fetch(`${server.url}/akash/v1/gpu-breakdown`);
    const akashParsed = akashGpuBreakdownHistory.parseHistory(new Uint8Array(await akash.arrayBuffer()), { observedAt: new Date('2028-01-06T12:05:00Z') });
    expect(akashParsed.ok).toBe(true);
    if (!akashParsed.ok) return;
    const akashDays = akashParsed.value.map((d) => d.observedAt.toISOString().slice(0, 10)).sort();
    // Recorded 2026-08-03 to 2026-09-06: 408 days later.
    expect([akashDays[0], akashDays.at(-1)]).toEqual(['2027-09-15', '2027-10-19']);
  });
});
