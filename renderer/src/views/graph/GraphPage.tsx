import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { DelegationGraphView, GraphEdgeView } from '../../../shared/domain';
import type { Backend } from '../api/backend';
import { utc } from '../format';

/**
 * Canvas stays responsive to about this many elements on the machines we target (no GPU): Cytoscape's
 * canvas renderer drops to a few frames per second at a few thousand nodes and edges.
 */
const MAX_ELEMENTS = 2000;

const KIND_COLOURS: Record<string, string> = {
  mailbox: '#2457c5',
  'send-as': '#b45309',
  'send-on-behalf': '#d97706',
  folder: '#0f766e',
  forwarding: '#b91c1c',
  'activesync-device': '#7c3aed',
  'app-role': '#be185d',
  'delegated-grant': '#db2777',
  impersonation: '#991b1b',
};
const NODE_COLOURS: Record<string, string> = {
  mailbox: '#475569',
  external: '#dc2626',
  app: '#be185d',
  pseudo: '#f59e0b',
  device: '#7c3aed',
  tenant: '#111827',
};

/**
 * Slider positions from one minute before the first change to the last change; the position past
 * the end is "after all evidence". The leftmost position shows only what predates the log (dumps).
 */
function sliderTimes(graph: DelegationGraphView | null): string[] {
  if (!graph?.changeTimes.first || !graph.changeTimes.last) return [];
  const first = Date.parse(graph.changeTimes.first) - 60_000;
  const last = Date.parse(graph.changeTimes.last);
  const steps = 200;
  return Array.from({ length: steps + 1 }, (_, i) => new Date(first + ((last - first) * i) / steps).toISOString());
}

