/**
 * Answers computed once per (data version, parameters, minute of "now") and reused. Data
 * changes only when a transaction that writes it commits (db/data-version.ts), and ages change
 * with the clock, so a response is a function of those three: the key holds all of them and an
 * entry never needs invalidating. A new version or a new minute is a new key; old keys age out
 * of a least-recently-used list capped in bytes, so memory stays bounded whatever is asked.
 *
 * Concurrent requests for one key share one computation (a thousand readers of one article's
 * embed, arriving in the same second after a pass, cost one render).
 */
import { createHash } from 'node:crypto';

export interface CachedAnswer {
  status: number;
  body: Uint8Array<ArrayBuffer>;
  /** Headers the answer was made with (content type, disposition, cache control, …). */
  headers: Record<string, string>;
  /** The route pattern that made it (`/api/v1/runs/[id]`), for /metrics when it is served without routing. */
  route?: string;
}

/** A map in least-recently-used order whose values are counted in bytes; the oldest go first past the cap. */
export class ByteCappedLru<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private total = 0;

  constructor(readonly maxBytes: number) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Re-inserted: a Map iterates in insertion order, so the first key is the least recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps the value unless it alone would take more than a quarter of the cap (it would evict everything else). */
  set(key: string, value: V, bytes: number): boolean {
    if (bytes > this.maxBytes / 4) return false;
    this.delete(key);
    this.entries.set(key, { value, bytes });
    this.total += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.total <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.total -= entry.bytes;
    }
    return true;
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.total -= entry.bytes;
  }

  get bytes(): number {
    return this.total;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** 64 MB of answers: a few thousand typical API bodies, and never more whatever is asked. */
export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

/** Bytes an entry is counted at: its body plus its headers and key, roughly. */
function entryBytes(key: string, answer: CachedAnswer): number {
  let bytes = answer.body.byteLength + key.length * 2;
  for (const [name, value] of Object.entries(answer.headers)) bytes += (name.length + value.length) * 2;
  return bytes;
}

/** A full answer (200) or a redirect (a page's canonical URL): what is the same for the next reader of the key. */
export function isKept(status: number): boolean {
  return status === 200 || status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

export class VersionedCache {
  private readonly answers: ByteCappedLru<CachedAnswer>;
  private readonly inFlight = new Map<string, Promise<CachedAnswer>>();

  constructor(maxBytes = DEFAULT_CACHE_BYTES) {
    this.answers = new ByteCappedLru(maxBytes);
  }

  /** The answer under `key` if kept, without computing it. */
  peek(key: string): CachedAnswer | undefined {
    return this.answers.get(key);
  }

  /** The answer under `key`, computing it once if absent. Only 200s and redirects are kept: an error is never served from memory. */
  async getOrCompute(key: string, compute: () => Promise<CachedAnswer>): Promise<{ answer: CachedAnswer; hit: boolean }> {
    const kept = this.answers.get(key);
    if (kept) return { answer: kept, hit: true };
    const running = this.inFlight.get(key);
    if (running) return { answer: await running, hit: true };
    const computing = compute();
    this.inFlight.set(key, computing);
    try {
      const answer = await computing;
      if (isKept(answer.status)) this.answers.set(key, answer, entryBytes(key, answer));
      return { answer, hit: false };
    } finally {
      this.inFlight.delete(key);
    }
  }

  /**
   * The answer under `key`; when it is not kept but the answer of the minute before is
   * (`previousKey`: the same data version and parameters, so the same data, its ages a minute
   * older), that one at once, while `key` is computed once in the background. No reader waits for
   * the minute to turn: a reader waits only when the data changed (a new version) or nothing was
   * asked for a minute.
   */
  async getOrRefresh(key: string, previousKey: string, compute: () => Promise<CachedAnswer>): Promise<{ answer: CachedAnswer; result: 'hit' | 'stale' | 'miss' }> {
    const kept = this.answers.get(key);
    if (kept) return { answer: kept, result: 'hit' };
    const previous = this.answers.get(previousKey);
    if (previous) {
      // An error computing it in the background is met again, and reported, by a later reader.
      if (!this.inFlight.has(key)) this.getOrCompute(key, compute).catch(() => undefined);
      return { answer: previous, result: 'stale' };
    }
    const { answer, hit } = await this.getOrCompute(key, compute);
    return { answer, result: hit ? 'hit' : 'miss' };
  }

  get bytes(): number {
    return this.answers.bytes;
  }

  get size(): number {
    return this.answers.size;
  }
}

/**
 * The parameters of a request as one canonical string: the path, then the query parameters
 * sorted by name (their order in the URL says nothing), so `?a=1&b=2` and `?b=2&a=1` share an entry.
 */
export function requestParameters(url: URL): string {
  const pairs = [...url.searchParams.entries()].sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return `${url.pathname}?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;
}

/** The minute `nowMs` falls in, as milliseconds: ages are stated in minutes, so answers hold for one. */
export function minuteOf(nowMs: number): number {
  return Math.floor(nowMs / 60_000) * 60_000;
}

/**
 * W/"v<version>-<hash of parameters and minute>": a conditional request is answered from the
 * version alone. Weak: a compressing proxy may change the bytes, not what they say.
 */
export function versionedEtag(versionTag: string, parameters: string, minuteMs: number): string {
  const hash = createHash('sha256').update(`${parameters}\n${minuteMs}`).digest('base64url').slice(0, 16);
  return `W/"v${versionTag}-${hash}"`;
}

/** True when If-None-Match names this ETag (or `*`); weak comparison, as RFC 9110 asks for GET. */
export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

const KEY = Symbol.for('rentable.versioned-cache');

/** The process's cache, on globalThis: Next bundles routes separately, and they should share one. */
export function processCache(): VersionedCache {
  const holder = globalThis as { [KEY]?: VersionedCache };
  holder[KEY] ??= new VersionedCache();
  return holder[KEY];
}
