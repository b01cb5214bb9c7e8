/**
 * Beside the graph: search a principal and focus on it N hops out, the prebuilt questions, filters by
 * kind of access and of principal, routine shares, the legend, what the view folded, and exports.
 */
import type { Core } from 'cytoscape';
import { useMemo, useState, type RefObject } from 'react';
import type { GraphReplay } from '../../../../shared/requests/graph';
import { useBackend } from '../../app/backend-context';
import { KIND_COLOURS, NODE_SHAPES } from './cy-style';
import type { Display } from './display';
import { download, toJson, toSvg } from './export';
import { describe, type Question } from './questions';

interface Props {
  replay: GraphReplay;
  display: Display;
  shown: number;
  kinds: Set<string> | null;
  onKinds: (k: Set<string> | null) => void;
  nodeTypes: Set<string> | null;
  onNodeTypes: (t: Set<string> | null) => void;
  showRoutine: boolean;
  onShowRoutine: (v: boolean) => void;
  question: Question | null;
  onQuestion: (q: Question | null) => void;
  /** Edges drawn that answer the question or the focus (null without either). */
  answered: number | null;
  hops: number;
  onHops: (h: number) => void;
  focus: string | undefined;
  onFocus: (f: string) => void;
  asOf: string | null;
  cyRef: RefObject<Core | null>;
  visibleEdgeIds: () => string[];
}

const toggle = (set: Set<string> | null, all: string[], value: string): Set<string> | null => {
  const next = new Set(set ?? all);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return next.size === all.length ? null : next;
};

const MAX_SUGGESTIONS = 50;

