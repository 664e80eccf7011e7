import { describe, expect, it } from 'vitest';
import { claimHistory, claimSources, loadLedger, parseLedger } from './ledger';

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const claim = {
  id: 'x-1',
  network: 'ionet',
  sourceKey: 'page',
  kind: 'size',
  text: '1,000 GPUs',
  figure: 1000,
  unit: 'gpus',
  counts: 'GPUs',
  sourceName: 'Somewhere',
  sourceUrl: 'https://example.com/x',
  seenAt: '2026-01-02',
};

describe('claims ledger', () => {
  it('the committed ledger validates and seeds the claims of SOURCES.md §17', () => {
    const ledger = loadLedger();
    const figures = ledger.filter((c) => c.network === 'ionet' && c.kind === 'size').map((c) => c.figure);
    expect(figures).toEqual(expect.arrayContaining([25000, 7648, 11107, 69415, 564306]));
    expect(ledger.find((c) => c.network === 'aethir' && c.unit === 'gpus')?.figure).toBe(430000);
  });

  it('rejects a claim with a bad URL, date, unit or network, naming the field', () => {
    for (const [field, value] of [
      ['sourceUrl', 'not a url'],
      ['seenAt', '2026-13'],
      ['unit', 'teraflops'],
      ['network', 'nowhere'],
    ] as const) {
      const result = parseLedger(encode({ about: '', claims: [{ ...claim, [field]: value }] }));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toContain(field);
    }
  });

  it('rejects duplicate ids', () => {
    const result = parseLedger(encode({ about: '', claims: [claim, claim] }));
    expect(result).toEqual({ ok: false, error: expect.stringContaining('duplicate claim id x-1') });
  });

  it('turns size claims into dated claimed points, one source per claim line, never cost claims', () => {
    const ledger = [claim, { ...claim, id: 'x-2', kind: 'cost', unit: 'percent', figure: 90 }] as Parameters<typeof claimHistory>[0];
    expect(claimHistory(ledger, 'ionet', 'page')).toEqual([
      {
        observedAt: new Date('2026-01-02T00:00:00Z'),
        snapshot: { supply: [{ gpuModel: 'all', status: 'claimed', unit: 'gpus', quantity: 1000 }], prices: [], unknownModels: [] },
      },
    ]);
    expect(claimSources(ledger).map((s) => [s.id, s.evidenceGrade])).toEqual([['ionet-claims-page', 'self-reported-claim']]);
  });
});
