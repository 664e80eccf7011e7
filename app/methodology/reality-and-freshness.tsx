import type { RealitySides } from '@/lib/analytics/reality-sides';
import type { FreshnessRule } from '@/lib/freshness';
import { MethodologyTable } from './methodology-table';

export interface SidesRow {
  network: string;
  name: string;
  sides: RealitySides;
  claimedName: string;
  rentableName: string;
}

/** The reality ratio's declared sides, from lib/analytics/reality-sides.ts. */
export function RealityRatioSides({ rows, without }: { rows: readonly SidesRow[]; without: readonly string[] }) {
  return (
    <section aria-labelledby="reality-ratio">
      <h2 id="reality-ratio">Reality ratio</h2>
      <p className="lede">
        Rentable ÷ claimed, both network totals in GPUs, each from the one source declared for it below. Every page, API
        answer, embed and image uses these sides. When either source has no observation in a bucket (or no current figure
        for &ldquo;now&rdquo;) the ratio is a gap: it is never computed from whichever other source happened to answer, and
        claims from the ledger are never a side. &ldquo;Now&rdquo; divides figures of one scrape pass: when one side&apos;s
        source failed and its current figure is an older one, there is no current ratio until both answer again. Networks without both a live claimed and a rentable source have no ratio:{' '}
        {without.join(', ')}.
      </p>
      <MethodologyTable
        label="Reality ratio: which figures it divides"
        testId="reality-sides"
        rows={rows}
        rowKey={(row) => row.network}
        rowAttributes={(row) => ({ 'data-network': row.network })}
        columns={[
          { header: 'Network', rowHeader: true, cell: (row) => row.name },
          { header: 'Claimed side', cell: (row) => <>{row.claimedName} <code>{row.sides.claimed}</code></> },
          { header: 'Rentable side', cell: (row) => <>{row.rentableName} <code>{row.sides.rentable}</code></> },
          { header: 'Why', kind: 'prose', cell: (row) => row.sides.why },
        ]}
      />
    </section>
  );
}

/** The freshness bands of current figures, per schedule, from lib/freshness.ts. */
export function FreshnessBands({ rules }: { rules: readonly (FreshnessRule & { sources: number })[] }) {
  const span = (minutes: number) => (minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 6) / 10} h`);
  return (
    <section aria-labelledby="freshness">
      <h2 id="freshness">How old &ldquo;now&rdquo; may be</h2>
      <p className="lede">
        A current figure (the cards, key figures, league, the networks API) is that figure as its source last reported it
        (a figure rejected as implausible leaves its previous value standing, with its age), and says how old it is. It is <strong>fresh</strong> within about twice the source&apos;s schedule,{' '}
        <strong>stale</strong> after that (shown with a warning) and, once older than 24 hours, left out of every current
        figure with a note naming it. Dated claims from the ledger and backfilled history are evidence with a date, never
        current figures.
      </p>
      <MethodologyTable
        label="Freshness bands"
        testId="freshness-bands"
        rows={rules}
        rowKey={(rule) => String(rule.scheduleMinutes)}
        columns={[
          { header: 'Scraped every', rowHeader: true, cell: (rule) => span(rule.scheduleMinutes) },
          { header: 'Fresh within', cell: (rule) => span(rule.freshForMinutes) },
          { header: 'Stale up to', cell: (rule) => span(rule.currentForMinutes) },
          { header: 'Sources', cell: (rule) => rule.sources },
        ]}
      />
    </section>
  );
}
