'use client';

/**
 * Range presets, a custom range, resolution, GPU model, linear/log and compare-with-previous.
 * Every control writes the URL (replace, not push, so Back leaves the page), and the page
 * re-reads its view from the URL: a shared link reopens exactly this view.
 */
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useOptimistic, useTransition } from 'react';
import { DEFAULT_VIEW, parseViewState, RANGE_PRESETS, resolutionAllowed, VIEW_KEYS, viewToSearchParams, type ViewState } from '@/lib/view-state';
import { CHART_RESOLUTIONS } from '@/lib/vocabulary';
import { BUCKET_ADJECTIVES } from '@/lib/format';
import { useViewTransition } from './view-transition';

export interface ModelOption {
  id: string;
  label: string;
}

function currentView(params: URLSearchParams): ViewState {
  try {
    return parseViewState(params);
  } catch {
    return DEFAULT_VIEW;
  }
}

export function ViewControls({
  models,
  showModel = true,
  allowAllModels = true,
}: {
  models?: readonly ModelOption[];
  showModel?: boolean;
  allowAllModels?: boolean;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const own = useTransition();
  // The page's transition when it has one, so the charts below show busy too.
  const shared = useViewTransition();
  const [pending, startTransition] = shared ? [shared.pending, shared.startTransition] : own;
  const urlView = currentView(new URLSearchParams(searchParams.toString()));
  // The controls show the choice at once; the URL (and the data) follow in a transition.
  const [view, setOptimisticView] = useOptimistic(urlView);

  const apply = (asked: ViewState) => {
    // A resolution is offered up to 1,000 buckets: a longer range falls back to auto.
    const next = asked.resolution !== 'auto' && !resolutionAllowed(asked, asked.resolution) ? { ...asked, resolution: 'auto' as const } : asked;
    const params = viewToSearchParams(next);
    // Keep parameters that are not view state (a page's own selections).
    for (const [key, value] of searchParams.entries()) if (!(VIEW_KEYS as readonly string[]).includes(key)) params.set(key, value);
    const query = params.toString();
    startTransition(() => {
      setOptimisticView(next);
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    });
  };

  const dateValue = (d: Date | undefined) => (d ? d.toISOString().slice(0, 10) : '');

  return (
    <div className="controls" role="group" aria-label="Chart controls" aria-busy={pending}>
      <div className="control-group" role="group" aria-label="Time range">
        {RANGE_PRESETS.map((range) => (
          <button
            key={range}
            type="button"
            aria-pressed={view.range === range}
            onClick={() => apply({ ...view, range, from: undefined, to: undefined })}
          >
            {range}
          </button>
        ))}
      </div>
      <form
        className="control-group"
        aria-label="Custom range"
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          const from = String(data.get('from') ?? '');
          const to = String(data.get('to') ?? '');
          if (!from || !to || from >= to) return;
          apply({ ...view, range: 'custom', from: new Date(`${from}T00:00:00Z`), to: new Date(`${to}T00:00:00Z`) });
        }}
      >
        <label>
          From <input type="date" name="from" defaultValue={dateValue(view.from)} required />
        </label>
        <label>
          to <input type="date" name="to" defaultValue={dateValue(view.to)} required />
        </label>
        <button type="submit" aria-pressed={view.range === 'custom'}>
          Apply
        </button>
      </form>
      <label className="control-group">
        Resolution{' '}
        <select value={view.resolution} onChange={(e) => apply({ ...view, resolution: e.target.value as ViewState['resolution'] })}>
          <option value="auto">auto</option>
          {CHART_RESOLUTIONS.map((resolution) => (
            <option key={resolution} value={resolution} disabled={!resolutionAllowed(view, resolution)}>
              {BUCKET_ADJECTIVES[resolution]}
            </option>
          ))}
        </select>
      </label>
      {showModel && models ? (
        <label className="control-group">
          GPU model{' '}
          <select value={view.model} onChange={(e) => apply({ ...view, model: e.target.value })}>
            {allowAllModels ? <option value="all">All GPUs</option> : null}
            {models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <div className="control-group" role="group" aria-label="Scale">
        {(['linear', 'log'] as const).map((scale) => (
          <button key={scale} type="button" aria-pressed={view.scale === scale} onClick={() => apply({ ...view, scale })}>
            {scale}
          </button>
        ))}
      </div>
      <label className="control-group">
        <input type="checkbox" checked={view.compare === '1'} onChange={(e) => apply({ ...view, compare: e.target.checked ? '1' : '0' })} /> Compare
        with previous period
      </label>
      {pending ? (
        <p className="view-pending" role="status">
          Loading the new view…
        </p>
      ) : null}
    </div>
  );
}
