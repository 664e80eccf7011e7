import { apiKeyNote, rateLimitText, scheduleText, SOURCE_KIND_LABELS, type MethodologySource, type SourceSection } from '@/lib/methodology';
import { EVIDENCE_GRADE_LABELS } from '@/lib/vocabulary';
import type { MethodologyRow } from '@/lib/sources/types';
import styles from './methodology.module.css';
import { scrollRegion } from '@/lib/scroll-region';

const FIGURE_LABELS: Record<MethodologyRow['figure'], string> = {
  claimed: 'Claimed',
  free: 'Free',
  rentable: 'Rentable',
  price: 'Price',
};

function MethodologyRows({ source }: { source: MethodologySource }) {
  return (
    <div className="table-wrap" {...scrollRegion(`What each figure of ${source.name} is read from`)}>
      <table className={`${styles.rows} ${styles.stack}`} data-testid="methodology-rows">
        <caption className="muted" style={{ textAlign: 'left', fontSize: '0.85rem', padding: '0 0 4px' }}>
          What each figure of {source.name} is read from, and why it counts so
        </caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col">Field</th>
            <th scope="col">Reasoning</th>
          </tr>
        </thead>
        <tbody>
          {source.methodology.map((row, i) => (
            <tr key={i} data-figure={row.figure}>
              <th scope="row" className={styles.figure}>
                <a href={`#def-${row.figure}`}>{FIGURE_LABELS[row.figure]}</a>
              </th>
              <td className={styles.field} data-label="Field">
                <code>{row.field}</code>
              </td>
              <td className={styles.prose} data-label="Reasoning">
                {row.reasoning}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SourceEntry({ source }: { source: MethodologySource }) {
  const committed = source.kind === 'committed';
  return (
    <article id={source.id} className={`panel ${styles.source}`} data-source-id={source.id} aria-labelledby={`${source.id}-name`}>
      <h4 id={`${source.id}-name`}>{source.name}</h4>
      <p className="muted">{source.description}</p>
      <dl className={styles.meta}>
        <dt>Source id</dt>
        <dd>
          <code>{source.id}</code>
        </dd>
        <dt>Evidence</dt>
        <dd>
          <a href="#evidence-grades">{EVIDENCE_GRADE_LABELS[source.evidenceGrade]}</a>
        </dd>
        <dt>How it is read</dt>
        <dd>{SOURCE_KIND_LABELS[source.kind]}</dd>
        <dt>{committed ? 'Cites' : 'Endpoint'}</dt>
        <dd className={styles.url}>
          {committed ? null : <span className="muted">{source.method} </span>}
          <code>{source.endpoint}</code>
          {source.requestBody ? (
            <details>
              <summary>Request body</summary>
              <pre className={styles.body}>
                <code>{source.requestBody}</code>
              </pre>
            </details>
          ) : null}
        </dd>
        {committed ? null : (
          <>
            <dt>Base URL variable</dt>
            <dd>
              <code>{source.baseUrlVariable}</code>
            </dd>
            <dt>API key</dt>
            <dd>
              {source.apiKey ? (
                <>
                  <code>{source.apiKey.variable}</code> ({apiKeyNote(source)})
                </>
              ) : (
                'none'
              )}
            </dd>
            <dt>Rate limit</dt>
            <dd>{rateLimitText(source)}</dd>
          </>
        )}
        <dt>Schedule</dt>
        <dd>{scheduleText(source)}</dd>
      </dl>
      <MethodologyRows source={source} />
    </article>
  );
}

export function SourceSections({ sections }: { sections: readonly SourceSection[] }) {
  return (
    <section aria-labelledby="sources" className={styles.section}>
      <h2 id="sources">Sources</h2>
      <p className="lede">
        Every source Rentable reads, by network, straight from the adapters&apos; own definitions: where it is fetched,
        how much to trust it, whether it needs a key, how often it is asked, and for each figure which field it comes from
        and why it counts as claimed, free, rentable or price. A network that publishes several totals has several
        sources, so their disagreement stays visible.
      </p>
      {sections.map((section) => (
        <section key={section.anchor} id={section.anchor} className={styles.network} aria-labelledby={`${section.anchor}-heading`} data-network={section.anchor}>
          <h3 id={`${section.anchor}-heading`} className={styles.networkHeading}>
            {section.title}
            <span className={`${styles.badge} ${section.network?.kind === 'depin' ? '' : styles.badgeOther}`}>{section.note}</span>
          </h3>
          {section.network ? (
            <p className="muted" style={{ margin: '0 0 4px' }}>
              <a href={section.network.website} rel="noopener noreferrer">
                {section.network.website}
              </a>{' '}
              · {section.sources.length} {section.sources.length === 1 ? 'source' : 'sources'}
            </p>
          ) : null}
          {section.sources.map((source) => (
            <SourceEntry key={source.id} source={source} />
          ))}
        </section>
      ))}
    </section>
  );
}
