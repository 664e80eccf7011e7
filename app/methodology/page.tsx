import type { Metadata } from 'next';
import { describeThresholds } from '@/lib/analytics/thresholds';
import { describeBounds } from '@/lib/ingest/plausibility';
import {
  DEFINITIONS,
  GPU_NAME_RULES,
  KNOWN_LIMITS,
  RESOLUTION_ADJECTIVES,
  TOKEN_PRICED_SOURCES,
  TOKEN_RULES,
  UNIT_CONVERSIONS,
  autoResolutions,
  freshnessRules,
  realitySideRows,
  evidenceGradeEntries,
  ledgerSummary,
  methodologySources,
  normaliseExample,
  resolveRow,
  sourceSections,
  tokenFeed,
  unitConversionReferences,
  flagEvidenceRules,
  ARCHIVE_DAY_RULE,
  archiveMemberRows,
  verificationSteps,
} from '@/lib/methodology';
import { publicOrigin } from '@/lib/public-origin';
import { Definitions, EvidenceGrades } from './definitions';
import { FlagThresholds } from './flag-thresholds';
import { GpuNames } from './gpu-names';
import { GpuIndexRules } from './gpu-index';
import { KnownLimits } from './known-limits';
import { PlausibilityBounds } from './plausibility';
import { FreshnessBands, RealityRatioSides } from './reality-and-freshness';
import styles from './methodology.module.css';
import { SourceSections } from './source-sections';
import { TokenConversion } from './token-conversion';
import { UnitConversions } from './unit-conversions';
import { VerifyArchive } from './verify-archive';

export const metadata: Metadata = {
  title: 'Methodology',
  description: 'How Rentable counts claimed, free and rentable GPUs and prices a GPU-hour: every source, unit and known limit.',
};

/**
 * Reads no database: everything here comes from the code (registry, vocabulary, normaliser,
 * claims ledger, thresholds), so the page is rendered once on the server and never drifts
 * from what the scraper does.
 */
export default function MethodologyPage() {
  const sources = methodologySources();
  const sections = sourceSections(sources);
  const feed = tokenFeed(sources);

  const conversions = UNIT_CONVERSIONS.map((conversion) => {
    const [first] = unitConversionReferences(conversion);
    return { ...conversion, adapterField: (first && resolveRow(first, sources)?.field) ?? conversion.field };
  });
  const limits = KNOWN_LIMITS.map((limit) => ({
    limit,
    cites: limit.rows.flatMap((reference) => {
      const row = resolveRow(reference, sources);
      return row ? [{ sourceId: reference.sourceId, row }] : [];
    }),
  }));
  const gpuRules = GPU_NAME_RULES.map((rule) => ({ rule, examples: rule.examples.map(normaliseExample) }));

  return (
    <>
      <h1>Methodology</h1>
      <p className="lede">
        How every figure on Rentable is counted: what the words mean, where each number is read from and why it counts as
        it does, how units and tokens are converted, and what the figures cannot tell you. This page is generated from the
        same definitions the scraper runs on, so it cannot drift from the code.
      </p>
      <nav aria-label="On this page" className="panel">
        <ul className={styles.toc}>
          <li>
            <a href="#definitions">Definitions</a>
          </li>
          <li>
            <a href="#evidence-grades">Evidence grades</a>
          </li>
          <li>
            <a href="#sources">Sources ({sources.length})</a>
          </li>
          <li>
            <a href="#units">Unit conversions</a>
          </li>
          <li>
            <a href="#tokens">Token conversion</a>
          </li>
          <li>
            <a href="#gpu-models">GPU model names</a>
          </li>
          <li>
            <a href="#plausibility">Plausibility bounds</a>
          </li>
          <li>
            <a href="#reality-ratio">Reality ratio</a>
          </li>
          <li>
            <a href="#gpu-index">The GPU index</a>
          </li>
          <li>
            <a href="#freshness">How old &ldquo;now&rdquo; may be</a>
          </li>
          <li>
            <a href="#limits">Known limits</a>
          </li>
          <li>
            <a href="#thresholds">Thresholds for flags</a>
          </li>
          <li>
            <a href="#verify">Verify a figure from the archive</a>
          </li>
          <li className={styles.tocSources}>
            <span className="muted">Sources by network:</span>
            <ul>
              {sections.map((section) => (
                <li key={section.anchor}>
                  <a href={`#${section.anchor}`}>{section.title}</a>
                </li>
              ))}
            </ul>
          </li>
        </ul>
      </nav>
      <Definitions definitions={DEFINITIONS} autoResolutions={autoResolutions()} resolutionAdjectives={RESOLUTION_ADJECTIVES} />
      <EvidenceGrades entries={evidenceGradeEntries(sources)} />
      <SourceSections sections={sections} />
      <UnitConversions conversions={conversions} />
      <TokenConversion feed={feed.source} tokens={feed.tokens} pricedSources={TOKEN_PRICED_SOURCES} rules={TOKEN_RULES} />
      <GpuNames rules={gpuRules} />
      <PlausibilityBounds rows={describeBounds()} />
      <RealityRatioSides {...realitySideRows()} />
      <GpuIndexRules />
      <FreshnessBands rules={freshnessRules()} />
      <KnownLimits limits={limits} ledger={ledgerSummary(undefined, sources)} />
      <FlagThresholds rows={describeThresholds()} rules={flagEvidenceRules()} />
      <VerifyArchive origin={publicOrigin()} steps={verificationSteps(publicOrigin())} members={archiveMemberRows()} dayRule={ARCHIVE_DAY_RULE} />
    </>
  );
}
