import { describe, expect, it } from 'vitest';
import { costClaimVerdict, measuredSaving, savingPercent } from './cost-claims';
import { DEFAULT_THRESHOLDS } from './thresholds';

const t = DEFAULT_THRESHOLDS;

describe('measured saving', () => {
  it('is 1 − price ÷ AWS, in percent, for each listing and AWS size', () => {
    const m = measuredSaving({ networkMedian: 2, networkMin: 1, awsOnDemand1Gpu: 4, awsOnDemand8GpuPerGpu: 5 });
    expect(m).toEqual({ medianVs1Gpu: 50, minVs1Gpu: 75, medianVs8Gpu: 60, minVs8Gpu: 80 });
  });

  it('is negative when the network is dearer, and null when a price is missing', () => {
    expect(savingPercent(6, 4)).toBe(-50);
    expect(savingPercent(null, 4)).toBeNull();
    expect(savingPercent(1, null)).toBeNull();
    expect(savingPercent(1, 0)).toBeNull();
    expect(savingPercent(-1, 4)).toBeNull();
    expect(measuredSaving({ networkMedian: 2, networkMin: null, awsOnDemand1Gpu: null, awsOnDemand8GpuPerGpu: 4 })).toEqual({
      medianVs1Gpu: null,
      minVs1Gpu: null,
      medianVs8Gpu: 50,
      minVs8Gpu: null,
    });
  });
});

describe('cost claim verdict', () => {
  it('holds "up to 90% cheaper" against the best measured saving and says by how much it falls short', () => {
    // H100 per GPU: network median 2.40, cheapest 1.50; AWS 8-GPU size 6.88 per GPU, no 1-GPU size.
    const m = measuredSaving({ networkMedian: 2.4, networkMin: 1.5, awsOnDemand1Gpu: null, awsOnDemand8GpuPerGpu: 6.88 });
    const v = costClaimVerdict(90, m, t);
    expect(v.verdict).toBe('not-met');
    expect(v.best).toMatchObject({ listing: 'cheapest', aws: '8-gpu' });
    expect(v.best?.percent).toBeCloseTo(78.2, 1);
    expect(v.typical).toMatchObject({ listing: 'median', aws: '8-gpu' });
    expect(v.shortfallPoints).toBeCloseTo(11.8, 1);
    expect(v.message).toBe(
      'Claimed: up to 90% cheaper than AWS. Measured: the cheapest rentable listing is 78% cheaper than AWS on-demand (8-GPU instance, per GPU); ' +
        'the median rentable listing is 65% cheaper than AWS on-demand (8-GPU instance, per GPU). Not met: 11.8 percentage points short.',
    );
  });

  it('is met when the cheapest listing reaches the claim', () => {
    const v = costClaimVerdict(70, measuredSaving({ networkMedian: 2, networkMin: 1, awsOnDemand1Gpu: 4, awsOnDemand8GpuPerGpu: 5 }), t);
    expect(v.verdict).toBe('met');
    expect(v.best).toEqual({ percent: 80, listing: 'cheapest', aws: '8-gpu' });
    expect(v.typical).toEqual({ percent: 60, listing: 'median', aws: '8-gpu' });
    expect(v.message).toContain('The claim holds for the best listing.');
  });

  it('is near within the tolerance', () => {
    const v = costClaimVerdict(84, measuredSaving({ networkMedian: null, networkMin: 1, awsOnDemand1Gpu: null, awsOnDemand8GpuPerGpu: 5 }), t);
    expect(v.verdict).toBe('near');
    expect(v.typical).toBeNull();
    expect(v.message).toContain('Near: 4 percentage points short, within the 5-point tolerance.');
  });

  it('says so when the network is dearer than AWS', () => {
    const v = costClaimVerdict(50, measuredSaving({ networkMedian: 6, networkMin: 6, awsOnDemand1Gpu: 4, awsOnDemand8GpuPerGpu: null }), t);
    expect(v.verdict).toBe('not-met');
    expect(v.message).toContain('the cheapest rentable listing is 50% more expensive than AWS on-demand (cheapest 1-GPU instance)');
  });

  it('has no verdict without a listing and an AWS price', () => {
    const v = costClaimVerdict(90, measuredSaving({ networkMedian: null, networkMin: null, awsOnDemand1Gpu: 4, awsOnDemand8GpuPerGpu: 5 }), t);
    expect(v).toMatchObject({ verdict: 'no-data', best: null, typical: null, shortfallPoints: null });
    expect(v.message).toContain('no rentable listing and AWS price to compare');
  });
});
