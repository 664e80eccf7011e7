/**
 * How much a dashboard page's HTML weighs and what it is made of: the whole document, the
 * inline RSC flight data (`self.__next_f.push`, the props handed to client components, decoded),
 * the markup around it, and the longest strings the document carries more than once, the
 * fingerprint of a piece of data sent twice. Reads a running server (`npm run demo`,
 * `npm start`, the e2e server); figures, not assertions (e2e/page-weight.spec.ts asserts the
 * budget).
 *
 *   npx tsx scripts/page-weight.ts [base URL, default http://127.0.0.1:3000] [path …]
 *   npm run weight:pages -- http://127.0.0.1:3602
 *
 * With no paths it weighs the pages issue 10 measured: /compare at 7 and 30 days, a network
 * page with a model, and the overview.
 */
import { gzipSync } from 'node:zlib';
import { longestRepeats, weighPage } from '../lib/page-weight';

const DEFAULT_PATHS = [
  '/compare?model=h100-sxm-80gb&range=7d',
  '/compare?model=h100-sxm-80gb',
  '/networks/ionet?model=h100-sxm-80gb',
  '/networks/akash?model=h100-sxm-80gb',
  '/',
];

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const gz = (text: string) => gzipSync(Buffer.from(text, 'utf8')).byteLength;

const [baseArg, ...pathArgs] = process.argv.slice(2);
const base = baseArg ?? 'http://127.0.0.1:3000';
const paths = pathArgs.length > 0 ? pathArgs : DEFAULT_PATHS;

console.log(`Page weight at ${base} (KiB = 1,024 bytes; gzip: zlib default level)`);
for (const path of paths) {
  const response = await fetch(new URL(path, base), { headers: { accept: 'text/html' } });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  const html = await response.text();
  const weight = weighPage(html);
  console.log(
    [
      path,
      `  HTML               ${kb(weight.htmlBytes).padStart(11)} raw ${kb(gz(html)).padStart(10)} gzip`,
      `  flight scripts     ${kb(weight.flightScriptBytes).padStart(11)} raw (${weight.flightChunks} pushes, ${kb(weight.flightDataBytes)} decoded)`,
      `  markup and the rest${kb(weight.htmlBytes - weight.flightScriptBytes).padStart(11)} raw`,
      // Equal figures in neighbouring table rows repeat by nature; a series sent twice is a repeat
      // as long as the series (hundreds to thousands of characters).
      '  longest strings held more than once (decoded flight data + markup; 64 characters or more):',
      ...longestRepeats(weight.flightData, weight.markup, 8).map((r) => `    ${String(r.length).padStart(6)} chars ×${r.count}  ${JSON.stringify(r.sample.slice(0, 90))}${r.sample.length > 90 ? '…' : ''}`),
    ].join('\n'),
  );
}
