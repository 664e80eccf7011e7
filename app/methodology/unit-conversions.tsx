import type { UnitConversion } from '@/lib/methodology';
import { MethodologyTable } from './methodology-table';
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
      <MethodologyTable
        label="Unit conversions"
        testId="unit-conversions"
        rows={conversions}
        rowKey={(c) => `${c.sourceIds.join('|')}|${c.figure}|${c.field}`}
        rowAttributes={(c) => ({ 'data-sources': c.sourceIds.join(' ') })}
        columns={[
          { header: 'Source', kind: 'field', cell: (c) => <SourceLinks ids={c.sourceIds} /> },
          { header: 'Published as', kind: 'prose', cell: (c) => c.published },
          { header: 'Conversion', kind: 'prose', cell: (c) => c.conversion },
          { header: 'Adapter field', kind: 'field', cell: (c) => <code>{c.adapterField}</code> },
        ]}
      />
    </section>
  );
}
