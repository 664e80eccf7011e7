/**
 * The dated events behind the vertical lines on the charts (lib/annotations/annotations.json),
 * each with its source. Listed whether or not the chart window reaches them.
 */
import { ANNOTATION_KIND_LABELS, type Annotation } from '@/lib/annotations/annotations';

const CHART_WORDS = { claimed: 'claimed', supply: 'supply', price: 'price' } as const;

export function AnnotationList({ annotations, networkName }: { annotations: readonly Annotation[]; networkName: string }) {
  if (annotations.length === 0) {
    return (
      <p className="panel empty" data-testid="annotations-empty">
        No dated events recorded for {networkName}.
      </p>
    );
  }
  return (
    <div className="panel">
      <ul className="sources" data-testid="annotations">
        {annotations.map((a) => (
          <li key={a.id} data-annotation={a.id}>
            <strong>
              <time dateTime={a.date}>{a.date}</time> · {a.title}
            </strong>{' '}
            <span className="muted">
              ({ANNOTATION_KIND_LABELS[a.kind]}; on the {a.charts.map((c) => CHART_WORDS[c]).join(', ')} chart
              {a.charts.length === 1 ? '' : 's'}
              {a.network === 'aws' && a.charts.includes('price') ? ', on every network’s price chart' : ''})
            </span>
            <p style={{ margin: '4px 0' }}>{a.text}</p>
            <span className="muted" style={{ fontSize: '0.85rem' }}>
              Source:{' '}
              {a.sourceUrl ? (
                <a href={a.sourceUrl} target="_blank" rel="noreferrer">
                  {a.sourceName}
                </a>
              ) : (
                a.sourceName
              )}
            </span>
          </li>
        ))}
      </ul>
      <p className="muted" style={{ fontSize: '0.85rem', marginBottom: 0 }}>
        Drawn as dotted vertical lines on the charts whose window includes the date.
      </p>
    </div>
  );
}
