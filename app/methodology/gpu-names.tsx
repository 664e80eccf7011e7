import type { GpuNameRule, NormalisedExample } from '@/lib/methodology';
import Link from 'next/link';
import styles from './methodology.module.css';
import { scrollRegion } from '@/lib/scroll-region';

export interface GpuNameRuleView {
  rule: GpuNameRule;
  examples: readonly NormalisedExample[];
}

export function GpuNames({ rules }: { rules: readonly GpuNameRuleView[] }) {
  return (
    <section aria-labelledby="gpu-models">
      <h2 id="gpu-models">GPU model names</h2>
      <p className="lede">
        Networks spell one card many ways. Prices only compare when the card really is the same, so every published name is
        mapped to one canonical id. The examples below are run through the same normaliser the adapters use, as this page
        renders. Unrecognised names are listed on <Link href="/status">/status</Link>.
      </p>
      {rules.map(({ rule, examples }) => (
        <div key={rule.id} className={styles.examples} data-rule={rule.id}>
          <h3 style={{ fontSize: '1rem', margin: '12px 0 4px' }}>{rule.rule}</h3>
          <div className="panel table-wrap" {...scrollRegion(`Examples: ${rule.rule}`)}>
            <table className={`${styles.rows} ${styles.stack}`}>
              <thead>
                <tr>
                  <th scope="col">Published name</th>
                  <th scope="col">Canonical id</th>
                  <th scope="col">Shown as</th>
                </tr>
              </thead>
              <tbody>
                {examples.map((e) => (
                  <tr key={e.published}>
                    <td className={styles.field}>
                      <code>{e.published}</code>
                    </td>
                    <td className={styles.field} data-label="Canonical id">
                      <code>{e.canonicalId}</code>
                    </td>
                    <td className={styles.field} data-label="Shown as">
                      {e.label}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
    </section>
  );
}
