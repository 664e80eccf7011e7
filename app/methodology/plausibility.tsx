import type { BoundRow } from '@/lib/ingest/plausibility';
import { MethodologyTable } from './methodology-table';

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
      <MethodologyTable
        label="Plausibility bounds"
        testId="plausibility-bounds"
        rows={rows}
        rowKey={(row) => row.figure}
        columns={[
          { header: 'Figure', rowHeader: true, cell: (row) => row.figure },
          { header: 'Accepted', cell: (row) => row.bound },
          { header: 'Why', kind: 'prose', cell: (row) => row.why },
        ]}
      />
    </section>
  );
}
