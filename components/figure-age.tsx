/**
 * How old a current figure is and what kind of evidence it is, in the same words everywhere:
 * "8 min ago · Official API", or a warning once it is stale (past about twice its source's
 * schedule). A headline never shows a number without saying when it was seen and how far to
 * trust it. Figures past 24 h never get here: they are left out of "now" and listed by
 * <LeftOutFigures>.
 */
import { formatAgeMinutes, formatCount, formatUtc } from '@/lib/format';
import type { CurrentFigure, LeftOutFigure } from '@/lib/queries/network-summary';
import { EVIDENCE_GRADE_LABELS } from '@/lib/vocabulary';
import { Age } from './age';

export function FigureAge({ figure }: { figure: CurrentFigure }) {
  const title = `Observed ${formatUtc(figure.observedAt)} by ${figure.sourceId}; fresh within ${figure.freshForMinutes} min of a scrape.`;
  const stale = figure.freshness === 'stale';
  return (
    <span className={stale ? 'stale' : 'muted'} data-freshness={figure.freshness} title={title}>
      <Age at={figure.observedAt} minutes={figure.ageMinutes} prefix={stale ? 'stale: ' : ''} />
      <span data-testid="evidence-grade"> · {EVIDENCE_GRADE_LABELS[figure.evidenceGrade]}</span>
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
