/**
 * How old a current figure is, in the same words everywhere: "8 min ago", or a warning once it
 * is stale (past about twice its source's schedule). Figures past 24 h never get here: they are
 * left out of "now" and listed by <LeftOutFigures>.
 */
import { formatAgeMinutes, formatCount, formatUtc } from '@/lib/format';
import type { CurrentFigure, LeftOutFigure } from '@/lib/queries/network-summary';

export function FigureAge({ figure }: { figure: CurrentFigure }) {
  const age = formatAgeMinutes(figure.ageMinutes);
  const title = `Observed ${formatUtc(figure.observedAt)} by ${figure.sourceId}; fresh within ${figure.freshForMinutes} min of a scrape.`;
  if (figure.freshness === 'stale') {
    return (
      <span className="stale" data-freshness="stale" title={title}>
        stale: {age}
      </span>
    );
  }
  return (
    <span className="muted" data-freshness="fresh" title={title}>
      {age}
    </span>
  );
}

export function LeftOutFigures({ figures }: { figures: readonly LeftOutFigure[] }) {
  if (figures.length === 0) return null;
  return (
    <p className="muted" data-testid="left-out" style={{ margin: '4px 0 0', fontSize: '0.8rem' }}>
      Left out of &ldquo;now&rdquo;, older than 24 h:{' '}
      {figures.map((f, i) => (
        <span key={`${f.sourceId}|${f.status}|${f.unit}`}>
          {i > 0 ? '; ' : ''}
          {f.status} {formatCount(f.value)} {f.unit} from {f.sourceId}, {formatAgeMinutes(f.ageMinutes)}
        </span>
      ))}
    </p>
  );
}
