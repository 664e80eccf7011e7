/**
 * The claims ledger: what networks say about their size and cost, kept in a committed data
 * file (claims.json), validated on load. Size claims in GPUs or nodes are charted as claimed
 * supply, each claim line as its own source so claims that disagree show as separate lines.
 * Cost claims and third-party measurements are kept beside the measured figures, not charted
 * as supply.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { NETWORKS, type NetworkSlug } from '../networks';
import { buildSnapshot, decodeJson } from '../sources/parse-helpers';
import type { DatedSnapshot, HistoryParseResult } from '../sources/types';
import type { CommittedSource } from '../ingest/committed';

// z.enum wants a non-empty tuple; NETWORKS is our own constant, never empty.
const networkSlugs = NETWORKS.map((n) => n.slug) as [NetworkSlug, ...NetworkSlug[]];

export const claimSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  network: z.enum(networkSlugs),
  /** Which page or statement of the network the figure comes from: one source per key. */
  sourceKey: z.string().regex(/^[a-z0-9-]+$/),
  kind: z.enum(['size', 'cost', 'goal', 'measurement']),
  text: z.string().min(1),
  figure: z.number().nonnegative(),
  unit: z.enum(['gpus', 'nodes', 'containers', 'percent', 'usd_per_gpu_hour']),
  gpuModel: z.string().optional(),
  counts: z.string().min(1),
  sourceName: z.string().min(1),
  sourceUrl: z.string().url(),
  seenAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

export type Claim = z.infer<typeof claimSchema>;

export const ledgerSchema = z
  .object({ about: z.string(), claims: z.array(claimSchema) })
  .superRefine((ledger, ctx) => {
    const seen = new Set<string>();
    ledger.claims.forEach((claim, index) => {
      if (seen.has(claim.id)) ctx.addIssue({ code: 'custom', path: ['claims', index, 'id'], message: `duplicate claim id ${claim.id}` });
      seen.add(claim.id);
    });
  });

export const ledgerFile = path.join(process.cwd(), 'lib', 'claims', 'claims.json');

export function readLedgerBytes(): Uint8Array {
  return new Uint8Array(fs.readFileSync(ledgerFile));
}

/** Only size claims in a supply unit become claimed points. */
export function isChartedClaim(claim: Claim): boolean {
  return claim.kind === 'size' && (claim.unit === 'gpus' || claim.unit === 'nodes');
}

/** Pure: the dated claimed points one claim line contributes. */
export function claimHistory(claims: readonly Claim[], network: string, sourceKey: string): DatedSnapshot[] {
  const history: DatedSnapshot[] = [];
  for (const claim of claims) {
    if (claim.network !== network || claim.sourceKey !== sourceKey || !isChartedClaim(claim)) continue;
    const unit = claim.unit === 'nodes' ? 'nodes' : 'gpus';
    const built = buildSnapshot([{ gpuModel: claim.gpuModel ?? 'all', status: 'claimed', unit, quantity: claim.figure }], []);
    if (built.ok) history.push({ observedAt: new Date(`${claim.seenAt}T00:00:00Z`), snapshot: built.value });
  }
  return history;
}

export function parseLedger(bytes: Uint8Array): { ok: true; value: Claim[] } | { ok: false; error: string } {
  const decoded = decodeJson(bytes, ledgerSchema);
  return decoded.ok ? { ok: true, value: decoded.value.claims } : decoded;
}

/** One committed source per charted claim line (`<network>-claims-<sourceKey>`). */
export function claimSources(claims: readonly Claim[]): CommittedSource[] {
  const lines = new Map<string, Claim>();
  for (const claim of claims) if (isChartedClaim(claim)) lines.set(`${claim.network}|${claim.sourceKey}`, claim);
  return [...lines.values()].map((first) => ({
    id: `${first.network}-claims-${first.sourceKey}`,
    network: first.network,
    name: `${first.sourceName}: ${first.counts}`,
    description: `Public claim as published (${first.counts}), from the claims ledger.`,
    version: 1,
    evidenceGrade: 'self-reported-claim',
    origin: 'claim',
    location: 'lib/claims/claims.json',
    baseUrlVariable: 'RENTABLE_CLAIMS_LEDGER',
    defaultBaseUrl: first.sourceUrl,
    request: { method: 'GET', path: '' },
    methodology: [
      {
        figure: 'claimed',
        field: `claims.json: ${first.network} / ${first.sourceKey}`,
        reasoning: 'A dated, sourced statement of size by the network is a claimed figure, charted as published (GPUs or nodes), never as free or rentable.',
      },
    ],
    committedBytes: readLedgerBytes,
    parseHistory: (bytes): HistoryParseResult => {
      const ledger = parseLedger(bytes);
      return ledger.ok ? { ok: true, value: claimHistory(ledger.value, first.network, first.sourceKey) } : ledger;
    },
  }));
}

export function loadLedger(): Claim[] {
  const parsed = parseLedger(readLedgerBytes());
  if (!parsed.ok) throw new Error(`lib/claims/claims.json: ${parsed.error}`);
  return parsed.value;
}
