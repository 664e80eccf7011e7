import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv, parsePublicOrigin } from './env';

describe('RENTABLE_PUBLIC_URL', () => {
  it('defaults to the address the server listens on', () => {
    expect(parseEnv({}).RENTABLE_PUBLIC_URL).toBe('http://localhost:3000');
    expect(parseEnv({ PORT: '3200' }).RENTABLE_PUBLIC_URL).toBe('http://localhost:3200');
  });

  it('is an origin: scheme, host and port, without a trailing slash, lower-cased', () => {
    expect(parseEnv({ RENTABLE_PUBLIC_URL: 'https://Rentable.Example/' }).RENTABLE_PUBLIC_URL).toBe('https://rentable.example');
    expect(parsePublicOrigin('http://127.0.0.1:8080', undefined)).toBe('http://127.0.0.1:8080');
    expect(parsePublicOrigin('https://rentable.example:443', '3000')).toBe('https://rentable.example');
  });

  it('refuses at start anything that is not an http(s) origin, saying why', () => {
    for (const [value, reason] of [
      ['rentable.example', 'not an absolute URL'],
      ['ftp://rentable.example', 'must be http or https'],
      ['javascript:alert(1)', 'must be http or https'],
      ['https://user:pw@rentable.example', 'credentials'],
      ['https://rentable.example/dashboard', 'origin only'],
      ['https://rentable.example/?a=1', 'origin only'],
      ['https://rentable.example/#x', 'origin only'],
    ] as const) {
      expect(() => parseEnv({ RENTABLE_PUBLIC_URL: value }), value).toThrow(ConfigError);
      expect(() => parseEnv({ RENTABLE_PUBLIC_URL: value }), value).toThrow(reason);
    }
  });
});

describe('logging and metrics variables', () => {
  it('defaults the worker metrics port to 9464 and leaves the level and the token unset', () => {
    const parsed = parseEnv({});
    expect(parsed.METRICS_PORT).toBe(9464);
    expect(parsed.LOG_LEVEL).toBeUndefined();
    expect(parsed.METRICS_TOKEN).toBeUndefined();
    expect(parseEnv({ LOG_LEVEL: 'silent', METRICS_PORT: '0' })).toMatchObject({ LOG_LEVEL: 'silent', METRICS_PORT: 0 });
  });

  it('refuses an unknown level, a port out of range and a short token, by name', () => {
    expect(() => parseEnv({ LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL/);
    expect(() => parseEnv({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
    expect(() => parseEnv({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: use at least 16 characters/);
  });
});

describe('webhook variables', () => {
  it('has no webhooks by default and splits a comma-separated list', () => {
    expect(parseEnv({})).toMatchObject({ WEBHOOK_URLS: [], WEBHOOK_TIMEOUT_MS: 10_000 });
    const parsed = parseEnv({ WEBHOOK_URLS: 'https://a.example/hook, http://b.example:8080/x', WEBHOOK_SECRET: 'a-secret-of-16-chars', WEBHOOK_TIMEOUT_MS: '2500' });
    expect(parsed).toMatchObject({ WEBHOOK_URLS: ['https://a.example/hook', 'http://b.example:8080/x'], WEBHOOK_TIMEOUT_MS: 2_500 });
  });

  it('refuses URLs without a secret, a short secret and a URL that is not http(s), by name', () => {
    expect(() => parseEnv({ WEBHOOK_URLS: 'https://a.example/hook' })).toThrow(/WEBHOOK_SECRET: required when WEBHOOK_URLS is set/);
    expect(() => parseEnv({ WEBHOOK_URLS: 'https://a.example/hook', WEBHOOK_SECRET: 'short' })).toThrow(/WEBHOOK_SECRET: use at least 16 characters/);
    expect(() => parseEnv({ WEBHOOK_URLS: 'ftp://a.example/hook', WEBHOOK_SECRET: 'a-secret-of-16-chars' })).toThrow(/WEBHOOK_URLS/);
    expect(() => parseEnv({ WEBHOOK_URLS: 'not a url', WEBHOOK_SECRET: 'a-secret-of-16-chars' })).toThrow(/WEBHOOK_URLS/);
  });
});
