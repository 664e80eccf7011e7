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
