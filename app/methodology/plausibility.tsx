import type { BoundRow } from '@/lib/ingest/plausibility';
import styles from './methodology.module.css';

/**
 * The plausibility bounds every figure passes before it is stored (lib/ingest/plausibility.ts;
 * the page renders `describeBounds()`, so the numbers are the code's, never copied by hand).
 */
export function PlausibilityBounds({ rows }: { rows: readonly BoundRow[] }) {
  return (
    <section aria-labelledby="plausibility">
      <h2 id="plausibility">Plausibility bounds</h2>
      <p className="lede">
        Every figure a source publishes is checked against these bounds before it is stored. A figure outside them is never
        charted, exported or counted: it is left out of the run, counted with its reason on the run (shown in the run&rsquo;s
        provenance and on <a href="/status#left-out">/status</a>), and its raw bytes stay in the snapshot. A run whose every
        figure is rejected fails, so the chart shows a gap, never a zero or a spike. Payload records a parser cannot read (a
        GPU with no name, a count that is not a number) are skipped and counted the same way; a payload whose shape is wrong
        fails whole.
      </p>
      <div className="panel table-wrap">
        <table className={`${styles.rows} ${styles.stack}`} data-testid="plausibility-bounds">
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col">Accepted</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.figure}>
                <th scope="row" className={styles.figure}>
                  {row.figure}
                </th>
                <td data-label="Accepted">{row.bound}</td>
                <td className={styles.prose} data-label="Why">
                  {row.why}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
