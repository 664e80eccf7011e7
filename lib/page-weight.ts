/**
 * What a page's HTML is made of, for scripts/page-weight.ts and the weight budget spec: the
 * inline RSC flight data (`self.__next_f.push([1, "…"])`, the props handed to client components,
 * here decoded back to the text React reads), the markup around it, and the longest strings the
 * document holds more than once, the fingerprint of a piece of data sent twice. Pure.
 */

const SCRIPT = /<script\b[^>]*>([\s\S]*?)<\/script>/gi;
const PUSH = /^\s*self\.__next_f\.push\((\[[\s\S]*\])\)\s*;?\s*$/;

export interface PageWeight {
  /** UTF-8 bytes of the whole document. */
  htmlBytes: number;
  /** UTF-8 bytes of the `<script>` elements that push flight data, tags included. */
  flightScriptBytes: number;
  flightChunks: number;
  /** The flight data as React reads it: every pushed string, unescaped, in order. */
  flightData: string;
  flightDataBytes: number;
  /** The document without its scripts: what a reader without JavaScript is sent. */
  markup: string;
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

export function weighPage(html: string): PageWeight {
  let flightScriptBytes = 0;
  let flightChunks = 0;
  const pushed: string[] = [];
  const markup = html.replace(SCRIPT, (element, body: string) => {
    const push = PUSH.exec(body);
    if (!push) return '';
    flightScriptBytes += bytes(element);
    flightChunks += 1;
    // Next writes each chunk as a JSON array: [1, text] carries flight text; [0] bootstraps.
    const chunk = JSON.parse(push[1]!) as unknown[];
    if (chunk[0] === 1 && typeof chunk[1] === 'string') pushed.push(chunk[1]);
    return '';
  });
  const flightData = pushed.join('');
  return { htmlBytes: bytes(html), flightScriptBytes, flightChunks, flightData, flightDataBytes: bytes(flightData), markup };
}

export interface RepeatedString {
  sample: string;
  length: number;
  /** Non-overlapping occurrences across the texts. */
  count: number;
}

/** Shorter repeats are markup (`<td><button type="button" class="figure">`), not data. */
export const MIN_REPEAT = 64;

/**
 * The longest strings, of MIN_REPEAT characters or more, that occur more than once across the
 * texts (never across the boundary between two texts), the most wasteful first: length ×
 * (occurrences − 1). One pass of fixed-width windows, hashed; a run of windows that each repeat
 * one earlier run is one repeated string.
 */
export function longestRepeats(...args: [...texts: string[], limit: number]): RepeatedString[] {
  const limit = args.pop() as number;
  const texts = args as string[];
  // A NUL never occurs in a page's text: it keeps windows from spanning two texts.
  const text = texts.join('\u0000');
  const W = MIN_REPEAT;
  const first = new Map<string, number>();
  const found = new Map<string, RepeatedString>();
  let runStart = -1;
  let runSource = -1;
  const closeRun = (end: number) => {
    if (runStart < 0) return;
    const sample = text.slice(runStart, end + W - 1);
    runStart = -1;
    if (sample.includes('\u0000') || found.has(sample)) return;
    found.set(sample, { sample, length: sample.length, count: countOccurrences(text, sample) });
  };
  for (let i = 0; i + W <= text.length; i++) {
    const window = text.slice(i, i + W);
    const earlier = first.get(window);
    if (earlier === undefined) first.set(window, i);
    const repeats = earlier !== undefined && earlier + W <= i && !window.includes('\u0000');
    if (repeats && runStart >= 0 && earlier === runSource + (i - runStart)) continue;
    closeRun(i);
    if (repeats) {
      runStart = i;
      runSource = earlier;
    }
  }
  closeRun(text.length - W + 1);
  return [...found.values()]
    .filter((r) => r.count > 1)
    .sort((a, b) => b.length * (b.count - 1) - a.length * (a.count - 1))
    .slice(0, limit);
}

function countOccurrences(text: string, sample: string): number {
  let count = 0;
  for (let at = text.indexOf(sample); at >= 0; at = text.indexOf(sample, at + sample.length)) count += 1;
  return count;
}

/**
 * The JSON values of the flight data's rows (`<id>:<json>`); rows of other kinds (module
 * references `I[…]`, hints `HL[…]`, text) are skipped.
 */
export function flightValues(flightData: string): unknown[] {
  const values: unknown[] = [];
  for (const row of flightData.split('\n')) {
    const colon = row.indexOf(':');
    if (colon < 0) continue;
    try {
      values.push(JSON.parse(row.slice(colon + 1)));
    } catch {
      // not a JSON row
    }
  }
  return values;
}

/** Every object in the values for which `match` holds, depth first; not searched inside. */
export function findObjects<T>(values: readonly unknown[], match: (value: unknown) => value is T): T[] {
  const found: T[] = [];
  const visit = (value: unknown) => {
    if (typeof value !== 'object' || value === null) return;
    if (match(value)) {
      found.push(value);
      return;
    }
    for (const child of Array.isArray(value) ? value : Object.values(value)) visit(child);
  };
  values.forEach(visit);
  return found;
}
