/**
 * The delegation graph as vector images: at each chosen instant, holders of access on the left and
 * the mailboxes they reach on the right (the same principal may stand on both sides), one curve per
 * access coloured by its kind, sorted by name so the same state always draws the same picture. The
 * table under each picture lists every edge with its rights and the grant behind it.
 */
import type { DelegationGraphView, GraphEdgeView } from '../../../shared/domain.js';
import { esc, join, num, table, type TimeFormat } from './html.js';
import type { ReportData } from './model.js';

const KIND_COLOURS: Record<string, string> = {
  mailbox: '#c0392b',
  'send-as': '#d35400',
  'send-on-behalf': '#e67e22',
  folder: '#2e86c1',
  forwarding: '#8e44ad',
  'transport-rule': '#6c3483',
  'app-role': '#1e8449',
  'delegated-grant': '#27ae60',
  impersonation: '#117a65',
  'activesync-device': '#7f8c8d',
};
const colour = (kind: string) => KIND_COLOURS[kind] ?? '#34495e';

/** Most edges drawn in one picture (so it fits one page); a larger state is drawn around the implicated principals. */
const MAX_DRAWN = 45;
const ROW = 15;
const WIDTH = 660;
const LEFT_X = 252;
const RIGHT_X = 408;

const short = (s: string, n = 40) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function svg(view: DelegationGraphView, edges: readonly GraphEdgeView[], caption: string): string {
  const label = new Map(view.nodes.map((n) => [n.id, n.label]));
  const name = (id: string) => label.get(id) ?? id;
  const left = [...new Set(edges.map((e) => e.from))].sort((a, b) => name(a).localeCompare(name(b)));
  const right = [...new Set(edges.map((e) => e.to))].sort((a, b) => name(a).localeCompare(name(b)));
  const kinds = [...new Set(edges.map((e) => e.kind))].sort();
  const top = 24;
  const rows = Math.max(left.length, right.length, 1);
  const height = top + rows * ROW + 14 + Math.ceil(kinds.length / 4) * 14;
  const y = (i: number, n: number) => top + ((rows - n) * ROW) / 2 + i * ROW + ROW / 2;
  const ly = new Map(left.map((id, i) => [id, y(i, left.length)]));
  const ry = new Map(right.map((id, i) => [id, y(i, right.length)]));
  const curves = edges
    .map((e) => {
      const y1 = ly.get(e.from) ?? 0;
      const y2 = ry.get(e.to) ?? 0;
      return (
        `<path d="M${LEFT_X} ${y1.toFixed(1)} C${LEFT_X + 70} ${y1.toFixed(1)} ${RIGHT_X - 70} ${y2.toFixed(1)} ${RIGHT_X} ${y2.toFixed(1)}" ` +
        `fill="none" stroke="${colour(e.kind)}" stroke-width="1.2" stroke-opacity="0.8"/>`
      );
    })
    .join('');
  const names = [
    ...left.map(
      (id) =>
        `<circle cx="${LEFT_X}" cy="${(ly.get(id) ?? 0).toFixed(1)}" r="2.6" fill="#1f3a5f"/>` +
        `<text x="${LEFT_X - 6}" y="${((ly.get(id) ?? 0) + 3).toFixed(1)}" text-anchor="end">${esc(short(name(id)))}</text>`,
    ),
    ...right.map(
      (id) =>
        `<circle cx="${RIGHT_X}" cy="${(ry.get(id) ?? 0).toFixed(1)}" r="2.6" fill="#1f3a5f"/>` +
        `<text x="${RIGHT_X + 6}" y="${((ry.get(id) ?? 0) + 3).toFixed(1)}">${esc(short(name(id)))}</text>`,
    ),
  ].join('');
  const legendY = top + rows * ROW + 12;
  const legend = kinds
    .map((k, i) => {
      const x = 10 + (i % 4) * 160;
      const ly2 = legendY + Math.floor(i / 4) * 14;
      return `<rect x="${x}" y="${ly2 - 7}" width="14" height="3" fill="${colour(k)}"/><text x="${x + 18}" y="${ly2}">${esc(k)}</text>`;
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" ` +
    `font-family="DejaVu Sans, Arial, sans-serif" font-size="8.5" role="img" aria-label="${esc(caption)}">` +
    `<text x="${LEFT_X}" y="12" text-anchor="end" font-weight="bold">Holder of access</text>` +
    `<text x="${RIGHT_X}" y="12" font-weight="bold">Mailbox reached</text>` +
    `${curves}${names}${legend}</svg>`
  );
}

function snapshot(view: DelegationGraphView, label: string, focus: ReadonlySet<string>, t: TimeFormat): string {
  const all = [...view.edges].sort(
    (a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.id.localeCompare(b.id),
  );
  const near = (e: GraphEdgeView) => focus.has(e.from.toLowerCase()) || focus.has(e.to.toLowerCase());
  const drawn = all.length <= MAX_DRAWN ? all : all.filter(near).slice(0, MAX_DRAWN);
  const caption = view.asOf ? `${label}: ${t.at(view.asOf)}` : label;
  return join([
    `<h2>${view.asOf ? `${esc(label)}: ${t.at(view.asOf)}` : esc(label)}</h2>`,
    `<p>${num(all.length)} delegation edge${all.length === 1 ? '' : 's'}` +
      (drawn.length < all.length ? `; the ${num(drawn.length)} touching implicated principals are drawn` : '') +
      '.</p>',
    all.length > 0 && `<div class="figure">${svg(view, drawn, caption)}</div>`,
    drawn.length < all.length &&
      `<p class="small">The table lists the ${num(drawn.length)} drawn edges; <code>dlens graph --as-of</code> lists all ${num(all.length)}.</p>`,
    table(
      ['Holder', 'Mailbox', 'Kind and rights', 'Since', 'Granted by', 'Source'],
      drawn.map((e) => [
        esc(e.from) + (e.viaGroup ? ` <span class="muted">(via ${esc(e.viaGroup)})</span>` : ''),
        esc(e.to === '*' ? 'All mailboxes' : e.to),
        esc(`${e.kind}: ${e.rights.join(', ')}${e.folder ? ` (${e.folder})` : ''}`),
        t.at(e.since),
        esc(e.grantedBy) + (e.grantedFrom ? ` <span class="muted">from ${esc(e.grantedFrom)}</span>` : ''),
        esc(e.origin),
      ]),
      { widths: ['20%', '20%', '20%', '14%', '16%', '10%'] },
    ),
  ]);
}

export function graph(d: ReportData, t: TimeFormat): string {
  const focus = new Set(
    d.findings
      .filter((f) => f.triage?.state !== 'benign' && (f.severity === 'critical' || f.severity === 'high'))
      .flatMap((f) => f.principals.map((p) => p.toLowerCase())),
  );
  if (d.graphs.length === 0) return '<p class="none">No instant was asked for.</p>';
  return (
    '<p>Who could reach which mailbox, as replayed from the audit log and the permission dumps. Colours: kind ' +
    'of access (legend under each picture).</p>' +
    d.graphs.map((g) => snapshot(g.view, g.label, focus, t)).join('\n')
  );
}
