import type { UnitConversion } from '@/lib/methodology';
import styles from './methodology.module.css';
import { SourceLinks } from './source-link';

export interface UnitConversionView extends UnitConversion {
  /** The adapter's own field text for the row this conversion points at. */
  adapterField: string;
}

export function UnitConversions({ conversions }: { conversions: readonly UnitConversionView[] }) {
  return (
    <section aria-labelledby="units">
      <h2 id="units">Unit conversions</h2>
      <p className="lede">
        Every figure is stored in one unit: GPUs (or nodes, where that is all a network states) and USD per GPU-hour. Each
        source publishes its own unit; these are the traps, and what we do about each. The last column is the
        adapter&apos;s own methodology row, so this table cannot say something the code does not.
      </p>
      <div className="panel table-wrap">
        <table className={`${styles.rows} ${styles.stack}`} data-testid="unit-conversions">
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Published as</th>
              <th scope="col">Conversion</th>
              <th scope="col">Adapter field</th>
            </tr>
          </thead>
          <tbody>
            {conversions.map((c) => (
              <tr key={`${c.sourceIds.join('|')}|${c.figure}|${c.field}`} data-sources={c.sourceIds.join(' ')}>
                <td className={styles.field}>
                  <SourceLinks ids={c.sourceIds} />
                </td>
                <td className={styles.prose} data-label="Published as">
                  {c.published}
                </td>
                <td className={styles.prose} data-label="Conversion">
                  {c.conversion}
                </td>
                <td className={styles.field} data-label="Adapter field">
                  <code>{c.adapterField}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
