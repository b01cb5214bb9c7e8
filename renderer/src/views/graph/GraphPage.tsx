/**
 * The delegation graph, replayable to any instant: one persistent canvas (GraphCanvas) fed by the
 * whole replay fetched once; time moves locally and only the edges that changed are touched. Beside
 * it the questions, search, filters, legend and exports, and the chosen edge's evidence.
 */
import { useNavigate } from '@tanstack/react-router';
import type { Core } from 'cytoscape';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useCall } from '../../app/backend-context';
import { buildDisplay, type Display } from './display';
import { EdgePanel } from './EdgePanel';
import { timed } from '../../ui/timed';
import { GraphCanvas, type EdgeStatus } from './GraphCanvas';
import { GraphSidebar } from './GraphSidebar';
import { computeLayout, type Positions } from './layout';
import { answer, type Question } from './questions';
import { stateAt, stepDiff, stepIndex, type EdgeNow } from './replay';
import { TimeControls } from './TimeControls';

export interface GraphSearch {
  asOf?: string | undefined;
  /** Comma-separated principals to focus on. */
  focus?: string | undefined;
}

export function GraphPage({ search }: { search: GraphSearch }) {
  const navigate = useNavigate();
  const replay = useCall('graph.replay', {});
  const cyRef = useRef<Core | null>(null);
  const [kinds, setKinds] = useState<Set<string> | null>(null);
  const [nodeTypes, setNodeTypes] = useState<Set<string> | null>(null);
  const [showRoutine, setShowRoutine] = useState(false);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [question, setQuestion] = useState<Question | null>(null);
  const [hops, setHops] = useState(1);
  const [selected, setSelected] = useState<string | null>(null);
  const [positions, setPositions] = useState<{ display: Display; positions: Positions } | null>(null);
  const asOf = search.asOf ?? null;
  const focus = useMemo(() => new Set((search.focus ?? '').split(',').filter(Boolean)), [search.focus]);
  const setSearch = (change: Partial<GraphSearch>) =>
    void navigate({ to: '/graph', search: (s: GraphSearch) => ({ ...s, ...change }), replace: true });

  const data = replay.data;
  const display = useMemo(
    () =>
      data
        ? timed('dlens:graph-display', () =>
            buildDisplay(data, { kinds, nodeTypes, showRoutine, expanded: new Set([...expanded, ...focus]) }),
          )
        : null,
    [data, kinds, nodeTypes, showRoutine, expanded, focus],
  );
  useEffect(() => {
    if (!display) return;
    let live = true;
    void computeLayout(
      display.nodes.map((n) => n.id),
      display.edges.map((e) => [e.source, e.target]),
    ).then((p) => live && p && setPositions({ display, positions: p }));
    return () => {
      live = false;
    };
  }, [display]);

  const nodes = useMemo(() => new Map((data?.nodes ?? []).map((n) => [n.id, n])), [data]);
  const now = useMemo(
    () => (data ? timed('dlens:graph-state', () => stateAt(data, asOf)) : new Map<string, EdgeNow>()),
    [data, asOf],
  );
  const diff = useMemo(() => {
    if (!data || asOf === null) return null;
    const i = stepIndex(data.steps, asOf);
    if (i < 0) return null;
    return stepDiff(data, i);
  }, [data, asOf]);

  const status = useMemo(() => {
    const out = new Map<string, EdgeStatus>();
    if (!display) return out;
    const added = new Set(diff?.added);
    const removed = new Set(diff?.removed);
    const changed = new Set(diff?.changed);
    for (const e of display.edges) {
      const present = e.members.filter((m) => now.has(m));
      out.set(
        e.id,
        present.some((m) => added.has(m))
          ? 'added'
          : present.some((m) => changed.has(m))
            ? 'changed'
            : present.length > 0
              ? 'present'
              : e.members.some((m) => removed.has(m))
                ? 'removed'
                : 'absent',
      );
    }
    return out;
  }, [display, now, diff]);

  const highlight = useMemo(() => {
    if (!display || !data) return null;
    const ids = new Set<string>();
    if (question) for (const id of answer(question, now, nodes)) ids.add(id);
    for (const f of focus) {
      for (const id of answer({ kind: 'reach', principal: f, hops }, now, nodes)) ids.add(id);
      for (const id of answer({ kind: 'reachedBy', mailbox: f, hops }, now, nodes)) ids.add(id);
    }
    if (!question && focus.size === 0) return null;
    return new Set([...ids].map((id) => display.edgeOf.get(id)).filter((id): id is string => !!id));
  }, [question, focus, hops, now, nodes, display, data]);

  if (replay.error) return <div className="banner error">{replay.error.message}</div>;
  if (!data || !display) return <p className="muted empty">Loading the delegation graph…</p>;
  if (data.edges.length === 0)
    return <p className="muted empty">No delegation in the evidence yet: import audit logs or permission dumps.</p>;
  const selectedEdge = selected ? display.edges.find((e) => e.id === selected) : undefined;
  return (
    <section className="graph-view" data-testid="graph-view">
      <TimeControls replay={data} asOf={asOf} diff={diff} onChange={(t) => setSearch({ asOf: t ?? undefined })} />
      <div className="graph-body">
        <GraphSidebar
          replay={data}
          display={display}
          shown={[...status.values()].filter((s) => s !== 'absent').length}
          kinds={kinds}
          onKinds={setKinds}
          nodeTypes={nodeTypes}
          onNodeTypes={setNodeTypes}
          showRoutine={showRoutine}
          onShowRoutine={setShowRoutine}
          question={question}
          onQuestion={setQuestion}
          answered={highlight ? highlight.size : null}
          hops={hops}
          onHops={setHops}
          focus={search.focus}
          onFocus={(f) => setSearch({ focus: f || undefined })}
          asOf={asOf}
          cyRef={cyRef}
          visibleEdgeIds={() => [...status].filter(([, s]) => s !== 'absent' && s !== 'removed').map(([id]) => id)}
        />
        <GraphCanvas
          display={display}
          positions={positions?.display === display ? positions.positions : null}
          status={status}
          highlight={highlight}
          focus={focus}
          cyRef={cyRef}
          onNode={(id, type) => {
            if (type === 'fold') setExpanded(new Set([...expanded, id.slice(5).split('\u0000')[0]!]));
            else if (id !== '*') void navigate({ to: '/principal/$address', params: { address: id } });
          }}
          onEdge={setSelected}
        />
        {selectedEdge && (
          <EdgePanel edge={selectedEdge} replay={data} now={now} asOf={asOf} onClose={() => setSelected(null)} />
        )}
      </div>
    </section>
  );
}
