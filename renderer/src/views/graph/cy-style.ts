/** How the canvas looks: colours from the theme's variables, readable label sizes, step highlights. */
import type cytoscape from 'cytoscape';

const css = (name: string, fallback: string) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

/** Edge colours by kind (Okabe-Ito based; the legend names each). */
export const KIND_COLOURS: Record<string, string> = {
  mailbox: '#0072b2',
  'send-as': '#d55e00',
  'send-on-behalf': '#e69f00',
  folder: '#009e73',
  forwarding: '#cc79a7',
  'transport-rule': '#a3001b',
  'activesync-device': '#56b4e9',
  'app-role': '#7f3c8d',
  'delegated-grant': '#9467bd',
  impersonation: '#8c564b',
};

export const NODE_SHAPES: Record<string, { shape: string; label: string }> = {
  mailbox: { shape: 'ellipse', label: 'Mailbox / account' },
  external: { shape: 'diamond', label: 'Outside the tenant' },
  app: { shape: 'round-rectangle', label: 'Application' },
  pseudo: { shape: 'triangle', label: 'Default, Anonymous, group members' },
  device: { shape: 'rectangle', label: 'ActiveSync device' },
  tenant: { shape: 'star', label: 'All mailboxes' },
  fold: { shape: 'hexagon', label: 'Folded fan-out (click to expand)' },
};

/**
 * `crowded`: a view of hundreds of principals draws straight edges (Cytoscape computes no control
 * points for them, the cheapest edges that keep their arrows); a small view draws curves, which keep
 * parallel edges between two principals apart.
 */
export function graphStyle(crowded = false): cytoscape.StylesheetJson {
  const ink = css('--ink', '#1b2230');
  const panel = css('--panel', '#ffffff');
  const muted = css('--muted', '#5d6678');
  return [
    {
      selector: 'node',
      style: {
        'background-color': css('--muted', '#5d6678'),
        shape: 'data(shape)' as never,
        label: 'data(label)',
        'font-size': 11,
        'min-zoomed-font-size': 7,
        color: ink,
        'text-valign': 'bottom',
        'text-margin-y': 3,
        'text-outline-color': panel,
        'text-outline-width': 2,
        width: 16,
        height: 16,
      },
    },
    { selector: 'node[type = "external"]', style: { 'background-color': css('--critical', '#a3001b') } },
    { selector: 'node[type = "app"]', style: { 'background-color': '#7f3c8d' } },
    { selector: 'node[type = "pseudo"]', style: { 'background-color': css('--medium', '#e69f00') } },
    { selector: 'node[type = "device"]', style: { 'background-color': '#56b4e9' } },
    {
      selector: 'node[type = "fold"]',
      style: { 'background-color': css('--accent', '#1d5fc9'), width: 26, height: 26 },
    },
    { selector: 'node[routine > 0]', style: { 'border-width': 3, 'border-color': css('--src-dump', '#009e73') } },
    {
      selector: 'edge',
      style: {
        'line-color': 'data(colour)',
        'target-arrow-color': 'data(colour)',
        'target-arrow-shape': 'triangle',
        'curve-style': crowded ? 'straight' : 'bezier',
        width: 2,
        'arrow-scale': 0.9,
      },
    },
    {
      selector: 'edge:selected',
      style: {
        width: 4,
        label: 'data(label)',
        'font-size': 10,
        color: ink,
        'text-rotation': 'autorotate',
        'text-outline-color': panel,
        'text-outline-width': 2,
      },
    },
    { selector: '.absent', style: { display: 'none' } },
    {
      selector: 'edge.added',
      style: {
        width: 5,
        'line-style': 'solid',
        'overlay-color': css('--low', '#0072b2'),
        'overlay-opacity': 0.18,
        'overlay-padding': 4,
      },
    },
    { selector: 'edge.changed', style: { width: 4, 'line-style': 'dotted' } },
    {
      selector: 'edge.removed',
      style: { 'line-style': 'dashed', 'line-color': muted, 'target-arrow-color': muted, opacity: 0.7 },
    },
    { selector: '.faded', style: { opacity: 0.12 } },
    // A crowded view names only what matters (outsiders, apps, devices, focus, a question's answer,
    // the selection); hundreds of overlapping mailbox names would hide the edges and each other.
    { selector: 'node.quiet', style: { label: '' } },
    { selector: 'node.quiet:selected', style: { label: 'data(label)' } },
    {
      selector: 'node.focus',
      style: { 'border-width': 3, 'border-color': css('--accent', '#1d5fc9'), width: 22, height: 22 },
    },
  ];
}