export function GraphSidebar(p: Props) {
  const backend = useBackend();
  const [who, setWho] = useState(p.focus ?? '');
  const [from, setFrom] = useState(p.replay.window.from?.slice(0, 16) ?? '');
  const [to, setTo] = useState(p.replay.window.to?.slice(0, 16) ?? '');
  const allKinds = useMemo(() => [...new Set(p.replay.edges.map((e) => e.kind))].sort(), [p.replay]);
  const allTypes = useMemo(() => [...new Set(p.replay.nodes.map((n) => n.type))].sort(), [p.replay]);
  // Suggestions for what is typed, not every principal: a list of thousands of options costs
  // ~100 ms to create and is diffed again on every step of the replay.
  const suggestions = useMemo(() => {
    const q = who.trim().toLowerCase();
    if (q.length < 2) return [];
    const out: string[] = [];
    for (const n of p.replay.nodes) {
      if (!n.id.toLowerCase().includes(q)) continue;
      out.push(n.id);
      if (out.length === MAX_SUGGESTIONS) break;
    }
    return out;
  }, [who, p.replay]);
  const name = `delegation-graph-${(p.asOf ?? 'after-all-evidence').replace(/[:.]/g, '-')}`;
  const ask = (q: Question) => p.onQuestion(p.question && describe(p.question) === describe(q) ? null : q);
  return (
    <aside className="pane graph-side" aria-label="Graph controls">
      <section>
        <h3>Principal</h3>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            p.onFocus(who.trim());
          }}
        >
          <input
            list="graph-principals"
            value={who}
            onChange={(e) => setWho(e.target.value)}
            placeholder="Search a principal"
            aria-label="Search a principal"
            data-testid="graph-search"
          />
          <datalist id="graph-principals">
            {suggestions.map((id) => (
              <option key={id} value={id} />
            ))}
          </datalist>
          <button type="submit">Focus</button>
        </form>
        <label>
          Hops{' '}
          <select value={p.hops} onChange={(e) => p.onHops(Number(e.target.value))} aria-label="Hops">
            {[1, 2, 3].map((h) => (
              <option key={h}>{h}</option>
            ))}
          </select>
        </label>
        {p.focus && (
          <button className="link" onClick={() => p.onFocus('')}>
            Clear focus
          </button>
        )}
      </section>
      <section>
        <h3>Questions</h3>
        <ul className="plain questions">
          <li>
            <button
              disabled={!who}
              onClick={() => ask({ kind: 'reach', principal: who.trim(), hops: p.hops })}
              data-testid="q-reach"
            >
              What can {who || 'the principal'} reach?
            </button>
          </li>
          <li>
            <button
              disabled={!who}
              onClick={() => ask({ kind: 'reachedBy', mailbox: who.trim(), hops: p.hops })}
              data-testid="q-reached-by"
            >
              Who can reach {who || 'the mailbox'}?
            </button>
          </li>
          <li>
            <button onClick={() => ask({ kind: 'external' })} data-testid="q-external">
              Outside trustees and destinations
            </button>
          </li>
          <li>
            <button onClick={() => ask({ kind: 'apps' })} data-testid="q-apps">
              Applications with mail access
            </button>
          </li>
          <li>
            <button onClick={() => ask({ kind: 'fanOut', min: 10 })} data-testid="q-fan-out">
              Principals reaching 10+ mailboxes
            </button>
          </li>
          <li className="window-question">
            <button
              onClick={() => ask({ kind: 'window', from: `${from}:00.000Z`, to: `${to}:59.999Z` })}
              data-testid="q-window"
            >
              Grants made between
            </button>
            <input
              type="datetime-local"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              aria-label="From (UTC)"
            />
            <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} aria-label="To (UTC)" />
          </li>
        </ul>
        {p.question && (
          <p className="active-question" data-testid="graph-question">
            {describe(p.question)}: <span data-testid="graph-answer-count">{p.answered ?? 0}</span> edges{' '}
            <button className="link" onClick={() => p.onQuestion(null)}>
              clear
            </button>
          </p>
        )}
      </section>
      <section>
        <h3>Access (legend)</h3>
        {allKinds.map((k) => (
          <label key={k} className="kind" style={{ borderColor: KIND_COLOURS[k] ?? '#64748b' }}>
            <input
              type="checkbox"
              checked={!p.kinds || p.kinds.has(k)}
              onChange={() => p.onKinds(toggle(p.kinds, allKinds, k))}
            />
            {k}
          </label>
        ))}
        <h3>Principals</h3>
        {allTypes.map((t) => (
          <label key={t} className="kind">
            <input
              type="checkbox"
              checked={!p.nodeTypes || p.nodeTypes.has(t)}
              onChange={() => p.onNodeTypes(toggle(p.nodeTypes, allTypes, t))}
            />
            {NODE_SHAPES[t]?.label ?? t} ({NODE_SHAPES[t]?.shape ?? 'ellipse'})
          </label>
        ))}
        <label className="kind">
          <input
            type="checkbox"
            checked={p.showRoutine}
            onChange={(e) => p.onShowRoutine(e.target.checked)}
            data-testid="show-routine"
          />
          Show routine calendar and contacts shares
        </label>
      </section>
      <section>
        <h3>View</h3>
        <p className="muted" data-testid="graph-counts">
          {p.shown} edges shown · {p.display.nodes.length} principals drawn of {p.replay.nodes.length}
        </p>
        {p.display.notes.length > 0 && (
          <ul className="notes-list" data-testid="graph-notes">
            {p.display.notes.slice(0, 8).map((n, i) => (
              <li key={i}>{n}</li>
            ))}
            {p.display.notes.length > 8 && <li>and {p.display.notes.length - 8} more folds</li>}
          </ul>
        )}
        <div className="exports">
          <button
            onClick={() => {
              const cy = p.cyRef.current;
              if (cy) download(`${name}.png`, cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' }));
            }}
            data-testid="export-png"
          >
            PNG
          </button>
          <button
            onClick={() => {
              const cy = p.cyRef.current;
              if (cy) download(`${name}.svg`, new Blob([toSvg(cy, name)], { type: 'image/svg+xml' }));
            }}
            data-testid="export-svg"
          >
            SVG
          </button>
          <button
            onClick={() =>
              void backend.call('graph.asOf', { asOf: p.asOf }).then((view) => {
                const members = new Set(
                  p.visibleEdgeIds().flatMap((id) => p.display.edges.find((e) => e.id === id)?.members ?? []),
                );
                download(`${name}.json`, new Blob([toJson(view, members)], { type: 'application/json' }));
              })
            }
            data-testid="export-json"
          >
            JSON
          </button>
        </div>
      </section>
    </aside>
  );
}
