import type { MethodologySource, TokenPricedSource } from '@/lib/methodology';
import styles from './methodology.module.css';
import { SourceLink } from './source-link';
import { scrollRegion } from '@/lib/scroll-region';

export function TokenConversion({
  feed,
  tokens,
  pricedSources,
  rules,
}: {
  feed: MethodologySource | undefined;
  tokens: readonly { symbol: string; coinId: string }[];
  pricedSources: readonly TokenPricedSource[];
  rules: readonly string[];
}) {
  return (
    <section aria-labelledby="tokens">
      <h2 id="tokens">Token conversion</h2>
      <p className="lede">
        Some listings are priced in a token. They are converted to USD with the token&apos;s price from{' '}
        {feed ? (
          <>
            {feed.name} (<SourceLink id={feed.id} />)
          </>
        ) : (
          'the token-price feed'
        )}
        , scraped first in every pass.
      </p>
      <ul>
        {rules.map((rule) => (
          <li key={rule}>{rule}</li>
        ))}
      </ul>
      <h3>Tokens priced</h3>
      <div className="panel table-wrap" {...scrollRegion('Tokens priced')}>
        <table className={`${styles.rows} ${styles.stack}`} data-testid="tokens">
          <thead>
            <tr>
              <th scope="col">Token</th>
              <th scope="col">CoinGecko id</th>
              <th scope="col">Converts listings of</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => {
              const users = pricedSources.filter((s) => s.symbols.some((symbol) => symbol === t.symbol));
              return (
                <tr key={t.symbol} data-token={t.symbol}>
                  <th scope="row" className={styles.figure}>
                    {t.symbol}
                  </th>
                  <td className={styles.field} data-label="CoinGecko id">
                    <code>{t.coinId}</code>
                  </td>
                  <td className={styles.prose} data-label="Converts listings of">
                    {users.length === 0 ? (
                      <span className="muted">no source today</span>
                    ) : (
                      users.map((u, i) => (
                        <span key={u.sourceId}>
                          {i > 0 ? '; ' : null}
                          <SourceLink id={u.sourceId} />: {u.when}
                        </span>
                      ))
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
