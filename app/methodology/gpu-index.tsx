import { GPU_INDEX_METHODOLOGY, GPU_INDEX_VERSIONS, INDEX_MODELS, MAD_SCALE, MIN_INDEX_NETWORKS, OUTLIER_MADS } from '@/lib/analytics/gpu-index';
import { gpuModelLabel } from '@/lib/gpu-models';

/** The GPU index's rules, from lib/analytics/gpu-index.ts: every version, and what a restatement is. */
export function GpuIndexRules() {
  return (
    <section aria-labelledby="gpu-index">
      <h2 id="gpu-index">The GPU index</h2>
      <p className="lede">
        The <a href="/index">open Rentable GPU index</a> is the DePIN rentable price of a GPU-hour, per model and per hour and day:
        the median across networks of what GPUs that can be rented now are listed at, with outliers beyond {OUTLIER_MADS} ×{' '}
        {MAD_SCALE} × MAD left out, published only when at least {MIN_INDEX_NETWORKS} networks contribute. Published for{' '}
        {INDEX_MODELS.map(gpuModelLabel).join(', ')}. Every value carries its methodology version (now{' '}
        <code>{GPU_INDEX_METHODOLOGY}</code>) and opens the quotes, scrape runs and raw snapshots it was computed from.
      </p>
      <p>
        <strong>Versions.</strong> A published version is never edited. A change to any rule below is a new version, published as a
        new series beside the old one, so a value never silently changes when the rules do. <strong>Restatements.</strong> Within one
        version, a value changes only when its inputs do: when a parser fix re-derives a source&apos;s points from the stored raw
        snapshots (<code>npm run rebuild</code>). Such a restatement is listed under its version with its date and reason; pinned
        embeds and the evidence archive keep what was shown before.
      </p>
      {GPU_INDEX_VERSIONS.map((version) => (
        <div key={version.version} data-testid="gpu-index-version" data-version={version.version}>
          <h3>
            <code>{version.version}</code> <span className="muted">(since {version.since})</span>
          </h3>
          <ol>
            {version.rules.map((rule) => (
              <li key={rule}>{rule}</li>
            ))}
          </ol>
          <p className="muted">
            Restatements: {version.restatements.length === 0 ? 'none.' : version.restatements.map((r) => `${r.date}: ${r.reason}`).join('; ')}
          </p>
        </div>
      ))}
    </section>
  );
}
