import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../view-state';
import { embedKindOfPath, embedPath, embedTitle, parseEmbedParams, pricesEmbedPath, supplyEmbedPath, withEmbedOptions } from './params';
import { DEFAULT_VIEW } from '../view-state';

const now = new Date('2026-11-24T12:00:00Z');
const parse = (kind: 'supply' | 'prices', query: string) => parseEmbedParams(kind, new URLSearchParams(query), now);
const failure = (kind: 'supply' | 'prices', query: string) => {
  try {
    parse(kind, query);
  } catch (error) {
    if (error instanceof InvalidParameterError) return { param: error.param, message: error.message };
    throw error;
  }
  throw new Error(`expected ${query} to be refused`);
};

describe('parseEmbedParams', () => {
  it('reads a network supply embed with its defaults', () => {
    const params = parse('supply', 'network=akash');
    expect(params).toMatchObject({ kind: 'supply', network: 'akash', statuses: ['free', 'rentable'], unit: 'gpus', theme: 'auto', transparent: false, at: null, series: null, chartHeight: 320 });
    expect(params.view).toEqual(DEFAULT_VIEW);
  });

  it('reads every option', () => {
    const params = parse('supply', 'network=ionet&status=rentable,claimed&range=30d&scale=log&theme=dark&transparent=1&series=ionet-explorer-network,aws&at=2026-11-20T10:00:00Z&height=240');
    expect(params).toMatchObject({ statuses: ['claimed', 'rentable'], theme: 'dark', transparent: true, series: ['ionet-explorer-network', 'aws'], chartHeight: 240 });
    expect(params.at?.toISOString()).toBe('2026-11-20T10:00:00.000Z');
    expect(params.view).toMatchObject({ range: '30d', scale: 'log' });
  });

  it('names the parameter that is wrong', () => {
    expect(failure('supply', 'network=akash&theme=blue')).toMatchObject({ param: 'theme', message: 'theme: must be light, dark or auto' });
    expect(failure('supply', 'network=akash&transparent=yes').param).toBe('transparent');
    expect(failure('supply', 'network=nowhere').param).toBe('network');
    expect(failure('supply', 'network=akash&status=idle').param).toBe('status');
    expect(failure('supply', 'network=akash&range=2w').param).toBe('range');
    expect(failure('supply', 'network=akash&height=50').param).toBe('height');
    expect(failure('supply', 'network=akash&series=Not Valid').param).toBe('series');
    expect(failure('supply', 'network=akash&at=yesterday').param).toBe('at');
    // Each of these passed the old check and became an Invalid Date, answered with a 500.
    for (const at of ['0000-01-01', '0001-01-01', '2026-11-20Z', '2026-11-20%2000:00', '2026-11-20t00:00']) {
      expect(failure('supply', `network=akash&at=${at}`).param, at).toBe('at');
    }
    expect(failure('supply', 'network=akash&them=dark')).toMatchObject({ param: 'them' });
  });

  it('refuses a pin in the future: it could still change', () => {
    expect(failure('supply', 'network=akash&at=2026-11-24T12:00:01Z')).toMatchObject({ param: 'at' });
    expect(parse('supply', 'network=akash&at=2026-11-24T12:00:00Z').at).toEqual(now);
  });

  it('needs a model across networks and for prices', () => {
    expect(failure('supply', 'status=rentable').param).toBe('model');
    expect(failure('supply', 'model=h100-sxm-80gb&status=claimed').param).toBe('status');
    expect(parse('supply', 'model=h100-sxm-80gb')).toMatchObject({ network: null, statuses: ['rentable'] });
    expect(failure('prices', 'network=akash').param).toBe('model');
    expect(parse('prices', 'model=h100-sxm-80gb&network=akash&price=min')).toMatchObject({ network: 'akash', price: 'min' });
    expect(failure('prices', 'model=h100-sxm-80gb&price=mean').param).toBe('price');
  });
});

describe('embed paths', () => {
  it('round-trips through the URL with defaults left out and commas readable', () => {
    const path = '/embed/supply?network=akash&status=claimed,rentable&range=30d&series=akash-gpu-prices&at=2026-11-20T10:00:00.000Z&theme=dark&transparent=1&height=200';
    const params = parse('supply', new URL(path, 'http://x').search.slice(1));
    expect(embedPath(params)).toBe(path);
    expect(embedPath(parse('supply', 'network=akash&status=free,rentable&theme=auto&transparent=0'))).toBe('/embed/supply?network=akash');
  });

  it('builds the dashboard charts’ embeds', () => {
    expect(supplyEmbedPath('akash', ['claimed'], DEFAULT_VIEW)).toBe('/embed/supply?network=akash&status=claimed');
    expect(supplyEmbedPath('akash', ['claimed'], DEFAULT_VIEW, 'nodes')).toBe('/embed/supply?network=akash&status=claimed&unit=nodes');
    expect(supplyEmbedPath(null, ['rentable'], { ...DEFAULT_VIEW, model: 'h100-sxm-80gb' })).toBe('/embed/supply?model=h100-sxm-80gb');
    expect(pricesEmbedPath({ ...DEFAULT_VIEW, model: 'h100-sxm-80gb', range: '30d' }, 'akash')).toBe('/embed/prices?network=akash&range=30d&model=h100-sxm-80gb');
  });

  it('changes theme, background and pin and keeps the rest', () => {
    const pinned = withEmbedOptions('/embed/supply?network=akash&range=30d', { theme: 'light', transparent: true, at: new Date('2026-11-24T11:00:00Z') }, now);
    expect(pinned).toBe('/embed/supply?network=akash&range=30d&at=2026-11-24T11:00:00.000Z&theme=light&transparent=1');
    expect(withEmbedOptions(pinned, { at: null, theme: 'auto', transparent: false }, now)).toBe('/embed/supply?network=akash&range=30d');
  });

  it('knows its kinds', () => {
    expect(embedKindOfPath('/embed/supply')).toBe('supply');
    expect(embedKindOfPath('/embed/prices/')).toBe('prices');
    expect(embedKindOfPath('/embed/reality')).toBeNull();
    expect(embedKindOfPath('/networks/akash')).toBeNull();
  });
});

describe('embedTitle', () => {
  it('says what is drawn', () => {
    expect(embedTitle(parse('supply', 'network=akash'))).toBe('Akash Network: free and rentable GPUs per source');
    expect(embedTitle(parse('supply', 'network=ionet&status=claimed&unit=nodes'))).toBe('io.net: claimed nodes per source');
    expect(embedTitle(parse('supply', 'model=h100-sxm-80gb'))).toMatch(/^Rentable H100 .*GPUs per source, every network$/);
    expect(embedTitle(parse('prices', 'model=h100-sxm-80gb&network=akash'))).toMatch(/^Akash Network: USD per H100 .* GPU-hour per source, against AWS on-demand$/);
    expect(embedTitle(parse('prices', 'model=h100-sxm-80gb&price=min'))).toMatch(/^Cheapest USD per H100/);
  });
});
