/**
 * Exports of the view as drawn: PNG (Cytoscape's own raster), SVG (written from the positions and
 * colours on the canvas; text escaped, so evidence stays text) and JSON (the nodes and edges shown,
 * each edge with the evidence rows behind it).
 */
import type { Core } from 'cytoscape';
import type { DelegationGraphView } from '../../../../shared/domain';

export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const xml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

export function toSvg(cy: Core, title: string): string {
  const shown = cy.elements().filter((el) => !el.hasClass('absent'));
  const box = shown.boundingBox({});
  const pad = 20;
  const w = Math.ceil(box.w + pad * 2);
  const h = Math.ceil(box.h + pad * 2);
  const x = (v: number) => (v - box.x1 + pad).toFixed(1);
  const y = (v: number) => (v - box.y1 + pad).toFixed(1);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="11">`,
    `<title>${xml(title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
  ];
  shown.edges().forEach((e) => {
    const s = e.source().position();
    const t = e.target().position();
    const dashed = e.hasClass('removed') ? ' stroke-dasharray="6 4"' : '';
    const opacity = e.hasClass('faded') ? ' stroke-opacity="0.15"' : '';
    parts.push(
      `<line x1="${x(s.x)}" y1="${y(s.y)}" x2="${x(t.x)}" y2="${y(t.y)}" stroke="${xml(String(e.data('colour')))}" stroke-width="2"${dashed}${opacity}><title>${xml(String(e.data('label')))}</title></line>`,
    );
  });
  shown.nodes().forEach((n) => {
    const p = n.position();
    const opacity = n.hasClass('faded') ? ' fill-opacity="0.15"' : '';
    parts.push(
      `<circle cx="${x(p.x)}" cy="${y(p.y)}" r="7" fill="${xml(n.style('background-color') as string)}"${opacity}><title>${xml(n.id())}</title></circle>`,
      `<text x="${x(p.x)}" y="${(Number(y(p.y)) + 18).toFixed(1)}" text-anchor="middle" fill="#1b2230">${xml(String(n.data('label')))}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** The state from the engine, narrowed to the edges shown (with their evidence) and their nodes. */
export function toJson(view: DelegationGraphView, edgeIds: Set<string>): string {
  const edges = view.edges.filter((e) => edgeIds.has(e.id));
  const used = new Set(edges.flatMap((e) => [e.from, e.to]));
  return JSON.stringify({ asOf: view.asOf, nodes: view.nodes.filter((n) => used.has(n.id)), edges }, null, 2);
}
