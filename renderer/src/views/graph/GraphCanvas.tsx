/**
 * One Cytoscape instance for the life of the view. Changes arrive as diffs applied in one batch:
 * elements added or removed when the display changes, classes switched when time moves (present,
 * added, removed, changed), faded when a question or focus narrows the view. Positions come from the
 * layout and are never recomputed by a time step.
 */
import cytoscape, { type Core, type EdgeSingular, type NodeSingular } from 'cytoscape';
import { useEffect, useRef, type MutableRefObject } from 'react';
import { usePreferences } from '../../app/preferences';
import { graphStyle, KIND_COLOURS, NODE_SHAPES } from './cy-style';
import type { Display } from './display';
import { concentric, type Positions } from './layout';

export type EdgeStatus = 'present' | 'added' | 'removed' | 'changed' | 'absent';

export interface CanvasProps {
  display: Display;
  positions: Positions | null;
  status: Map<string, EdgeStatus>;
  /** Display edges to keep in full colour; null = all. */
  highlight: Set<string> | null;
  focus: Set<string>;
  onNode: (id: string, type: string) => void;
  onEdge: (displayEdgeId: string) => void;
  cyRef: MutableRefObject<Core | null>;
}

/** Above this many principals drawn, mailbox names show only when they are part of the answer. */
const CROWDED = 250;

const label = (id: string, text: string, type: string) =>
  type === 'mailbox'
    ? text.replace(/@.*$/, '')
    : type === 'fold'
      ? text
      : text.length > 40
        ? `${text.slice(0, 38)}…`
        : id === '*'
          ? 'All mailboxes'
          : text;

export function GraphCanvas({ display, positions, status, highlight, focus, onNode, onEdge, cyRef }: CanvasProps) {
  const box = useRef<HTMLDivElement>(null);
  const handlers = useRef({ onNode, onEdge });
  useEffect(() => {
    handlers.current = { onNode, onEdge };
  });
  const { theme } = usePreferences();
  const fitted = useRef(false);

  useEffect(() => {
    const cy = cytoscape({
      container: box.current,
      style: graphStyle(),
      minZoom: 0.05,
      maxZoom: 4,
      // Large graphs: draw a cached bitmap while panning and zooming.
      textureOnViewport: true,
      hideEdgesOnViewport: false,
    });
    cy.on('tap', 'node', (e) => {
      const node = e.target as NodeSingular;
      handlers.current.onNode(node.id(), node.data('type') as string);
    });
    cy.on('tap', 'edge', (e) => handlers.current.onEdge((e.target as EdgeSingular).id()));
    cyRef.current = cy;
    // Read-only probe for the UI tests (positions must not move while time steps).
    (globalThis as { dlensNodePosition?: (id: string) => { x: number; y: number } | null }).dlensNodePosition = (
      id,
    ) => {
      const n = cy.getElementById(id);
      return n.nonempty() ? { ...n.position() } : null;
    };
    return () => {
      cy.destroy();
      cyRef.current = null;
    };
  }, [cyRef]);

  useEffect(() => {
    cyRef.current?.style(graphStyle());
  }, [theme, cyRef]);

  // The display: add and remove elements, place them.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const degree = new Map<string, number>();
    for (const e of display.edges) {
      degree.set(e.source, (degree.get(e.source) ?? 0) + 1);
      degree.set(e.target, (degree.get(e.target) ?? 0) + 1);
    }
    const place =
      positions ??
      concentric(
        display.nodes.map((n) => n.id),
        degree,
      );
    const wanted = new Set([...display.nodes.map((n) => n.id), ...display.edges.map((e) => e.id)]);
    const started = performance.now();
    cy.batch(() => {
      cy.elements().forEach((el) => {
        if (!wanted.has(el.id())) el.remove();
      });
      const add: cytoscape.ElementDefinition[] = [];
      for (const n of display.nodes) {
        const existing = cy.getElementById(n.id);
        const position = place[n.id] ?? { x: 0, y: 0 };
        if (existing.nonempty()) {
          existing.position(position);
          continue;
        }
        add.push({
          group: 'nodes',
          data: {
            id: n.id,
            label: label(n.id, n.routine > 0 ? `${n.label} (+${n.routine} routine)` : n.label, n.type),
            type: n.type,
            routine: n.routine,
            shape: NODE_SHAPES[n.type]?.shape ?? 'ellipse',
          },
          position,
        });
      }
      for (const e of display.edges)
        if (cy.getElementById(e.id).empty())
          add.push({
            group: 'edges',
            data: {
              id: e.id,
              source: e.source,
              target: e.target,
              colour: KIND_COLOURS[e.kind] ?? '#64748b',
              label: e.members.length > 1 ? `${e.kind} ×${e.members.length}` : e.kind,
            },
          });
      cy.add(add);
    });
    if (!fitted.current || positions) {
      cy.fit(undefined, 30);
      fitted.current = true;
    }
    performance.measure('dlens:graph-elements', { start: started });
    performance.mark('dlens:graph-drawn');
  }, [display, positions, cyRef]);

  // Time: which edges show, and how the last step changed them. Only elements whose class changes are touched.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const started = performance.now();
    cy.batch(() => {
      const visibleNodes = new Set<string>();
      for (const e of display.edges) {
        const s = status.get(e.id) ?? 'absent';
        const el = cy.getElementById(e.id);
        if (el.empty()) continue;
        if (s !== 'absent') {
          visibleNodes.add(e.source);
          visibleNodes.add(e.target);
        }
        if (el.data('status') === s) continue;
        el.data('status', s);
        el.classes(s === 'present' ? [] : [s]);
      }
      for (const n of display.nodes) {
        const el = cy.getElementById(n.id);
        const absent = !visibleNodes.has(n.id);
        if (el.hasClass('absent') !== absent) el.toggleClass('absent', absent);
      }
    });
    performance.measure('dlens:graph-step', { start: started });
  }, [status, display, cyRef]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.batch(() => {
      cy.elements().removeClass('faded focus quiet');
      const keepNodes = new Set<string>(focus);
      if (highlight) {
        for (const e of display.edges)
          if (highlight.has(e.id)) {
            keepNodes.add(e.source);
            keepNodes.add(e.target);
          }
        cy.edges().forEach((e) => {
          if (!highlight.has(e.id())) e.addClass('faded');
        });
        cy.nodes().forEach((n) => {
          if (!keepNodes.has(n.id())) n.addClass('faded');
        });
      }
      for (const f of focus) cy.getElementById(f).addClass('focus');
      if (display.nodes.length > CROWDED) {
        const named = highlight ? keepNodes : new Set(focus);
        for (const n of display.nodes)
          if (n.type === 'mailbox' && !named.has(n.id)) cy.getElementById(n.id).addClass('quiet');
      }
    });
    if (highlight && highlight.size > 0) {
      const shown = cy.edges().filter((e) => highlight.has(e.id()) && !e.hasClass('absent'));
      if (shown.nonempty()) cy.fit(shown.union(shown.connectedNodes()), 40);
    }
  }, [highlight, focus, display, cyRef]);

  return <div className="graph-canvas" ref={box} data-testid="graph-canvas" />;
}
