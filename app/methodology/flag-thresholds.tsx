import type { ThresholdRow } from '@/lib/analytics/thresholds';
import styles from './methodology.module.css';

/**
 * The thresholds the analytics flags use, from lib/analytics/thresholds.ts (the page renders
 * `describeThresholds()`, so the numbers are the code's defaults, never copied by hand).
 */
export function FlagThresholds({ rows, rules }: { rows: readonly ThresholdRow[]; rules: readonly string[] }) {
  return (
    <section aria-labelledby="thresholds">
      <h2 id="thresholds">Thresholds for flags</h2>
      <p className="lede">
        The numbers behind every flag (claim spread, frozen figures, jumps) and the derived views. Each has a default and can
        be overridden by the environment variable beside it.
      </p>
      <div data-testid="flag-evidence-rules">
        {rules.map((rule) => (
          <p key={rule}>
            {rule}
          </p>
        ))}
      </div>
      <div className="panel table-wrap">
        <table className={`${styles.rows} ${styles.stack}`} data-testid="thresholds">
          <thead>
            <tr>
              <th scope="col">Threshold</th>
              <th scope="col">Default</th>
              <th scope="col">Variable</th>
              <th scope="col">What it means</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} data-threshold={row.key}>
                <th scope="row" className={styles.figure}>
                  <code>{row.key}</code>
                </th>
                <td data-testid="threshold-default" data-label="Default">{row.defaultValue}</td>
                <td data-label="Variable">
                  <code>{row.env}</code>
                </td>
                <td className={styles.prose} data-label="What it means">
                  {row.description}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