export function GraphView({ backend, version }: { backend: Backend; version: number }) {
  const [graph, setGraph] = useState<DelegationGraphView | null>(null);
  const [bounds, setBounds] = useState<DelegationGraphView | null>(null);
  const [position, setPosition] = useState<number | null>(null);
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [selected, setSelected] = useState<GraphEdgeView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const container = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);

  // The full state (after all evidence) gives the slider's range; reloaded when the case changes.
  useEffect(() => {
    backend.call('graph.asOf', {}).then(
      (g) => {
        setBounds(g);
        setGraph(g);
        setPosition(null);
      },
      (e: Error) => setError(e.message),
    );
  }, [backend, version]);

  const times = useMemo(() => sliderTimes(bounds), [bounds]);
  const asOf = position === null || position >= times.length ? null : times[position]!;

  useEffect(() => {
    if (!bounds) return;
    let live = true;
    backend.call('graph.asOf', { asOf }).then(
      (g) => live && setGraph(g),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [backend, bounds, asOf]);

  const kinds = useMemo(() => [...new Set(bounds?.edges.map((e) => e.kind) ?? [])].sort(), [bounds]);
  const visible = useMemo(() => (graph?.edges ?? []).filter((e) => !hidden.has(e.kind)), [graph, hidden]);

  useEffect(() => {
    if (!container.current || !graph) return;
    const used = new Set(visible.flatMap((e) => [e.from, e.to]));
    // Internal mailboxes are labelled by their local part to keep a dense graph readable; the full
    // address is in the edge panel.
    const nodes: ElementDefinition[] = graph.nodes
      .filter((n) => used.has(n.id))
      .map((n) => ({
        data: {
          id: n.id,
          label: n.type === 'mailbox' ? n.label.replace(/@.*$/, '') : n.label,
          colour: NODE_COLOURS[n.type] ?? '#475569',
        },
      }));
    const edges: ElementDefinition[] = visible.map((e) => ({
      // Access points from the holder to the mailbox; forwarding points the way the mail flows.
      data: {
        id: e.id,
        source: e.kind === 'forwarding' ? e.to : e.from,
        target: e.kind === 'forwarding' ? e.from : e.to,
        label: `${e.kind}${e.folder ? ` (${e.folder})` : ''}`,
        colour: KIND_COLOURS[e.kind] ?? '#64748b',
      },
    }));
    const elements =
      nodes.length + edges.length > MAX_ELEMENTS
        ? [...nodes.slice(0, MAX_ELEMENTS / 2), ...edges.slice(0, MAX_ELEMENTS / 2)]
        : [...nodes, ...edges];
    cy.current?.destroy();
    const instance = cytoscape({
      container: container.current,
      elements,
      style: [
        {
          selector: 'node',
          style: {
            'background-color': 'data(colour)',
            label: 'data(label)',
            'font-size': 9,
            color: '#1d2433',
            'text-valign': 'bottom',
            'text-margin-y': 4,
            width: 18,
            height: 18,
          },
        },
        {
          selector: 'edge',
          style: {
            'line-color': 'data(colour)',
            'target-arrow-color': 'data(colour)',
            'target-arrow-shape': 'triangle',
            'curve-style': 'bezier',
            width: 2,
            label: 'data(label)',
            'font-size': 7,
            color: '#475569',
            'text-rotation': 'autorotate',
          },
        },
        { selector: 'edge:selected', style: { width: 4 } },
      ],
      layout: { name: elements.length > 600 ? 'concentric' : 'cose', animate: false },
    });
    instance.on('tap', 'edge', (evt) =>
      setSelected(visible.find((e) => e.id === (evt.target as cytoscape.EdgeSingular).id()) ?? null),
    );
    instance.on('tap', (evt) => {
      if (evt.target === instance) setSelected(null);
    });
    cy.current = instance;
    return () => {
      instance.destroy();
      cy.current = null;
    };
  }, [graph, visible]);

  if (error) return <div className="banner error">{error}</div>;
  if (!graph) return <p className="muted">Loading the delegation graph…</p>;
  if (bounds && bounds.edges.length === 0)
    return <p className="muted empty">No delegation in the evidence yet: import audit logs or permission dumps.</p>;

  return (
    <section className="graph-view" data-testid="graph-view">
      <div className="graph-toolbar">
        <label className="slider">
          <span>State at</span>
          <input
            type="range"
            min={0}
            max={times.length}
            value={position ?? times.length}
            onChange={(e) => setPosition(Number(e.target.value))}
            data-testid="graph-slider"
          />
          <strong data-testid="graph-as-of">{asOf ? utc(asOf) : 'after all evidence'}</strong>
        </label>
        <span className="muted">
          {visible.length} edges · {graph.nodes.length} principals
        </span>
        <div className="kinds">
          {kinds.map((k) => (
            <label key={k} className="kind" style={{ borderColor: KIND_COLOURS[k] ?? '#64748b' }}>
              <input
                type="checkbox"
                checked={!hidden.has(k)}
                onChange={() => {
                  const next = new Set(hidden);
                  if (next.has(k)) next.delete(k);
                  else next.add(k);
                  setHidden(next);
                }}
              />
              {k}
            </label>
          ))}
        </div>
      </div>
      <div className="graph-body">
        <div className="graph-canvas" ref={container} data-testid="graph-canvas" />
        {selected && (
          <aside className="detail edge-detail" data-testid="edge-detail">
            <button className="close" onClick={() => setSelected(null)} aria-label="Close">
              ×
            </button>
            <h3>
              {selected.from.replace(/^app:/, '')} → {selected.to === '*' ? 'all mailboxes' : selected.to}
            </h3>
            <dl className="facts">
              <dt>Access</dt>
              <dd>
                {selected.kind}: {selected.rights.join(', ')}
                {selected.folder ? ` on ${selected.folder}` : ''}
              </dd>
              <dt>Since</dt>
              <dd>{selected.since ? utc(selected.since) : 'before the evidence (seen in a dump)'}</dd>
              <dt>Granted by</dt>
              <dd>
                {selected.grantedBy
                  ? `${selected.grantedBy}${selected.grantedFrom ? ` from ${selected.grantedFrom}` : ''}`
                  : '—'}
              </dd>
              <dt>Known from</dt>
              <dd>{selected.origin}</dd>
              {selected.viaGroup && (
                <>
                  <dt>Through group</dt>
                  <dd>{selected.viaGroup}</dd>
                </>
              )}
            </dl>
            <h3>Evidence</h3>
            <ul className="refs">
              {selected.evidence.map((r, i) => (
                <li key={i} className="mono">
                  {r.file} row {r.row}
                  {r.recordId ? ` · ${r.recordId}` : ''}
                </li>
              ))}
            </ul>
          </aside>
        )}
      </div>
    </section>
  );
}
