import { describe, expect, it } from 'vitest';
import { requestOrigin } from './request-origin';

const headers = (entries: Record<string, string>) => new Headers(entries);

describe('requestOrigin', () => {
  it('takes the forwarded host and protocol a proxy sets', () => {
    expect(requestOrigin(headers({ host: '127.0.0.1:3000', 'x-forwarded-host': 'rentable.example', 'x-forwarded-proto': 'https' }))).toBe('https://rentable.example');
  });

  it('takes the first of a list of forwarded values', () => {
    expect(requestOrigin(headers({ 'x-forwarded-host': 'a.example, b.example', 'x-forwarded-proto': 'https,http' }))).toBe('https://a.example');
  });

  it('uses the Host header with the protocol of the URL seen when nothing is forwarded', () => {
    expect(requestOrigin(headers({ host: '127.0.0.1:3950' }), new URL('http://127.0.0.1:3950/x'))).toBe('http://127.0.0.1:3950');
    expect(requestOrigin(headers({ host: '[::1]:3950' }))).toBe('http://[::1]:3950');
  });

  it('falls back to the URL seen for a malformed host', () => {
    const fallback = new URL('https://seen.example/page');
    expect(requestOrigin(headers({ host: 'evil.example/"><script>' }), fallback)).toBe('https://seen.example');
    expect(requestOrigin(headers({}), fallback)).toBe('https://seen.example');
  });

  it('ignores a protocol other than http or https', () => {
    expect(requestOrigin(headers({ host: 'a.example', 'x-forwarded-proto': 'javascript' }), new URL('http://x'))).toBe('http://a.example');
  });
});
