import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '../view-state';
import { embedPath, parseEmbedParams } from './params';
import { dashboardPath, embedForDashboardUrl } from './urls';

const now = new Date('2026-11-24T12:00:00Z');
const options = { now, defaultCompareModel: 'h100-sxm-80gb' };
const embedOf = (url: string) => {
  const params = embedForDashboardUrl(new URL(url), options);
  return params ? embedPath(params) : null;
};

describe('dashboardPath', () => {
  const parse = (kind: 'supply' | 'prices', query: string) => parseEmbedParams(kind, new URLSearchParams(query), now);

  it('links each embed back to the section it was cut from', () => {
    expect(dashboardPath(parse('supply', 'network=akash&range=30d'))).toBe('/networks/akash?range=30d#free-rentable-heading');
    expect(dashboardPath(parse('supply', 'network=akash&status=claimed&model=h100-sxm-80gb'))).toBe('/networks/akash#claimed-heading');
    expect(dashboardPath(parse('supply', 'model=h100-sxm-80gb'))).toBe('/compare?model=h100-sxm-80gb#rentable-heading');
    expect(dashboardPath(parse('prices', 'model=h100-sxm-80gb&network=akash&scale=log'))).toBe('/networks/akash?model=h100-sxm-80gb&scale=log#price-heading');
    expect(dashboardPath(parse('prices', 'model=h100-sxm-80gb&price=min'))).toBe('/compare?model=h100-sxm-80gb&price=min#price-heading');
  });

  it('sends a pinned embed to the same period, as a custom range ending at the pin', () => {
    const path = dashboardPath(parse('supply', 'network=akash&range=24h&at=2026-11-20T10:00:00Z'));
    expect(decodeURIComponent(path)).toBe('/networks/akash?range=custom&from=2026-11-19T10:00:00.000Z&to=2026-11-20T10:00:00.000Z#free-rentable-heading');
  });
});

describe('embedForDashboardUrl', () => {
  it('unfurls a network page into its free and rentable chart, or the section its fragment names', () => {
    expect(embedOf('http://localhost/networks/akash?range=30d&model=h100-sxm-80gb&status=free')).toBe('/embed/supply?network=akash&range=30d');
    expect(embedOf('http://localhost/networks/akash#claimed-heading')).toBe('/embed/supply?network=akash&status=claimed');
    expect(embedOf('http://localhost/networks/akash?model=h100-sxm-80gb#price-heading')).toBe('/embed/prices?network=akash&model=h100-sxm-80gb');
  });

  it('unfurls /compare into its price chart, with the model the page would redirect to', () => {
    expect(embedOf('http://localhost/compare')).toBe('/embed/prices?model=h100-sxm-80gb');
    expect(embedOf('http://localhost/compare?model=a100-sxm-80gb&price=min&range=90d')).toBe('/embed/prices?range=90d&model=a100-sxm-80gb&price=min');
    expect(embedOf('http://localhost/compare?model=a100-sxm-80gb#rentable-heading')).toBe('/embed/supply?model=a100-sxm-80gb');
  });

  it('keeps an embed URL as it is', () => {
    expect(embedOf('http://localhost/embed/supply?network=ionet&theme=dark')).toBe('/embed/supply?network=ionet&theme=dark');
  });

  it('has nothing for pages without a chart or unknown networks', () => {
    expect(embedOf('http://localhost/')).toBeNull();
    expect(embedOf('http://localhost/methodology')).toBeNull();
    expect(embedOf('http://localhost/networks/nowhere')).toBeNull();
  });

  it('names a bad parameter of the URL', () => {
    expect(() => embedForDashboardUrl(new URL('http://localhost/networks/akash?range=2w'), options)).toThrow(InvalidParameterError);
    expect(() => embedForDashboardUrl(new URL('http://localhost/compare?price=mean'), options)).toThrow(/price/);
  });
});
