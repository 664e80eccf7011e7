import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '@/lib/view-state';
import { defaultModelRedirect, parseNetworkParams, withStackStatus } from './search-params';

describe('/networks/[slug] search params', () => {
  it('redirects a URL without a price model to the default one, keeping every other parameter', () => {
    expect(defaultModelRedirect('/networks/ionet', { range: '30d', status: 'free' }, 'h100-sxm-80gb')).toBe(
      '/networks/ionet?range=30d&status=free&model=h100-sxm-80gb',
    );
    expect(defaultModelRedirect('/networks/ionet', new URLSearchParams('model=all'), 'l40s')).toBe('/networks/ionet?model=l40s');
    expect(defaultModelRedirect('/networks/ionet', { model: 'rtx-4090' }, 'h100-sxm-80gb')).toBeNull();
    // A network that prices nothing keeps its URL.
    expect(defaultModelRedirect('/networks/aethir', {}, null)).toBeNull();
  });

  it('parses the stacked status beside the view, and names a bad parameter', () => {
    expect(parseNetworkParams({ model: 'h100-sxm-80gb' })).toMatchObject({ status: 'rentable', view: { model: 'h100-sxm-80gb', range: '7d' } });
    expect(parseNetworkParams({ status: 'claimed', range: 'all' })).toMatchObject({ status: 'claimed', view: { range: 'all' } });
    expect(() => parseNetworkParams({ status: 'idle' })).toThrow(InvalidParameterError);
    expect(() => parseNetworkParams({ status: 'idle' })).toThrow(/^status: must be claimed, free or rentable$/);
    expect(() => parseNetworkParams({ range: '2w' })).toThrow(/^range:/);
  });

  it('writes the status into the URL, leaving the default out', () => {
    expect(withStackStatus(new URLSearchParams('range=30d'), 'claimed').toString()).toBe('range=30d&status=claimed');
    expect(withStackStatus(new URLSearchParams('range=30d&status=claimed'), 'rentable').toString()).toBe('range=30d');
  });
});
