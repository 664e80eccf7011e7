import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TABLE_MEMBERS } from './ingest/archive-format';
import { NETWORKS } from './networks';
import { readManifest, readRecording } from './sources/recordings';
import { COINGECKO_IDS } from './sources/token-prices';
import { HISTORY_SOURCES, REFERENCE_FEEDS, SOURCES, committedSources } from './sources/registry';
import type { ParseContext, SourceAdapter } from './sources/types';
import { EVIDENCE_GRADES, SUPPLY_STATUSES } from './vocabulary';
import {
  DEFINITIONS,
  GPU_NAME_RULES,
  KNOWN_LIMITS,
  REFERENCE_FEEDS_ANCHOR,
  TOKEN_PRICED_SOURCES,
  UNIT_CONVERSIONS,
  apiKeyText,
  archiveMemberRows,
  verificationSteps,
  autoResolutions,
  evidenceGradeEntries,
  flagEvidenceRules,
  ledgerSummary,
  methodologySources,
  normaliseExample,
  resolveRow,
  scheduleText,
  sourceSections,
  tokenFeed,
  unitConversionReferences,
} from './methodology';

const registryIds = [...REFERENCE_FEEDS, ...SOURCES, ...HISTORY_SOURCES, ...committedSources()].map((s) => s.id);
const sources = methodologySources();

