import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jsonText } from './json-text';
import { malformedSegment } from './paths';
import { apiHeaders, documentHeaders, documentPolicy, inlineScriptHashes, newNonce } from './security-headers';

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('security headers', () => {
  it('lists the hash of every inline script of a document, and none for scripts with src', () => {
    const html = '<script src="/_next/a.js" async=""></script><script>self.__next_f.push([1,"x"])</script><p>hi</p><script type="text/javascript">a()</script>';
    expect(inlineScriptHashes(html)).toEqual([sha('self.__next_f.push([1,"x"])'), sha('a()')]);
  });

  it('never allows inline scripts by blanket, and frames only embeds', () => {
    const page = documentPolicy({ scripts: { nonce: 'abc' }, framing: 'none' });
    expect(page).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(page).toContain("frame-ancestors 'none'");
    expect(page).toContain("object-src 'none'");
    const embed = documentPolicy({ scripts: { hashes: [sha('a()')] }, framing: 'any' });
    expect(embed).toContain(`script-src 'self' ${sha('a()')}`);
    expect(embed).toContain('frame-ancestors *');
    for (const policy of [page, embed]) expect(/script-src[^;]*'unsafe-inline'/.test(policy)).toBe(false);
    expect(documentHeaders(page, 'none')['x-frame-options']).toBe('DENY');
    expect(documentHeaders(embed, 'any')['x-frame-options']).toBeUndefined();
    expect(apiHeaders()['content-security-policy']).toContain("default-src 'none'");
    expect(apiHeaders()['permissions-policy']).toContain('camera=()');
  });

  it('makes a fresh 128-bit nonce each time', () => {
    const a = newNonce();
    expect(Buffer.from(a, 'base64')).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });
});

describe('paths as they arrive', () => {
  it('finds the segment whose percent-encoding does not decode', () => {
    expect(malformedSegment('/api/v1/runs/%zz')).toBe('%zz');
    expect(malformedSegment('/api/v1/snapshots/%')).toBe('%');
    expect(malformedSegment('/networks/%C0%AF')).toBe('%C0%AF');
    expect(malformedSegment('/networks/io%2Fnet')).toBeNull();
    expect(malformedSegment('/networks/%E2%82%AC')).toBeNull();
  });
});

describe('JSON as we send it', () => {
  it('escapes what could become markup, and reads back to the same value', () => {
    const value = { message: '<img src=x onerror=alert(1)> & \u2028', n: 1 };
    const text = jsonText(value);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});
