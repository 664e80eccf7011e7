/**
 * The only JavaScript an embed page runs, inlined into it (its CSP hash is taken by proxy.ts):
 *   - the height the framing page's snippet waits for (lib/embed/snippet.ts), on load and on
 *     every resize;
 *   - a tooltip over the server-drawn chart on hover, and on keyboard focus (arrows move along
 *     the buckets and between lines, Enter opens the point's source);
 *   - a click on a point or on a value of the data table opens where it came from (the scrape
 *     run, or the quotes behind an index value) in a dialog, read from the public API. Without
 *     JavaScript the same links open that JSON.
 * Everything it reads is in the page: the data table (lib/charts/svg-chart-table.ts) carries
 * each point's text, position, snapshot time and link. It is written as one self-contained
 * function (no imports, nothing from outside its body) because it is shipped as its source
 * text; embedScript() calls it with its settings.
 */
import { EMBED_HEIGHT_MESSAGE } from './snippet';

interface ClientSettings {
  heightMessage: string;
}

export function embedClient(settings: ClientSettings): void {
  const doc = document;
  const root = doc.querySelector<HTMLElement>('.rentable-embed');
  if (root && window.parent !== window) {
    let last = 0;
    const report = () => {
      // From the top of the document, so anything above the embed (the demo banner) counts too.
      const height = Math.ceil(root.getBoundingClientRect().bottom + window.scrollY);
      if (height === last) return;
      last = height;
      window.parent.postMessage({ type: settings.heightMessage, height }, '*');
    };
    new ResizeObserver(report).observe(root);
    report();
  }

  const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] => {
    const node = doc.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  };
  const usd = (v: unknown) => (typeof v === 'number' ? `$${v.toFixed(2)}/GPU-h` : '—');
  const count = (v: unknown) => (typeof v === 'number' ? v.toLocaleString('en-US') : '—');

  // ---------------------------------------------------------------- provenance dialog
  let dialog: HTMLDialogElement | null = null;
  let body: HTMLElement | null = null;
  const openDialog = () => {
    if (!dialog) {
      dialog = el('dialog', undefined, 'provenance');
      dialog.setAttribute('data-testid', 'provenance');
      dialog.setAttribute('aria-labelledby', 'provenance-title');
      const heading = el('h2', 'Where this figure comes from');
      heading.id = 'provenance-title';
      body = el('div');
      const form = el('form');
      form.method = 'dialog';
      const close = el('button', 'Close');
      close.type = 'submit';
      close.autofocus = true;
      form.append(close);
      dialog.append(heading, body, form);
      doc.body.append(dialog);
    }
    if (!dialog.open) dialog.showModal();
    return body!;
  };
  const load = async (href: string, into: HTMLElement, what: string): Promise<Record<string, unknown> | null> => {
    into.replaceChildren(el('p', `Loading ${what}…`, 'muted'));
    try {
      const response = await fetch(href, { headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()) as Record<string, unknown>;
    } catch (error) {
      into.replaceChildren(el('p', `Could not load ${what}: ${(error as Error).message}`, 'failed'));
      return null;
    }
  };
  const link = (href: string, text: string) => {
    const a = el('a', text);
    a.href = href;
    a.target = '_blank';
    a.rel = 'noreferrer';
    return a;
  };
  const openRun = async (href: string, back: string | null) => {
    const into = openDialog();
    const data = await load(href, into, 'the scrape run');
    if (!data) return;
    const run = (data.run ?? {}) as Record<string, unknown>;
    const source = data.source as { name?: string; id?: string } | null;
    const snapshot = data.snapshot as { sha256: string; sizeBytes: number; rawUrl: string } | null;
    const list = el('dl');
    const row = (term: string, value: string | Node) => {
      const dd = el('dd');
      dd.append(value);
      list.append(el('dt', term), dd);
    };
    row('Source', source ? `${source.name} (${source.id})` : String(run.sourceId));
    row('Requested', String(run.requestUrl));
    row('Observed at', utc(String(run.observedAt)));
    row('Fetched at', utc(String(run.startedAt)));
    row('HTTP status', run.httpStatus === null ? 'no response' : String(run.httpStatus));
    row('Outcome', `${run.outcome}${run.error ? `: ${run.error}` : ''}`);
    row('Scrape run', `#${run.id}, adapter v${run.adapterVersion}, ${run.origin}`);
    if (snapshot) {
      const cell = el('span');
      const code = el('code', snapshot.sha256);
      code.setAttribute('data-testid', 'provenance-sha256');
      cell.append(code, ` (${count(snapshot.sizeBytes)} bytes) · `, link(snapshot.rawUrl, 'raw bytes'));
      row('Snapshot sha256', cell);
    } else row('Snapshot sha256', 'none (no bytes came back)');
    into.replaceChildren();
    if (back) {
      const button = el('button', '← Back to the index value');
      button.type = 'button';
      button.setAttribute('data-testid', 'provenance-back');
      button.addEventListener('click', () => void openEvidence(back));
      into.append(button);
    }
    into.append(list);
  };
  const openEvidence = async (href: string) => {
    const into = openDialog();
    const data = await load(href, into, 'the index value');
    if (!data) return;
    const value = (data.value ?? {}) as Record<string, unknown>;
    const quotes = (data.quotes ?? []) as Record<string, unknown>[];
    const intro = el('p', `${data.label}, from ${utc(String(value.at))}: `);
    const figure = el('strong', value.published ? usd(value.usdPerGpuHour) : 'not published');
    figure.setAttribute('data-testid', 'index-evidence-value');
    intro.append(figure, value.published ? ` from ${value.networks} networks, methodology ${value.methodology}.` : ` (${value.reason}).`);
    const table = el('table', undefined, 'data');
    table.setAttribute('data-testid', 'index-evidence-quotes');
    const head = el('tr');
    for (const title of ['Network · source', 'Median', 'Cheapest', 'Rentable GPUs', 'Listings', 'Run · snapshot']) head.append(el('th', title));
    const tbody = el('tbody');
    for (const q of quotes) {
      const tr = el('tr');
      const runCell = el('td');
      const button = el('button', `run #${q.runId}`, 'figure');
      button.type = 'button';
      button.addEventListener('click', () => void openRun(`/api/v1/runs/${q.runId}`, href));
      runCell.append(button);
      if (typeof q.rawUrl === 'string') runCell.append(' · ', link(q.rawUrl, 'raw bytes'));
      tr.append(
        el('td', `${q.networkSlug} · ${q.sourceName}${q.outlier ? ' (outlier, left out)' : ''}`),
        el('td', usd(q.medianUsdPerGpuHour)),
        el('td', usd(q.minUsdPerGpuHour)),
        el('td', count(q.rentableGpus)),
        el('td', count(q.listings)),
        runCell,
      );
      tbody.append(tr);
    }
    const thead = el('thead');
    thead.append(head);
    table.append(thead, tbody);
    into.replaceChildren(intro, quotes.length > 0 ? table : el('p', 'No DePIN source listed this model as rentable at a price in this bucket.', 'muted'));
  };
  const follow = (anchor: HTMLAnchorElement | null | undefined): boolean => {
    if (!anchor) return false;
    const href = anchor.getAttribute('href') ?? '';
    if (anchor.hasAttribute('data-run')) void openRun(href, null);
    else if (anchor.hasAttribute('data-evidence')) void openEvidence(href);
    else return false;
    return true;
  };
  doc.addEventListener('click', (event) => {
    const anchor = (event.target as Element | null)?.closest?.<HTMLAnchorElement>('a[data-run], a[data-evidence]');
    if (anchor && follow(anchor)) event.preventDefault();
  });

  // ---------------------------------------------------------------- tooltip
  const svg = doc.querySelector<SVGSVGElement>('svg[data-chart]');
  const table = doc.querySelector<HTMLTableElement>('table[data-testid="chart-data-table"]');
  const tip = doc.querySelector<HTMLElement>('.chart-tooltip');
  const hover = svg?.querySelector('g.hover');
  if (!svg || !table || !tip || !hover) return;
  const labels = Array.from(table.querySelectorAll('thead th[data-key]')).map((th) => th.textContent ?? '');
  const colours = Array.from(svg.querySelectorAll('path.series')).map((p) => p.getAttribute('stroke') ?? 'currentColor');
  const rows = Array.from(table.tBodies[0]?.rows ?? []).reverse();
  const xs = rows.map((tr) => Number(tr.dataset.x));
  const inProgress = svg.querySelector('.in-progress') !== null;
  const NS = 'http://www.w3.org/2000/svg';
  let bucket = -1;
  let line = 0;
  const cellsOf = (i: number) => Array.from(rows[i]?.cells ?? []).slice(1) as HTMLTableCellElement[];
  const nearestLine = (i: number, y: number | null) => {
    let best = -1;
    let distance = Infinity;
    cellsOf(i).forEach((cell, j) => {
      const cy = cell.dataset.y === undefined ? NaN : Number(cell.dataset.y);
      if (Number.isNaN(cy)) return;
      const d = y === null ? (j === line ? -1 : j) : Math.abs(cy - y);
      if (d < distance) {
        distance = d;
        best = j;
      }
    });
    return best;
  };
  const show = (i: number, selected: number) => {
    bucket = i;
    line = selected;
    const tr = rows[i];
    if (!tr) return;
    const x = xs[i] ?? 0;
    const cells = cellsOf(i);
    const marks: string[] = [`<line x1="${x}%" x2="${x}%" y1="18" y2="${svg.height.baseVal.value - 22}" stroke="var(--muted)" stroke-width="1"/>`];
    cells.forEach((cell, j) => {
      if (cell.dataset.y === undefined) return;
      const r = j === selected ? 6 : 4;
      marks.push(`<circle cx="${x}%" cy="${cell.dataset.y}" r="${r}" fill="${j === selected ? 'var(--bg)' : colours[j]}" stroke="${colours[j]}" stroke-width="2"/>`);
    });
    const group = doc.createElementNS(NS, 'g');
    group.innerHTML = marks.join('');
    hover.replaceChildren(...Array.from(group.childNodes));
    const at = tr.dataset.at ?? '';
    tip.replaceChildren(el('div', `${utc(at)}${inProgress && i === rows.length - 1 ? ' (in progress)' : ''}`, 'tip-time'));
    cells.forEach((cell, j) => {
      const entry = el('div', undefined, j === selected ? 'tip-line selected' : 'tip-line');
      entry.style.color = colours[j] ?? '';
      const value = cell.textContent === '—' ? (cell.dataset.gap === '0' ? 'no scrape scheduled in this bucket' : 'no data (gap)') : (cell.textContent ?? '');
      entry.append(`${labels[j]}: ${value}`);
      if (cell.dataset.observed) entry.append(el('span', ` · snapshot ${utc(cell.dataset.observed)}`, 'muted'));
      tip.append(entry);
    });
    tip.append(el('div', 'Click a point, or press Enter, for its source.', 'muted tip-hint'));
    tip.hidden = false;
    const box = svg.getBoundingClientRect();
    const px = (x / 100) * box.width;
    const width = tip.offsetWidth;
    tip.style.left = `${Math.max(0, px + width + 16 > box.width ? px - width - 12 : px + 12)}px`;
    tip.style.top = '8px';
  };
  const hide = () => {
    bucket = -1;
    tip.hidden = true;
    hover.replaceChildren();
  };
  const nearestBucket = (clientX: number) => {
    const box = svg.getBoundingClientRect();
    const percent = ((clientX - box.left) / box.width) * 100;
    let best = 0;
    xs.forEach((x, i) => {
      if (Math.abs(x - percent) < Math.abs((xs[best] ?? 0) - percent)) best = i;
    });
    return best;
  };
  const pick = (event: MouseEvent) => {
    const i = nearestBucket(event.clientX);
    const y = event.clientY - svg.getBoundingClientRect().top;
    show(i, nearestLine(i, y));
  };
  const open = () => {
    const cell = cellsOf(bucket)[line];
    follow(cell?.querySelector('a'));
  };
  svg.addEventListener('pointermove', pick);
  svg.addEventListener('pointerleave', () => {
    if (doc.activeElement !== svg) hide();
  });
  svg.addEventListener('click', (event) => {
    pick(event);
    open();
  });
  svg.addEventListener('focus', () => {
    const i = rows.length - 1;
    show(i, nearestLine(i, null));
  });
  svg.addEventListener('blur', hide);
  svg.addEventListener('keydown', (event) => {
    const lines = labels.length;
    let i = bucket < 0 ? rows.length - 1 : bucket;
    let j = line;
    if (event.key === 'ArrowLeft') i = Math.max(0, i - 1);
    else if (event.key === 'ArrowRight') i = Math.min(rows.length - 1, i + 1);
    else if (event.key === 'Home') i = 0;
    else if (event.key === 'End') i = rows.length - 1;
    else if (event.key === 'ArrowUp') j = (j + lines - 1) % lines;
    else if (event.key === 'ArrowDown') j = (j + 1) % lines;
    else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open();
      return;
    } else if (event.key === 'Escape') {
      hide();
      return;
    } else return;
    event.preventDefault();
    show(i, j);
  });
}

/** The inline script's text: the function above, called with its settings. */
export function embedScript(): string {
  const settings: ClientSettings = { heightMessage: EMBED_HEIGHT_MESSAGE };
  // No `</script>` can close the element early: the settings are JSON with `<` escaped.
  return `(${embedClient.toString()})(${JSON.stringify(settings).replace(/</g, '\\u003c')})`;
}
