import type { Definition, EvidenceGradeEntry } from '@/lib/methodology';
import type { ChartResolution } from '@/lib/vocabulary';
import styles from './methodology.module.css';
import { SourceLinks } from './source-link';
import { scrollRegion } from '@/lib/scroll-region';

export function Definitions({
  definitions,
  autoResolutions,
  resolutionAdjectives,
}: {
  definitions: readonly Definition[];
  autoResolutions: readonly { range: string; resolution: ChartResolution }[];
  resolutionAdjectives: Record<ChartResolution, string>;
}) {
  return (
    <section aria-labelledby="definitions">
      <h2 id="definitions">Definitions</h2>
      <div className="panel">
        <dl className={styles.definitions}>
          {definitions.map((d) => (
            <div key={d.id} style={{ display: 'contents' }}>
              <dt id={`def-${d.id}`}>{d.term}</dt>
              <dd>
                {d.text}
                {d.id === 'rollups' ? (
                  <>
                    {' '}
                    Resolution picked for each range unless chosen:{' '}
                    {autoResolutions.map((r, i) => (
                      <span key={r.range} data-range={r.range}>
                        {i > 0 ? ', ' : null}
                        {r.range} → {resolutionAdjectives[r.resolution]}
                      </span>
                    ))}
                    .
                  </>
                ) : null}
              </dd>
            </div>
          ))}
        </dl>
      </div>
    </section>
  );
}

export function EvidenceGrades({ entries }: { entries: readonly EvidenceGradeEntry[] }) {
  return (
    <section aria-labelledby="evidence-grades">
      <h2 id="evidence-grades">Evidence grades</h2>
      <p className="lede">Strongest first. Each source declares one and every run stores it.</p>
      <div className="panel table-wrap" {...scrollRegion('Evidence grades')}>
        <table className={`${styles.rows} ${styles.stack}`} data-testid="evidence-grades">
          <thead>
            <tr>
              <th scope="col">Grade</th>
              <th scope="col">What it means</th>
              <th scope="col">Sources</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.grade} data-grade={e.grade}>
                <th scope="row" className={styles.figure}>
                  {e.label}
                </th>
                <td className={styles.prose} data-label="What it means">
                  {e.definition}
                </td>
                <td className={styles.field} data-label="Sources">{e.sourceIds.length === 0 ? <span className="muted">none yet</span> : <SourceLinks ids={e.sourceIds} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
