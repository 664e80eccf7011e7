import { describe, expect, it } from 'vitest';
import { EMBED_HEIGHT_MESSAGE, embedSnippet, heightMessage, MAX_EMBED_HEIGHT, readHeightMessage } from './snippet';

describe('embedSnippet', () => {
  const snippet = embedSnippet({ src: 'https://rentable.example/embed/supply?network=akash&status=claimed', title: 'Akash "claimed" <GPUs>', height: 470, width: 720 });

  it('is an iframe with the embed URL, a title and a starting height', () => {
    expect(snippet).toContain('<iframe src="https://rentable.example/embed/supply?network=akash&amp;status=claimed"');
    expect(snippet).toContain('title="Akash &quot;claimed&quot; &lt;GPUs&gt;"');
    expect(snippet).toContain('height="470"');
    expect(snippet).toContain('max-width:720px');
    expect(snippet).toContain('data-rentable-embed');
    // An iframe's width attribute is a whole number of pixels: the fluid width is a style.
    expect(snippet).not.toMatch(/\swidth="/);
    expect(snippet).toContain('width:100%');
  });

  it('never grows the iframe past a requested maximum height', () => {
    const capped = embedSnippet({ src: 'https://rentable.example/embed/supply?network=akash', title: 't', height: 470, maxHeight: 300 });
    expect(capped).toContain('height="300"');
    expect(capped).toContain('data-max-height="300"');
    expect(capped).toContain('+f.dataset.maxHeight');
    expect(snippet).toContain(`data-max-height="${MAX_EMBED_HEIGHT}"`);
  });

  it('carries a short inline script that trusts only the embed’s origin and resizes only the sender', () => {
    const script = /<script>(.*)<\/script>/s.exec(snippet)?.[1] ?? '';
    expect(script).toContain('e.origin!=="https://rentable.example"');
    expect(script).toContain(`d.type!=="${EMBED_HEIGHT_MESSAGE}"`);
    expect(script).toContain('f.contentWindow===e.source');
    expect(script).not.toContain('src=');
    expect(script.length).toBeLessThan(400);
  });

  it('cannot be closed early by a crafted origin', () => {
    expect(embedSnippet({ src: 'https://a.example/embed/supply?x=</script>', title: 't', height: 100 })).not.toMatch(/<\/script>.*<\/script>/s);
  });
});

describe('height messages', () => {
  it('round-trips and rounds up', () => {
    expect(heightMessage(431.2)).toEqual({ type: EMBED_HEIGHT_MESSAGE, height: 432 });
    expect(readHeightMessage(heightMessage(431.2))).toBe(432);
  });

  it('ignores anything else and clamps absurd heights', () => {
    expect(readHeightMessage('rentable:embed-height')).toBeNull();
    expect(readHeightMessage({ type: 'other', height: 10 })).toBeNull();
    expect(readHeightMessage({ type: EMBED_HEIGHT_MESSAGE, height: -5 })).toBeNull();
    expect(readHeightMessage({ type: EMBED_HEIGHT_MESSAGE, height: 1e9 })).toBe(MAX_EMBED_HEIGHT);
  });
});
