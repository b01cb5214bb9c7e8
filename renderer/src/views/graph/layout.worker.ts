/**
 * Graph layout off the UI thread: Cytoscape headless with the fcose force-directed layout over the
 * nodes and edges the canvas will draw. Several seconds for thousands of nodes never freeze the view.
 */
import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';

cytoscape.use(fcose);

export interface LayoutRequest {
  id: number;
  nodes: string[];
  edges: Array<[string, string]>;
}
export interface LayoutResult {
  id: number;
  positions: Record<string, { x: number; y: number }>;
  ms: number;
}

self.onmessage = (event: MessageEvent<LayoutRequest>) => {
  const { id, nodes, edges } = event.data;
  const started = performance.now();
  const cy = cytoscape({
    headless: true,
    elements: [
      ...nodes.map((n) => ({ data: { id: n } })),
      ...edges.map(([source, target], i) => ({ data: { id: `e${i}`, source, target } })),
    ],
  });
  cy.layout({
    name: 'fcose',
    animate: false,
    randomize: true,
    // Draft quality is a good layout in a fraction of the time once the graph is large.
    quality: nodes.length > 800 ? 'draft' : 'default',
    nodeRepulsion: () => 6000,
    idealEdgeLength: () => 90,
    packComponents: true,
  } as cytoscape.LayoutOptions).run();
  const positions: LayoutResult['positions'] = {};
  cy.nodes().forEach((n) => {
    positions[n.id()] = n.position();
  });
  cy.destroy();
  self.postMessage({ id, positions, ms: performance.now() - started } satisfies LayoutResult);
};