describe('sources', () => {
  it('describes every adapter of the registry exactly once', () => {
    expect(sources.map((s) => s.id).sort()).toEqual([...registryIds].sort());
    expect(new Set(registryIds).size).toBe(registryIds.length);
  });

  it('groups every source under exactly one section, one section per network, anchored by slug', () => {
    const sections = sourceSections(sources);
    expect(sections.map((s) => s.anchor)).toEqual([...NETWORKS.map((n) => n.slug), REFERENCE_FEEDS_ANCHOR]);
    expect(sections.flatMap((s) => s.sources.map((x) => x.id)).sort()).toEqual([...registryIds].sort());
    for (const section of sections) expect(section.sources.length, section.anchor).toBeGreaterThan(0);
    expect(sections.find((s) => s.anchor === REFERENCE_FEEDS_ANCHOR)?.sources.map((s) => s.id)).toEqual(['token-prices-coingecko']);
  });

  it('marks Vast.ai as not DePIN and AWS as the price reference', () => {
    const sections = sourceSections(sources);
    expect(sections.find((s) => s.anchor === 'vastai')?.note).toMatch(/not DePIN/);
    expect(sections.find((s) => s.anchor === 'aws')?.note).toMatch(/reference/i);
    expect(sections.find((s) => s.anchor === 'ionet')?.note).toBe('DePIN network');
  });

  it('gives the production endpoint, key and schedule of each source', () => {
    const byId = (id: string) => sources.find((s) => s.id === id)!;
    expect(byId('akash-gpu-prices').endpoint).toBe('https://console-api.akash.network/v1/gpu-prices');
    expect(byId('vastai-bundles').method).toBe('POST');
    expect(byId('vastai-bundles').requestBody).not.toBeNull();
    expect(apiKeyText(byId('fluence-gpu-vms'))).toMatch(/^FLUENCE_API_KEY \(required/);
    expect(apiKeyText(byId('token-prices-coingecko'))).toMatch(/^COINGECKO_API_KEY \(optional/);
    expect(apiKeyText(byId('akash-gpu-prices'))).toBe('none');
    expect(scheduleText(byId('aws-ec2-ondemand-8gpu'))).toBe('at most every 6 h');
    expect(scheduleText(byId('akash-gpu-prices'))).toMatch(/^every scrape pass \(10 min/);
    expect(scheduleText(byId('ionet-full-stake-history'))).toMatch(/backfill/);
    expect(scheduleText(byId('ionet-claims-headline-total'))).toBe('not fetched: committed in lib/claims/claims.json');
  });
});

describe('definitions and grades', () => {
  it('defines every supply status, with unique ids', () => {
    for (const status of SUPPLY_STATUSES) expect(DEFINITIONS.some((d) => d.id === status), status).toBe(true);
    expect(new Set(DEFINITIONS.map((d) => d.id)).size).toBe(DEFINITIONS.length);
  });

  it('lists every evidence grade, strongest first, with the sources that hold it', () => {
    const entries = evidenceGradeEntries(sources);
    expect(entries.map((e) => e.grade)).toEqual([...EVIDENCE_GRADES]);
    expect(entries.flatMap((e) => e.sourceIds).sort()).toEqual([...registryIds].sort());
    expect(entries.find((e) => e.grade === 'self-reported-claim')?.sourceIds).toContain('ionet-claims-headline-total');
  });

  it('derives the automatic resolution of each range from the view-state code', () => {
    const resolutions = autoResolutions(new Date('2026-11-20T00:00:00Z'));
    expect(resolutions.find((r) => r.range === '24h')?.resolution).toBe('hour');
    expect(resolutions.find((r) => r.range === '1y')?.resolution).toBe('day');
  });
});

describe('unit conversions', () => {
  it('names only sources of the registry, each pointing at a methodology row it really has', () => {
    for (const conversion of UNIT_CONVERSIONS) {
      for (const reference of unitConversionReferences(conversion)) {
        expect(registryIds, reference.sourceId).toContain(reference.sourceId);
        expect(resolveRow(reference, sources), `${reference.sourceId}: ${reference.figure} row with "${reference.field}"`).toBeDefined();
      }
    }
  });

  it('covers every source that records a price', () => {
    const named = new Set(UNIT_CONVERSIONS.flatMap((c) => c.sourceIds));
    const pricing = sources.filter((s) => s.methodology.some((row) => row.figure === 'price' && row.field !== 'none'));
    for (const source of pricing) expect(named.has(source.id), source.id).toBe(true);
  });

  it('names each trap the issue lists', () => {
    const text = UNIT_CONVERSIONS.map((c) => `${c.sourceIds.join(' ')} ${c.published} ${c.conversion}`).join('\n');
    for (const trap of ['÷ 24', 'cents', 'whole offer', '÷ num_cards', 'OctaneBench', 'network fee (10%)', 'bids, not asks', '8-GPU size ÷ 8']) {
      expect(text).toContain(trap);
    }
  });
});

describe('known limits', () => {
  it('cite methodology rows that exist', () => {
    for (const limit of KNOWN_LIMITS) {
      for (const reference of limit.rows) {
        expect(resolveRow(reference, sources), `${limit.id} → ${reference.sourceId}: "${reference.field}"`).toBeDefined();
      }
    }
    expect(new Set(KNOWN_LIMITS.map((l) => l.id)).size).toBe(KNOWN_LIMITS.length);
  });

  it('summarise the claims ledger as self-reported claim sources', () => {
    const summary = ledgerSummary(undefined, sources);
    expect(summary.total).toBeGreaterThan(0);
    expect(summary.charted).toBeLessThanOrEqual(summary.total);
    expect(summary.byKind.reduce((n, k) => n + k.count, 0)).toBe(summary.total);
    expect(summary.claimSourceIds.length).toBeGreaterThan(0);
    for (const id of summary.claimSourceIds) expect(id).toMatch(/-claims-/);
  });
});

describe('token conversion', () => {
  it('names registry sources and tokens the feed prices', () => {
    for (const entry of TOKEN_PRICED_SOURCES) {
      expect(registryIds, entry.sourceId).toContain(entry.sourceId);
      for (const symbol of entry.symbols) expect(Object.keys(COINGECKO_IDS)).toContain(symbol);
    }
    const feed = tokenFeed(sources);
    expect(feed.source?.kind).toBe('reference-feed');
    expect(feed.tokens.map((t) => t.symbol)).toEqual(Object.keys(COINGECKO_IDS));
  });

  /** The recorded payload a source is replayed from, matched as the recorded-payload server does. */
  function recordingOf(source: SourceAdapter): Uint8Array | undefined {
    const [pathOnly] = source.request.path.split('?');
    const recording = readManifest(source.network).recordings.find(
      (r) => r.method === source.request.method && (r.path.includes('?') ? r.path === source.request.path : r.path === pathOnly),
    );
    return recording ? readRecording(source.network, recording.file) : undefined;
  }

  it('lists every token any adapter asks a rate for, on its recorded payload', () => {
    const asked = new Map<string, Set<string>>();
    for (const source of SOURCES) {
      const bytes = recordingOf(source);
      if (!bytes) continue;
      const symbols = new Set<string>();
      const context: ParseContext = {
        observedAt: new Date('2026-09-20T12:00:00Z'),
        tokenUsdRate: (symbol) => {
          symbols.add(symbol.toUpperCase());
          return { symbol: symbol.toUpperCase(), usdRate: 1, rateAt: new Date('2026-09-20T11:55:00Z') };
        },
      };
      source.parse(bytes, context);
      if (symbols.size > 0) asked.set(source.id, symbols);
    }
    // The spy must see something, or this test proves nothing.
    expect(asked.get('fluence-gpu-vms')).toEqual(new Set(['USDC']));
    for (const [sourceId, symbols] of asked) {
      const declared = TOKEN_PRICED_SOURCES.find((t) => t.sourceId === sourceId);
      expect(declared, `${sourceId} converts ${[...symbols].join(', ')} but is not listed`).toBeDefined();
      for (const symbol of symbols) expect(declared?.symbols.some((s) => s === symbol), `${sourceId} asks ${symbol}`).toBe(true);
    }
  });

  it('records no price without a rate, and the rate with its time beside a converted price', () => {
    const fluence = SOURCES.find((s) => s.id === 'fluence-gpu-vms')!;
    const bytes = recordingOf(fluence)!;
    const withoutRate = fluence.parse(bytes, { observedAt: new Date('2026-09-20T12:00:00Z') });
    expect(withoutRate.ok && withoutRate.value.prices).toEqual([]);
    const rateAt = new Date('2026-09-20T11:55:00Z');
    const withRate = fluence.parse(bytes, {
      observedAt: new Date('2026-09-20T12:00:00Z'),
      tokenUsdRate: (symbol) => ({ symbol, usdRate: 0.9998, rateAt }),
    });
    if (!withRate.ok) throw new Error(withRate.error);
    expect(withRate.value.prices.length).toBeGreaterThan(0);
    for (const price of withRate.value.prices) expect(price.token).toEqual({ symbol: 'USDC', usdRate: 0.9998, rateAt });
  });
});

describe('GPU name normalisation examples', () => {
  it('show what each rule says', () => {
    for (const rule of GPU_NAME_RULES) {
      const ids = rule.examples.map((e) => normaliseExample(e).canonicalId);
      if (rule.shows === 'same') expect(new Set(ids).size, rule.id).toBe(1);
      if (rule.shows === 'distinct') expect(new Set(ids).size, rule.id).toBe(ids.length);
      if (rule.shows === 'unknown') for (const id of ids) expect(id, rule.id).toMatch(/^unknown:/);
      if (rule.shows !== 'unknown') for (const id of ids) expect(id, rule.id).not.toMatch(/^unknown:/);
    }
  });

  it('keeps SXM, PCIe and NVL apart', () => {
    const rule = GPU_NAME_RULES.find((r) => r.id === 'form-factor')!;
    expect(rule.examples.map((e) => normaliseExample(e).canonicalId)).toEqual(['h100-sxm-80gb', 'h100-pcie-80gb', 'h100-nvl-94gb']);
  });
});

describe('how flags read the data', () => {
  it('says flags come from runs, not buckets, with the cap the query uses', () => {
    const text = flagEvidenceRules().join(' ');
    expect(text).toContain('Chart buckets play no part');
    expect(text).toContain('same at hourly and daily resolution');
    expect(text).toContain('at most 12,960 runs per source');
    expect(text).toContain('less than 10 minutes apart');
    expect(text).not.toMatch(/\bper bucket\b/);
  });
});

describe('verifying from the archive', () => {
  const scripts = (JSON.parse(fs.readFileSync(path.join(process.cwd(), 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

  it('names only npm commands that exist, and the archive routes', () => {
    const steps = verificationSteps('https://rentable.example');
    const commands = steps.flatMap((s) => s.commands);
    const npmRuns = commands.flatMap((c) => [...c.matchAll(/npm (?:run )?([a-z:-]+)/g)].map((m) => m[1] ?? ''));
    expect(npmRuns).toEqual(expect.arrayContaining(['restore', 'rebuild']));
    for (const name of npmRuns) expect(scripts, name).toHaveProperty(name === 'start' ? 'start' : name);
    expect(commands.join('\n')).toContain('https://rentable.example/api/v1/archive/2026-11-23');
  });

  it('lists every member the archive writes', () => {
    const names = archiveMemberRows().map((m) => m.name);
    for (const member of Object.values(TABLE_MEMBERS)) expect(names).toContain(member.name);
    expect(names).toContain('manifest.json');
  });
});
