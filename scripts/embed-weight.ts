/**
 * How much an embed page weighs as a browser loads it: the HTML, every `<script src>` chunk it
 * names and every inline script, each measured raw and gzipped (each file on its own, as a server
 * compresses them). Reads a running production server (`next start` or `npm start`); figures,
 * not assertions.
 *
 *   npx tsx scripts/embed-weight.ts [base URL, default http://127.0.0.1:3000] [path …]
 *
 * With no paths it weighs one embed of each kind: supply (one network and io.net's lopsided
 * claimed/free/rentable lines), prices across networks, and the GPU index.
 */
import { gzipSync } from 'node:zlib';

const DEFAULT_PATHS = [
  '/embed/supply?network=akash',
  '/embed/supply?network=ionet&status=claimed,free,rentable',
  '/embed/prices?model=h100-sxm-80gb',
  '/embed/index?model=h100-sxm-80gb',
];

interface Weight {
  raw: number;
  gzip: number;
}

const weigh = (bytes: Uint8Array | string): Weight => {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
  return { raw: buffer.byteLength, gzip: gzipSync(buffer).byteLength };
};
const add = (a: Weight, b: Weight): Weight => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip });
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;

/** A script that the browser runs: no src, and no data type such as application/json. */
function isInlineCode(attributes: string): boolean {
  const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attributes)?.[1]?.toLowerCase();
  return !type || type === 'text/javascript' || type === 'module' || type === 'application/javascript';
}

async function weighPage(base: string, path: string) {
  const url = new URL(path, base);
  const response = await fetch(url, { headers: { accept: 'text/html' } });
  if (!response.ok) throw new Error(`${url.href}: HTTP ${response.status}`);
  const html = await response.text();
  const sources = new Set<string>();
  let inline: Weight = { raw: 0, gzip: 0 };
  let inlineCount = 0;
  for (const [, attributes = '', body = ''] of html.matchAll(SCRIPT)) {
    const src = /\bsrc\s*=\s*["']([^"']+)["']/i.exec(attributes)?.[1];
    if (src) sources.add(new URL(src.replaceAll('&amp;', '&'), url).href);
    else if (isInlineCode(attributes) && body.trim()) {
      inline = add(inline, weigh(body));
      inlineCount += 1;
    }
  }
  let external: Weight = { raw: 0, gzip: 0 };
  for (const src of sources) {
    const chunk = await fetch(src);
    if (!chunk.ok) throw new Error(`${src}: HTTP ${chunk.status}`);
    external = add(external, weigh(new Uint8Array(await chunk.arrayBuffer())));
  }
  return { path, html: weigh(html), chunks: sources.size, external, inlineCount, inline, js: add(external, inline), hasSvgChart: /<svg\b[^>]*data-chart/.test(html) };
}

const [baseArg, ...pathArgs] = process.argv.slice(2);
const base = baseArg ?? 'http://127.0.0.1:3000';
const paths = pathArgs.length > 0 ? pathArgs : DEFAULT_PATHS;

console.log(`Embed page weight at ${base} (gzip: each file compressed on its own, zlib default level)`);
for (const path of paths) {
  const w = await weighPage(base, path);
  console.log(
    [
      `${w.path}`,
      `  HTML               ${kb(w.html.raw).padStart(9)} raw ${kb(w.html.gzip).padStart(9)} gzip${w.hasSvgChart ? ' (chart drawn in the HTML)' : ' (no chart in the HTML)'}`,
      `  <script src> x${String(w.chunks).padEnd(4)} ${kb(w.external.raw).padStart(9)} raw ${kb(w.external.gzip).padStart(9)} gzip`,
      `  inline scripts x${String(w.inlineCount).padEnd(3)}${kb(w.inline.raw).padStart(9)} raw ${kb(w.inline.gzip).padStart(9)} gzip`,
      `  JavaScript total   ${kb(w.js.raw).padStart(9)} raw ${kb(w.js.gzip).padStart(9)} gzip`,
    ].join('\n'),
  );
}
