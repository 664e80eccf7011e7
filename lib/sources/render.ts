/**
 * Render Network, through the JSON endpoint behind the Render Foundation's stats page
 * (stats.renderfoundation.com). Undocumented: the keys `nodes` and `frames` come from public
 * collectors that read this endpoint (../shared/SOURCES.md §3), no spec or official client.
 *
 * Unit traps:
 * - `nodes` counts node operators' machines, not GPUs; Render does not say how many GPUs a
 *   node holds, so the figure is stored in the unit `nodes` and never summed with GPUs.
 * - Render prices work in OctaneBench-hours (tiered; 1 RENDER = 25 OB·h at Tier 1), not per
 *   GPU-hour: there is no price point to take, and converting through a card's OctaneBench
 *   score would be our estimate, not a listed price.
 */
import { z } from 'zod';
import { ALL_MODELS } from '../vocabulary';
import { buildSnapshot, decodeJson } from './parse-helpers';
import type { SourceAdapter } from './types';

// One collector normalises `nodes` to an integer, so it may arrive as a numeric string.
const nodeCount = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);

export const nodesAndFramesSchema = z.object({
  nodes: nodeCount,
  frames: z.union([z.number(), z.string()]).optional(),
});

const STATS_SITE = 'https://stats.renderfoundation.com';

export const renderNodesAndFrames: SourceAdapter = {
  id: 'render-nodes-and-frames',
  network: 'render',
  name: 'Render Foundation stats: nodes and frames',
  description: 'The node count the Render Foundation’s stats page shows (machines, not GPUs).',
  version: 1,
  // The JSON behind a web page, shape known only from third-party collectors: a page scrape in
  // all but format, and it may change with the page.
  evidenceGrade: 'scraped-page',
  baseUrlVariable: 'RENDER_API_BASE_URL',
  defaultBaseUrl: STATS_SITE,
  // As the stats page's own requests carry them: the Foundation's sibling stats endpoints
  // (infra.shikumi.cc) answer only with them, per the collector that reads both.
  request: {
    method: 'GET',
    path: '/api/nodes_and_frames',
    headers: { Accept: 'application/json', Origin: STATS_SITE, Referer: `${STATS_SITE}/` },
  },
  // A network-wide count that moves slowly; hourly is plenty.
  minIntervalMinutes: 60,
  methodology: [
    {
      figure: 'claimed',
      field: 'nodes (unit: nodes)',
      reasoning:
        'The node count Render’s own stats page advertises. A node is an operator’s machine with one or more GPUs and Render does not publish how many, so it is a count of nodes, not GPUs.',
    },
    {
      figure: 'free',
      field: 'none',
      reasoning: 'Render publishes no count of idle nodes; jobs are matched by its own scheduler, not listed for hire.',
    },
    {
      figure: 'rentable',
      field: 'none',
      reasoning: 'No node can be ordered directly at a listed price: one buys render work, not a GPU.',
    },
    {
      figure: 'price',
      field: 'none',
      reasoning:
        'Render prices in OctaneBench-hours (tiered; 1 RENDER = 25 OB·h at Tier 1), not per GPU-hour. Converting through a card’s OctaneBench score would be our estimate, not a listed price, so no price is recorded.',
    },
  ],
  parse(bytes) {
    const decoded = decodeJson(bytes, nodesAndFramesSchema);
    if (!decoded.ok) return decoded;
    // Render has thousands of nodes; zero is the stats backend failing, not the network.
    if (decoded.value.nodes === 0) return { ok: false, error: 'zero nodes reported (upstream returned an empty inventory)' };
    return buildSnapshot([{ gpuModel: ALL_MODELS, status: 'claimed', unit: 'nodes', quantity: decoded.value.nodes }], []);
  },
};
