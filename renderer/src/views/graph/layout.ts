/**
 * Positions for the graph, computed once per display (so they stay put while time moves) in a Web
 * Worker. Until they arrive, a concentric placement drawn at once; if workers are unavailable, the
 * same fcose layout runs here for small graphs and the concentric one stays for large ones.
 */
import type { LayoutRequest, LayoutResult } from './layout.worker';

export type Positions = Record<string, { x: number; y: number }>;

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, (r: Positions | null) => void>();

function layoutWorker(): Worker | null {
  if (worker) return worker;
  try {
    worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<LayoutResult>) => {
      performance.mark('dlens:graph-layout');
      pending.get(e.data.id)?.(e.data.positions);
      pending.delete(e.data.id);
    };
    worker.onerror = () => {
      for (const resolve of pending.values()) resolve(null);
      pending.clear();
      worker = null;
    };
    return worker;
  } catch {
    return null;
  }
}

/** Force-directed positions for the nodes, or null when no worker could compute them. */
export function computeLayout(nodes: string[], edges: Array<[string, string]>): Promise<Positions | null> {
  const w = layoutWorker();
  if (!w) return Promise.resolve(null);
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    w.postMessage({ id, nodes, edges } satisfies LayoutRequest);
  });
}

/** Immediate placement: the most connected nodes in the centre, rings outward. */
export function concentric(nodes: string[], degree: Map<string, number>): Positions {
  const sorted = [...nodes].sort((a, b) => (degree.get(b) ?? 0) - (degree.get(a) ?? 0));
  const out: Positions = {};
  let ring = 0;
  let placed = 0;
  while (placed < sorted.length) {
    const capacity = ring === 0 ? 1 : ring * 8;
    const radius = ring * 70;
    for (let i = 0; i < capacity && placed < sorted.length; i++, placed++) {
      const angle = (2 * Math.PI * i) / capacity;
      out[sorted[placed]!] = { x: radius * Math.cos(angle), y: radius * Math.sin(angle) };
    }
    ring++;
  }
  return out;
}
