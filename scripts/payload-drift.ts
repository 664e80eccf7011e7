/** Recorded payloads with their figures drifting, as upstream figures move from one scrape to the next (benchmarks only). */

/** mulberry32: a seeded generator, so two runs of the bench replay the same drift. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// Fields that carry a count or a price drift; identities, sizes and times never do (a GPU's
// memory drifting would invent GPU models, a timestamp drifting would reorder history).
const DRIFTING = /count|total|avail|free|used|price|cost|quantit|qty|num|amount|rate|gpus|nodes|supply|capacity|alloc|leas|idle|busy|rent/i;
const FIXED = /mem|vram|ram|gb|id$|_id|time|date|version|port|year|block|height|epoch|decimals/i;

/** `document` with every count and price passed through `move` (identities, sizes and times kept). */
export function moveFigures(document: unknown, move: (value: number) => number): unknown {
  const walk = (node: unknown, key: string): unknown => {
    if (Array.isArray(node)) return node.map((item) => walk(item, key));
    if (typeof node === 'number') return DRIFTING.test(key) && !FIXED.test(key) && node !== 0 && Math.abs(node) < 1e9 ? move(node) : node;
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k)]));
  };
  return walk(document, '');
}

/** A figure moved by a factor within ±drift, kept a whole number if it was one. */
export function nudge(value: number, next: () => number, drift: number): number {
  const factor = 1 + (next() * 2 - 1) * drift;
  return Number.isInteger(value) ? Math.max(0, Math.round(value * factor)) : Number((value * factor).toPrecision(6));
}

export function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}

/** The recorded JSON with every count and price moved by up to ±drift (null when the bytes are not JSON). */
export function drifted(bytes: Uint8Array, next: () => number, drift: number): string | null {
  const document = parseJson(bytes);
  if (document === undefined) return null;
  return JSON.stringify(moveFigures(document, (value) => nudge(value, next, drift)));
}
