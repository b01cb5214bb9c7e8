/**
 * One Cytoscape instance for the life of the view. Changes arrive as diffs applied in one batch:
 * elements added or removed when the display changes, classes switched when time moves (present,
 * added, removed, changed), faded when a question or focus narrows the view. Positions come from the
 * layout and are never recomputed by a time step.
 */
import cytoscape, { type Core, type EdgeSingular, type NodeSingular } from 'cytoscape';
import { useEffect, useRef, useState, type MutableRefObject } from 'react';
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

/**
 * Zoom and pan so the given node positions fill the canvas, at most at natural size. cy.fit() does
 * the same from every element's bounding box, which measures every label first: 340 ms for 1,500
 * principals.
 */
function fitToPlaces(cy: Core, places: ReadonlyArray<{ x: number; y: number }>, padding: number): void {
  if (places.length === 0) return;
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { x, y } of places) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const width = Math.max(1, cy.width() - 2 * padding);
  const height = Math.max(1, cy.height() - 2 * padding);
  const zoom = Math.min(
    1,
    Math.max(cy.minZoom(), Math.min(width / Math.max(1, maxX - minX), height / Math.max(1, maxY - minY))),
  );
  cy.viewport({
    zoom,
    pan: { x: cy.width() / 2 - (zoom * (minX + maxX)) / 2, y: cy.height() / 2 - (zoom * (minY + maxY)) / 2 },
  });
}

/** Elements added to Cytoscape per task (about 100 ms each). */
const ADD_CHUNK = 1000;

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
  const [addedLate, setAddedLate] = useState(0);
  const crowded = display.nodes.length > CROWDED;

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
    cyRef.current?.style(graphStyle(crowded));
  }, [theme, crowded, cyRef]);

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
    let pending: cytoscape.ElementDefinition[] = [];
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
      pending = add;
    });
    // Adding thousands of elements costs Cytoscape ~0.1 ms each (style resolution): on a large case
    // that is one 400 ms task. Added in chunks, one per task, so the page keeps answering; nodes
    // come first, so every edge's ends exist when it is added.
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (chunked: boolean) => {
      if (!fitted.current || positions) {
        // A small view fits its real extent, labels included; a crowded one fits the node positions,
        // since measuring every label costs hundreds of milliseconds there (and most are hidden).
        if (display.nodes.length > CROWDED)
          fitToPlaces(
            cy,
            display.nodes.map((n) => place[n.id] ?? { x: 0, y: 0 }),
            30,
          );
        else cy.fit(undefined, 30);
        fitted.current = true;
      }
      performance.measure('dlens:graph-elements', { start: started });
      performance.mark('dlens:graph-drawn');
      // Elements added after the other effects ran get their time and highlight classes now.
      if (chunked) setAddedLate((n) => n + 1);
    };
    const addFrom = (offset: number) => {
      if (cancelled) return;
      const chunk = pending.slice(offset, offset + ADD_CHUNK);
      cy.batch(() => cy.add(chunk));
      if (offset + ADD_CHUNK < pending.length) timer = setTimeout(() => addFrom(offset + ADD_CHUNK), 0);
      else finish(pending.length > ADD_CHUNK);
    };
    // A large first batch waits for the next task, after React's commit and a paint.
    if (pending.length > ADD_CHUNK) timer = setTimeout(() => addFrom(0), 0);
    else addFrom(0);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
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
  }, [status, display, cyRef, addedLate]);

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
      if (crowded) {
        const named = highlight ? keepNodes : new Set(focus);
        for (const n of display.nodes)
          if (n.type === 'mailbox' && !named.has(n.id)) cy.getElementById(n.id).addClass('quiet');
      }
    });
    if (highlight && highlight.size > 0) {
      const shown = cy.edges().filter((e) => highlight.has(e.id()) && !e.hasClass('absent'));
      if (shown.nonempty()) cy.fit(shown.union(shown.connectedNodes()), 40);
    }
  }, [highlight, focus, display, crowded, cyRef, addedLate]);

  return <div className="graph-canvas" ref={box} data-testid="graph-canvas" />;
}
