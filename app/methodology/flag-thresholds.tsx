import type { ThresholdRow } from '@/lib/analytics/thresholds';
import { MethodologyTable } from './methodology-table';

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
      <MethodologyTable
        label="Flag thresholds"
        testId="thresholds"
        rows={rows}
        rowKey={(row) => row.key}
        rowAttributes={(row) => ({ 'data-threshold': row.key })}
        columns={[
          { header: 'Threshold', rowHeader: true, cell: (row) => <code>{row.key}</code> },
          { header: 'Default', testId: 'threshold-default', cell: (row) => row.defaultValue },
          { header: 'Variable', cell: (row) => <code>{row.env}</code> },
          { header: 'What it means', kind: 'prose', cell: (row) => row.description },
        ]}
      />
    </section>
  );
}
