import { describe, expect, it } from 'vitest';
import { HostRateLimiter } from './rate-limiter';

describe('HostRateLimiter', () => {
  it('spaces requests to one host by its limit and leaves other hosts alone', async () => {
    const waits: number[] = [];
    const limiter = new HostRateLimiter(async (ms) => {
      waits.push(ms);
    });
    const now = () => 1_000_000;
    await limiter.take('https://api.example/a', 40, now); // 1.5 s spacing
    await limiter.take('https://api.example/b', 40, now);
    await limiter.take('https://api.example/c', 40, now);
    await limiter.take('https://other.example/x', 40, now);
    expect(waits).toEqual([1500, 3000]);
  });

  it('does not wait when no limit is documented', async () => {
    const waits: number[] = [];
    const limiter = new HostRateLimiter(async (ms) => {
      waits.push(ms);
    });
    await limiter.take('https://api.example/a', undefined);
    await limiter.take('https://api.example/a', undefined);
    expect(waits).toEqual([]);
  });
});
