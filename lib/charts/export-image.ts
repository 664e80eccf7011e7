/**
 * "Download SVG / PNG" of a chart as seen: the chart's SVG with its CSS variables resolved to
 * the colours on screen, a title above and the legend below, so the file stands on its own.
 * Browser-only (it reads computed styles and draws on a canvas).
 */
export interface LegendEntry {
  label: string;
  color: string;
  dash: string | undefined;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const PAINT_ATTRIBUTES = ['fill', 'stroke', 'color', 'stop-color'];

function resolveVariables(source: Element, target: Element): void {
  const computed = getComputedStyle(source);
  for (const attribute of PAINT_ATTRIBUTES) {
    const value = target.getAttribute(attribute);
    if (value && value.includes('var(')) target.setAttribute(attribute, computed.getPropertyValue(attribute) || 'currentColor');
  }
  const sourceChildren = source.children;
  const targetChildren = target.children;
  for (let i = 0; i < sourceChildren.length; i++) {
    const s = sourceChildren[i];
    const t = targetChildren[i];
    if (s && t) resolveVariables(s, t);
  }
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A standalone SVG document of the chart, with title, legend and a source line. */
export function chartSvg(chart: SVGSVGElement, title: string, legend: readonly LegendEntry[], sourceLine: string): { svg: string; width: number; height: number } {
  const width = Math.round(chart.getBoundingClientRect().width) || Number(chart.getAttribute('width')) || 800;
  const chartHeight = Math.round(chart.getBoundingClientRect().height) || Number(chart.getAttribute('height')) || 320;
  const clone = chart.cloneNode(true) as SVGSVGElement;
  resolveVariables(chart, clone);
  clone.setAttribute('x', '0');
  clone.setAttribute('y', '36');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(chartHeight));
  const body = getComputedStyle(document.body);
  const background = body.backgroundColor || '#ffffff';
  const text = body.color || '#000000';
  const legendY = 36 + chartHeight + 18;
  let x = 8;
  const legendItems = legend
    .map((entry) => {
      const item = `<g transform="translate(${x},${legendY})"><line x1="0" y1="-4" x2="24" y2="-4" stroke="${escapeXml(entry.color.includes('var(') ? text : entry.color)}" stroke-width="2"${entry.dash ? ` stroke-dasharray="${escapeXml(entry.dash)}"` : ''}/><text x="30" y="0" font-size="12" fill="${escapeXml(text)}">${escapeXml(entry.label)}</text></g>`;
      x += 40 + entry.label.length * 7;
      return item;
    })
    .join('');
  const height = legendY + 30;
  const svg =
    `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">` +
    `<rect width="100%" height="100%" fill="${escapeXml(background)}"/>` +
    `<text x="8" y="24" font-size="16" font-weight="600" fill="${escapeXml(text)}">${escapeXml(title)}</text>` +
    new XMLSerializer().serializeToString(clone) +
    legendItems +
    `<text x="8" y="${height - 6}" font-size="11" fill="${escapeXml(text)}" opacity="0.7">${escapeXml(sourceLine)}</text>` +
    `</svg>`;
  return { svg, width, height };
}

function save(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadSvg(document: { svg: string }, filename: string): void {
  save(new Blob([document.svg], { type: 'image/svg+xml' }), filename);
}

/** PNG at twice the on-screen size, for sharp slides and articles. */
export async function downloadPng(document: { svg: string; width: number; height: number }, filename: string, scale = 2): Promise<void> {
  const url = URL.createObjectURL(new Blob([document.svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('could not draw the chart'));
      image.src = url;
    });
    const canvas = window.document.createElement('canvas');
    canvas.width = document.width * scale;
    canvas.height = document.height * scale;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no canvas');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('could not encode the PNG');
    save(blob, filename);
  } finally {
    URL.revokeObjectURL(url);
  }
}
