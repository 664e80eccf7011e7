import type { KnownLimit, LedgerSummary } from '@/lib/methodology';
import type { MethodologyRow } from '@/lib/sources/types';
import styles from './methodology.module.css';
import { SourceLink, SourceLinks } from './source-link';

export interface KnownLimitView {
  limit: KnownLimit;
  /** Each cited adapter row, resolved from the registry. */
  cites: readonly { sourceId: string; row: MethodologyRow }[];
}

export function KnownLimits({ limits, ledger }: { limits: readonly KnownLimitView[]; ledger: LedgerSummary }) {
  return (
    <section aria-labelledby="limits">
      <h2 id="limits">Known limits</h2>
      <p className="lede">What the figures cannot tell you. Each limit cites the adapter rows that state it.</p>
      {limits.map(({ limit, cites }) => (
        <article key={limit.id} id={`limit-${limit.id}`} className={`panel ${styles.limit}`} aria-labelledby={`limit-${limit.id}-title`}>
          <h3 id={`limit-${limit.id}-title`}>{limit.title}</h3>
          <p>{limit.text}</p>
          {limit.id === 'claims-self-reported' ? (
            <p data-testid="ledger-summary">
              The ledger (<code>lib/claims/claims.json</code>) holds {ledger.total.toLocaleString('en-US')} claims (
              {ledger.byKind.map((k) => `${k.count.toLocaleString('en-US')} ${k.kind}`).join(', ')}); {ledger.charted.toLocaleString('en-US')} are
              size claims in GPUs or nodes, charted as claimed through {ledger.claimSourceIds.length.toLocaleString('en-US')} sources:{' '}
              <SourceLinks ids={ledger.claimSourceIds} />.
            </p>
          ) : null}
          {cites.length > 0 ? (
            <ul className={styles.cites}>
              {cites.map((c) => (
                <li key={`${c.sourceId}|${c.row.field}`}>
                  <SourceLink id={c.sourceId} />, {c.row.figure}: <code>{c.row.field}</code>
                </li>
              ))}
            </ul>
          ) : null}
        </article>
      ))}
    </section>
  );
}
