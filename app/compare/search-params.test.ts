import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '@/lib/view-state';
import { defaultModelRedirect, parseCompareParams, withPriceChoice } from './search-params';

describe('/compare URL', () => {
  it('redirects a URL without a model, or with model=all, to the default model, keeping the rest', () => {
    expect(defaultModelRedirect('/compare', {})).toBe('/compare?model=h100-sxm-80gb');
    expect(defaultModelRedirect('/compare', { model: 'all', range: '30d', price: 'min' })).toBe('/compare?model=h100-sxm-80gb&range=30d&price=min');
    expect(defaultModelRedirect('/compare', new URLSearchParams('range=24h'))).toBe('/compare?range=24h&model=h100-sxm-80gb');
    expect(defaultModelRedirect('/compare', { model: 'rtx-4090' })).toBeNull();
  });

  it('parses the view and the price statistic', () => {
    const parsed = parseCompareParams({ model: 'rtx-4090', range: '30d', scale: 'log', compare: '1', price: 'min' });
    expect(parsed.price).toBe('min');
    expect(parsed.view).toMatchObject({ model: 'rtx-4090', range: '30d', scale: 'log', compare: '1' });
    expect(parseCompareParams({ model: 'rtx-4090' }).price).toBe('median');
  });

  it.each([
    [{ model: 'rtx-4090', price: 'mean' }, 'price'],
    [{ model: 'rtx-4090', range: '2w' }, 'range'],
    [{ model: '<b>' }, 'model'],
  ])('names the bad parameter in %o', (input, param) => {
    expect(() => parseCompareParams(input)).toThrow(InvalidParameterError);
    try {
      parseCompareParams(input);
    } catch (error) {
      expect(error instanceof InvalidParameterError && error.param).toBe(param);
    }
  });

  it('writes the price choice, leaving the default out', () => {
    expect(withPriceChoice(new URLSearchParams('model=b200&price=min'), 'median').toString()).toBe('model=b200');
    expect(withPriceChoice(new URLSearchParams('model=b200'), 'min').toString()).toBe('model=b200&price=min');
  });
});
