import type { VerificationStep } from '@/lib/methodology';
import { MethodologyTable } from './methodology-table';
import styles from './methodology.module.css';

/** How anyone checks a figure against the daily evidence archive, step by step. */
export function VerifyArchive({
  steps,
  members,
  dayRule,
  origin,
}: {
  origin: string;
  steps: readonly VerificationStep[];
  members: readonly { name: string; holds: string }[];
  dayRule: string;
}) {
  return (
    <section aria-labelledby="verify">
      <h2 id="verify">Verify a figure from the archive</h2>
      <p className="lede">
        You do not have to trust us. Every day we publish the evidence behind our figures as one file, at{' '}
        <a href={`${origin}/api/v1/archive`}>/api/v1/archive</a>: the raw bytes of every scrape, the runs that fetched them, the claims
        ledger and the token rates. Points and rollups are not in it, because they are derived: you derive them again.
      </p>
      <ol data-testid="verify-steps">
        {steps.map((step) => (
          <li key={step.title}>
            <strong>{step.title}.</strong> {step.text}
            {/* Scrolls by itself on a phone rather than widening the page; focusable to scroll by keyboard. */}
            <pre className={`panel ${styles.commands}`} tabIndex={0} aria-label={`Commands: ${step.title}`}>
              <code>{step.commands.join('\n')}</code>
            </pre>
          </li>
        ))}
      </ol>
      <h3>What a day&apos;s file holds</h3>
      <p>
        A plain tar (any tar tool opens it), members in this order, <code>manifest.json</code> last. Which day a run belongs
        to: {dayRule}.
      </p>
      <MethodologyTable
        label="What a day’s archive file holds"
        testId="archive-members"
        rows={members}
        rowKey={(m) => m.name}
        columns={[
          { header: 'Member', rowHeader: true, kind: 'field', cell: (m) => <code>{m.name}</code> },
          { header: 'Holds', kind: 'prose', cell: (m) => m.holds },
        ]}
      />
    </section>
  );
}
