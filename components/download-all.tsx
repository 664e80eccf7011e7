/**
 * "Download all": a zip of every series the page shows (as CSV), with metadata.json (sources,
 * definitions, units, licence, how to cite) and a README, for the view in the URL.
 */
import { viewToSearchParams, type ViewState } from '@/lib/view-state';

export function downloadAllHref(subject: { network: string } | { model: string }, view: ViewState): string {
  const params = viewToSearchParams({ ...view, scale: 'linear', compare: '0' });
  if ('network' in subject) params.set('network', subject.network);
  else params.set('model', subject.model);
  return `/api/v1/download?${params.toString()}`;
}

export function DownloadAll({ href }: { href: string }) {
  return (
    <p className="download-all">
      <a href={href} download data-testid="download-all">
        Download all (zip of CSVs with metadata and README)
      </a>{' '}
      · <a href="/docs/api">API</a>
    </p>
  );
}
