import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { FLAG_COLUMNS, SERIES_COLUMNS, UNITS } from '@/lib/api/download';
import { citation, DATA_LICENCE } from '@/lib/api/licence';
import { ENDPOINTS, endpointParameters, endpointResponses, type Endpoint, type Parameter } from '@/lib/api/openapi';
import { networksResponse, runProvenance } from '@/lib/api/responses';
import { getDatabase } from '@/lib/db';
import { publicOrigin } from '@/lib/public-origin';
import { readLatestArchiveDay } from '@/lib/queries/archives';
import styles from './api-docs.module.css';
import { currentTime } from '@/lib/clock';
import { scrollRegion } from '@/lib/scroll-region';

export const metadata: Metadata = {
  title: 'API and open data',
  description: 'The Rentable API: JSON and CSV of GPU supply and prices per source, with provenance; OpenAPI 3.1; a zip of any view; CC BY 4.0.',
};

/** Descriptions mark names with backticks, as in the OpenAPI document (Markdown); here they become code. */
function Prose({ text }: { text: string | undefined }) {
  if (!text) return null;
  return (
    <>
      {text.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}
    </>
  );
}

function anchor(endpoint: Endpoint): string {
  return endpoint.operationId;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a parameter takes, in words: its values, a list of them, or its pattern. */
function valuesOf(param: Parameter): string {
  const { schema } = param;
  if (Array.isArray(schema.enum)) return schema.enum.map(String).join(' | ');
  if (schema.type === 'array' && isRecord(schema.items) && Array.isArray(schema.items.enum)) {
    return `comma-separated: ${schema.items.enum.map(String).join(', ')}`;
  }
  if (typeof schema.pattern === 'string') return `text matching ${schema.pattern}`;
  return typeof schema.type === 'string' ? schema.type : 'text';
}

function defaultOf(param: Parameter): string {
  const value = param.schema.default;
  if (value === undefined) return '—';
  return Array.isArray(value) ? value.map(String).join(',') : String(value);
}

/** What `{run}`, `{sha256}` and `{day}` in the example paths stand for on this instance. */
interface ExampleData {
  run: { id: string; sha256: string } | null;
  day: string | null;
}

/** An example request whose run id, snapshot hash and archived day are filled in from this instance's data. */
function exampleHref(example: string, origin: string, data: ExampleData): string | null {
  if (/\{run\}|\{sha256\}/.test(example) && !data.run) return null;
  if (example.includes('{day}') && !data.day) return null;
  return `${origin}${example.replace('{run}', data.run?.id ?? '').replace('{sha256}', data.run?.sha256 ?? '').replace('{day}', data.day ?? '')}`;
}

function EndpointSection({ endpoint, origin, data }: { endpoint: Endpoint; origin: string; data: ExampleData }) {
  const parameters = endpointParameters(endpoint);
  const responses = endpointResponses(endpoint);
  return (
    <section className={`panel ${styles.endpoint}`} id={anchor(endpoint)} aria-labelledby={`${anchor(endpoint)}-heading`} data-endpoint={endpoint.path}>
      <h3 id={`${anchor(endpoint)}-heading`}>
        <span className={styles.method}>GET</span>
        <code>{endpoint.path}</code>
      </h3>
      <p style={{ margin: '4px 0' }}>
        <strong>{endpoint.summary}.</strong> <Prose text={endpoint.description} />
      </p>
      {parameters.length > 0 ? (
        <div className="table-wrap" {...scrollRegion(`Parameters of ${endpoint.path}`)}>
          <table className={styles.params}>
            <caption className="muted" style={{ textAlign: 'left', padding: '4px 0' }}>
              Parameters of {endpoint.path}
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">In</th>
                <th scope="col">Required</th>
                <th scope="col">Values</th>
                <th scope="col">Default</th>
                <th scope="col">Description</th>
              </tr>
            </thead>
            <tbody>
              {parameters.map((param) => (
                <tr key={`${param.in}-${param.name}`} data-param={param.name}>
                  <td>
                    <code>{param.name}</code>
                  </td>
                  <td>{param.in}</td>
                  <td>{param.required ? 'yes' : 'no'}</td>
                  <td className={styles.values}>{valuesOf(param)}</td>
                  <td>{defaultOf(param)}</td>
                  <td className={styles.prose}>
                    <Prose text={param.description} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">No parameters; any parameter is refused by name.</p>
      )}
      <dl className={styles.responses}>
        {Object.entries(responses).map(([status, response]) => (
          <div key={status} style={{ display: 'contents' }}>
            <dt>{status}</dt>
            <dd>
              <Prose text={response.description} />
              {response.content ? <span className="muted"> ({Object.keys(response.content).join(', ')})</span> : null}
            </dd>
          </div>
        ))}
      </dl>
      <p style={{ margin: '8px 0 0' }}>Try it:</p>
      <ul className={styles.examples}>
        {endpoint.examples.map((example) => {
          const href = exampleHref(example, origin, data);
          return (
            <li key={example}>
              {href ? (
                <a href={href} className={styles.url} data-testid="example-url">
                  {href}
                </a>
              ) : (
                <span className={`muted ${styles.url}`}>{`${origin}${example}`} ({example.includes('{day}') ? 'no day archived yet: days are archived an hour after they end' : 'no scrape run yet: take a runId from any series'})</span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export default async function ApiDocsPage() {
  // Example URLs point at our configured origin, and at a run this database holds.
  await connection();
  const origin = publicOrigin();
  const { db } = await getDatabase();
  const networks = await networksResponse(db);
  const runId = networks.networks.map((n) => n.rentable?.runId ?? n.largestClaim?.runId).find((id) => id !== undefined);
  const provenance = runId !== undefined ? await runProvenance(db, runId) : null;
  const run = provenance?.snapshot ? { id: String(provenance.run.id), sha256: provenance.snapshot.sha256 } : null;
  const day = await readLatestArchiveDay(db);
  const now = currentTime();

  return (
    <>
      <h1>API and open data</h1>
      <p className="lede">
        Everything the dashboard draws comes from this API: GPU supply (claimed, free, rentable) and prices per GPU-hour, one series per source,
        every value traceable to the scrape run and the raw bytes it came from. Read-only, no key, JSON or CSV.
      </p>

      <section aria-labelledby="glance">
        <h2 id="glance">At a glance</h2>
        <div className="panel">
          <dl className={styles.columns}>
            <dt>Base URL</dt>
            <dd>
              <code className={styles.url}>{origin}/api/v1</code>
            </dd>
            <dt>OpenAPI 3.1</dt>
            <dd>
              <a href={`${origin}/api/v1/openapi.json`} data-testid="openapi-link">
                {origin}/api/v1/openapi.json
              </a>
              <span className="muted"> (generated from the schemas the routes validate with)</span>
            </dd>
            <dt>Formats</dt>
            <dd>JSON; CSV with format=csv where listed; a zip of a whole view from /api/v1/download.</dd>
            <dt>Time</dt>
            <dd>ISO 8601 UTC. Buckets are [from, to); a gap (no successful scrape) is null in JSON and empty in CSV, never zero.</dd>
            <dt>Caching</dt>
            <dd>
              Responses carry an ETag and may be cached for one scrape interval; send If-None-Match to get a 304 without a body. Runs are cached a
              day, snapshots for ever (they are content-addressed).
            </dd>
            <dt>Errors</dt>
            <dd>
              One envelope; a 400 names the parameter at fault, and an unknown parameter, or one given twice, is refused rather than ignored. A network or GPU model that names nothing is a 404. Browsers on any site may read the API (CORS, preflight included):
              <code className={styles.code}>{'{ "error": { "code": "invalid_parameter", "message": "range: Invalid option: …", "param": "range" } }'}</code>
            </dd>
            <dt>Licence</dt>
            <dd>
              Data under <a href={DATA_LICENCE.url}>{DATA_LICENCE.name}</a>; see <a href="#licence">how to cite</a>.
            </dd>
          </dl>
        </div>
      </section>

      <section aria-labelledby="endpoints">
        <h2 id="endpoints">Endpoints</h2>
        <nav aria-label="Endpoints">
          <ul className={styles.toc}>
            {ENDPOINTS.map((endpoint) => (
              <li key={endpoint.path}>
                <a href={`#${anchor(endpoint)}`}>
                  <code>{endpoint.path}</code>
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {ENDPOINTS.map((endpoint) => (
          <EndpointSection key={endpoint.path} endpoint={endpoint} origin={origin} data={{ run, day }} />
        ))}
      </section>

      <section aria-labelledby="csv">
        <h2 id="csv">CSV files</h2>
        <div className="panel">
          <p style={{ marginTop: 0 }}>
            RFC 4180: UTF-8, comma-separated, CRLF line ends, one header row (<code>text/csv; header=present</code>), sent as a download whose file
            name says what and which range. Numbers are plain numbers; a text cell a spreadsheet would run as a formula is prefixed with an
            apostrophe. Series files (supply, prices) have one row per time bucket and series, from the first observation on:
          </p>
          <dl className={styles.columns} data-testid="series-columns">
            {Object.entries(SERIES_COLUMNS).map(([column, text]) => (
              <div key={column} style={{ display: 'contents' }}>
                <dt>{column}</dt>
                <dd>{text}</dd>
              </div>
            ))}
          </dl>
          <p>Units:</p>
          <dl className={styles.columns}>
            {Object.entries(UNITS).map(([unit, text]) => (
              <div key={unit} style={{ display: 'contents' }}>
                <dt>{unit}</dt>
                <dd>{text}</dd>
              </div>
            ))}
          </dl>
          <p>The flags file has one row per flag:</p>
          <dl className={styles.columns}>
            {Object.entries(FLAG_COLUMNS).map(([column, text]) => (
              <div key={column} style={{ display: 'contents' }}>
                <dt>{column}</dt>
                <dd>{text}</dd>
              </div>
            ))}
          </dl>
        </div>
      </section>

      <section aria-labelledby="download">
        <h2 id="download">Download all</h2>
        <div className="panel">
          <p style={{ marginTop: 0 }}>
            <code>/api/v1/download</code> zips what a view shows. <code>network=akash</code> is a network page: its supply totals, its prices of
            the chosen model (or the model the page opens on) with AWS, and its flags. <code>model=h100-sxm-80gb</code> alone is the comparison
            page: rentable supply per network, prices on every network, every network&apos;s flags. Add the range as on the page.
          </p>
          <p>
            Inside: the CSVs, each identical to the API URL listed for it; <code>metadata.json</code> with the sources (endpoints and evidence
            grades), definitions, units, column meanings, licence, how to cite with the retrieval time and the exact API URLs; and a{' '}
            <code>README.txt</code>.
          </p>
          <ul className={styles.examples}>
            {(ENDPOINTS.find((e) => e.path === '/api/v1/download')?.examples ?? []).map((example) => (
              <li key={example}>
                <a href={`${origin}${example}`} className={styles.url}>
                  {origin}
                  {example}
                </a>
              </li>
            ))}
          </ul>
        </div>
      </section>

      <section aria-labelledby="licence">
        <h2 id="licence">Licence and how to cite</h2>
        <div className="panel">
          <p style={{ marginTop: 0 }} data-testid="licence">
            The data is published under the <a href={DATA_LICENCE.url}>{DATA_LICENCE.name}</a> licence: use it, share it and build on it, for
            any purpose, as long as you credit Rentable with a link to the page or API URL you used and say if you changed it. Figures a network
            publishes about itself remain its statements; each is dated and linked to where it was said.
          </p>
          <p>Cite the view or API URL with the time you retrieved it, for example:</p>
          <code className={styles.code} data-testid="citation">
            {citation(`${origin}/api/v1/supply?network=akash&range=30d`, now)}
          </code>
          <p style={{ marginBottom: 0 }}>
            How each figure is made, source by source: <Link href="/methodology">methodology</Link>.
          </p>
        </div>
      </section>
    </>
  );
}
