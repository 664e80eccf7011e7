/**
 * The embed page's whole stylesheet, inlined into it: an embed is one request and loads none
 * of the site's CSS. The palette is app/globals.css's (keep the two in step); theme=light|dark
 * pins it whatever the reader's system prefers, auto follows the system. The sizes of the
 * chrome around the plot are what EMBED_CHROME_HEIGHT (./snippet.ts) counts.
 */
const LIGHT = '--bg:#ffffff;--surface:#f7f7f8;--text:#16181d;--muted:#5b6170;--border:#dcdfe5;--grid:#e6e8ec;--accent:#0b5cad;--bad:#b3261e;--good:#0a7a45;';
const DARK = '--bg:#111318;--surface:#1a1d24;--text:#e8eaef;--muted:#a0a7b5;--border:#2e333d;--grid:#262a33;--accent:#7cb7ff;--bad:#ff8a80;--good:#5fd39a;';

export const EMBED_CSS = `
:root{${LIGHT}color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{${DARK}}}
html:has(.rentable-embed[data-theme='light']){${LIGHT}color-scheme:light}
html:has(.rentable-embed[data-theme='dark']){${DARK}color-scheme:dark}
*{box-sizing:border-box}
html,body{margin:0;background:var(--bg);color:var(--text)}
body{font-family:ui-sans-serif,system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;line-height:1.5;font-variant-numeric:tabular-nums}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.muted{color:var(--muted)}
.failed{color:var(--bad)}
.demo-banner{background:#fff3cd;color:#4d3800;padding:8px 16px;text-align:center;font-weight:600}
.rentable-embed{padding:8px 12px 10px;width:100%}
.rentable-embed .embed-title{font-size:1.05rem;line-height:1.3;margin:0 0 2px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.rentable-embed .embed-meta{margin:0 0 6px;color:var(--muted);font-size:0.8rem}
.rentable-embed figure.chart{margin:0;width:100%;position:relative}
.rentable-embed svg.svg-chart{display:block;overflow:hidden;cursor:crosshair}
.rentable-embed svg.svg-chart:focus-visible{outline-offset:-3px}
.rentable-embed .chart-tooltip{position:absolute;z-index:2;pointer-events:none;background:var(--surface);border:1px solid var(--border);color:var(--text);padding:6px 9px;border-radius:6px;font-size:0.8rem;line-height:1.35;max-width:min(360px,90%);box-shadow:0 2px 8px rgba(0,0,0,.15)}
.rentable-embed .chart-tooltip .tip-time{font-weight:600}
.rentable-embed .chart-tooltip .tip-line.selected{font-weight:600}
.rentable-embed .chart-tooltip .tip-hint{font-size:0.75rem}
.rentable-embed details.chart-data{margin:6px 0;font-size:0.9rem}
.rentable-embed details.chart-data summary{cursor:pointer}
.rentable-embed .table-wrap{overflow-x:auto;max-height:60vh}
.rentable-embed table{border-collapse:collapse;width:100%}
.rentable-embed caption{text-align:left;font-size:0.8rem}
.rentable-embed th,.rentable-embed td{text-align:right;padding:4px 8px;border-bottom:1px solid var(--border);white-space:nowrap}
.rentable-embed th:first-child,.rentable-embed td:first-child{text-align:left}
.rentable-embed th{font-weight:600;color:var(--muted);font-size:0.8rem}
.rentable-embed tbody th{font-weight:400}
.rentable-embed a.figure{color:var(--text);text-decoration:underline dotted;text-underline-offset:3px}
.rentable-embed ul.legend{list-style:none;display:flex;flex-wrap:wrap;gap:0 14px;max-height:2.8em;overflow-y:auto;margin:4px 0 0;padding:0;font-size:0.8rem;line-height:1.4}
.rentable-embed .chart-gap-note{margin:2px 0 0;font-size:0.75rem}
.rentable-embed .embed-source{margin:8px 0 0;color:var(--muted);font-size:0.8rem}
.rentable-embed .embed-sources{display:inline;margin-left:6px}
.rentable-embed .embed-sources summary{display:inline;cursor:pointer;text-decoration:underline}
.rentable-embed .embed-sources[open] ul{margin:4px 0 0;padding-left:18px}
.rentable-embed .empty{padding:24px 12px;text-align:center;color:var(--muted)}
.rentable-embed .error-state{background:var(--surface);border:1px solid var(--bad);border-radius:8px;padding:16px}
dialog.provenance{max-width:min(640px,92vw);border:1px solid var(--border);border-radius:8px;background:var(--bg);color:var(--text);font-size:0.9rem}
dialog.provenance::backdrop{background:rgba(0,0,0,.45)}
dialog.provenance h2{margin-top:0;font-size:1.1rem}
dialog.provenance dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px}
dialog.provenance dt{color:var(--muted)}
dialog.provenance dd{margin:0;word-break:break-all}
dialog.provenance table{border-collapse:collapse;width:100%;font-size:0.85rem}
dialog.provenance th,dialog.provenance td{text-align:left;padding:4px 6px;border-bottom:1px solid var(--border)}
dialog.provenance button.figure{font:inherit;background:none;border:none;padding:0;color:var(--text);text-decoration:underline dotted;cursor:pointer}
html:has(.rentable-embed[data-transparent='1']),html:has(.rentable-embed[data-transparent='1']) body{background:transparent;color-scheme:normal}
`
  .trim()
  .replace(/\n/g, '');
