'use client';

/**
 * "Embed" beside a chart: a dialog with the iframe snippet to paste elsewhere (copy button),
 * a choice of live or pinned (frozen at the moment it is pinned), the theme and background,
 * and a live preview of exactly what the snippet will show.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { EMBED_THEMES, type EmbedTheme, withEmbedOptions } from '@/lib/embed/params';
import { EMBED_CHROME_HEIGHT, embedSnippet, readHeightMessage } from '@/lib/embed/snippet';
import { usePublicOrigin } from './public-origin';

// Inline styles: this component is all the dashboard CSS the embeds need, so globals.css stays as it is.
const BUTTON_STYLE = {
  font: 'inherit',
  fontSize: '0.85rem',
  padding: '2px 10px',
  minHeight: 28,
  border: '1px solid var(--border)',
  borderRadius: 6,
  background: 'var(--bg)',
  color: 'var(--text)',
} as const;
const FIELDSET_STYLE = { border: '1px solid var(--border)', borderRadius: 6, margin: '0 0 12px', padding: '6px 12px 10px', display: 'flex', flexWrap: 'wrap', gap: '4px 16px' } as const;

const THEME_LABELS: Record<EmbedTheme, string> = { auto: 'Follow the reader', light: 'Light', dark: 'Dark' };
const PREVIEW_CHART_HEIGHT = 320;

/**
 * `asOf` is the time the page was rendered on the server, which its data is as of: "Pinned"
 * freezes that moment. The reader's own clock is never used: one running a few minutes fast
 * would pin a time the server has not reached yet, and get an error instead of an embed.
 */
export function EmbedButton({ embedPath, title, asOf }: { embedPath: string; title?: string; asOf: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" style={BUTTON_STYLE} onClick={() => setOpen(true)} aria-haspopup="dialog" aria-label={title ? `Embed: ${title}` : undefined} data-testid="embed-button">
        Embed
      </button>
      {open ? <EmbedDialog embedPath={embedPath} title={title ?? 'Rentable chart'} asOf={new Date(asOf)} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

/** The Embed button on a row of its own, at the top right of the chart it embeds. */
export function EmbedRow({ embedPath, title, asOf }: { embedPath: string; title: string; asOf: string }) {
  return (
    <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
      <EmbedButton embedPath={embedPath} title={title} asOf={asOf} />
    </div>
  );
}

function EmbedDialog({ embedPath, title, asOf, onClose }: { embedPath: string; title: string; asOf: Date; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const preview = useRef<HTMLIFrameElement>(null);
  const id = useId();
  const [pinnedAt, setPinnedAt] = useState<Date | null>(null);
  const [theme, setTheme] = useState<EmbedTheme>('auto');
  const origin = usePublicOrigin();
  const [transparent, setTransparent] = useState(false);
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const [previewHeight, setPreviewHeight] = useState(PREVIEW_CHART_HEIGHT + EMBED_CHROME_HEIGHT);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  // The preview reports its height the way an embed on another site does.
  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      if (event.source !== preview.current?.contentWindow || event.origin !== window.location.origin) return;
      const height = readHeightMessage(event.data);
      if (height !== null) setPreviewHeight(height);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);

  const path = withEmbedOptions(embedPath, { theme, transparent, at: pinnedAt }, asOf);
  // The snippet names our public origin; the preview loads from wherever this page was reached.
  const snippet = embedSnippet({ src: `${origin}${path}`, title, height: PREVIEW_CHART_HEIGHT + EMBED_CHROME_HEIGHT });

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
  };

  return (
    <dialog ref={dialog} className="provenance" style={{ width: 'min(720px, 94vw)', maxWidth: 'none' }} onClose={onClose} aria-labelledby={`${id}-title`} data-testid="embed-dialog">
      <h2 id={`${id}-title`} style={{ marginTop: 0 }}>
        Embed this chart
      </h2>
      <fieldset style={FIELDSET_STYLE}>
        <legend>Data</legend>
        <label>
          <input type="radio" name={`${id}-mode`} checked={pinnedAt === null} onChange={() => setPinnedAt(null)} /> Live: follows every new scrape
        </label>
        <label>
          <input type="radio" name={`${id}-mode`} checked={pinnedAt !== null} onChange={() => setPinnedAt(new Date(Math.floor(asOf.getTime() / 1000) * 1000))} /> Pinned:
          the data as of this chart, never changes
        </label>
        {pinnedAt ? <p className="muted" style={{ margin: '4px 0 0', fontSize: '0.85rem' }}>Pinned at {pinnedAt.toISOString()}</p> : null}
      </fieldset>
      <fieldset style={FIELDSET_STYLE}>
        <legend>Look</legend>
        <label>
          Theme{' '}
          <select value={theme} onChange={(e) => setTheme(EMBED_THEMES.find((t) => t === e.target.value) ?? 'auto')}>
            {EMBED_THEMES.map((t) => (
              <option key={t} value={t}>
                {THEME_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={transparent} onChange={(e) => setTransparent(e.target.checked)} /> Transparent background
        </label>
      </fieldset>
      <label htmlFor={`${id}-snippet`} style={{ display: 'block', fontWeight: 600 }}>
        HTML to paste
      </label>
      <textarea id={`${id}-snippet`} readOnly value={snippet} rows={5} style={{ width: '100%', fontFamily: 'ui-monospace, monospace', fontSize: '0.8rem', background: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--border)', borderRadius: 6 }} data-testid="embed-snippet" onFocus={(e) => e.currentTarget.select()} />
      <p style={{ margin: '4px 0 12px', display: 'flex', gap: 12, alignItems: 'center', flexWrap: 'wrap' }}>
        <button type="button" style={BUTTON_STYLE} onClick={() => void copy()} data-testid="embed-copy">
          Copy
        </button>
        <span role="status" className="muted" style={{ fontSize: '0.85rem' }}>
          {copied === 'copied' ? 'Copied.' : copied === 'failed' ? 'Could not copy: select the text and copy it.' : ''}
        </span>
      </p>
      <p style={{ fontWeight: 600, margin: '0 0 4px' }}>Preview</p>
      <iframe ref={preview} src={path} title={`Preview: ${title}`} style={{ width: '100%', height: previewHeight, border: '1px dashed var(--border)', borderRadius: 6 }} data-testid="embed-preview" />
      <form method="dialog" style={{ marginTop: 12 }}>
        <button type="submit" style={BUTTON_STYLE}>
          Close
        </button>
      </form>
    </dialog>
  );
}
