/**
 * Every claim flag of one network, from its claimed series and its free and rentable supply,
 * each series one point per scrape run (lib/queries/observations.ts), so no display bucket
 * can change a flag.
 */
import { claimSpreadFlags } from './claim-spread';
import { frozenClaimFlags } from './frozen';
import { claimJumpFlags } from './jumps';
import { timeOf } from './observed';
import type { Thresholds } from './thresholds';
import type { Flag, SourceSeries, SupplySeries } from './types';

export interface NetworkSeries {
  network: string;
  /** One series per claimed source (each in its own unit), one point per run. */
  claims: readonly SourceSeries[];
  /** Free and rentable supply series of the network (network totals). */
  supply: readonly SupplySeries[];
}

/** Spread, frozen and jump flags, ordered by start time then rule. */
export function networkFlags(input: NetworkSeries, thresholds: Thresholds): Flag[] {
  const flags: Flag[] = [
    ...claimSpreadFlags(input.network, input.claims, thresholds),
    ...input.claims.flatMap((claim) => frozenClaimFlags(input.network, claim, input.supply, thresholds)),
    ...input.claims.flatMap((claim) => claimJumpFlags(input.network, claim, input.supply, thresholds)),
  ];
  return flags.sort((a, b) => timeOf(a.from) - timeOf(b.from) || a.rule.localeCompare(b.rule));
}
