/** The delegation graph: at an instant, its whole replay, and the evidence of one edge. */
import { ApiError } from '../../../shared/contract.js';
import { buildGraphView, graphTenant } from '../analysis/delegation/graph-view.js';
import { buildReplay, edgeEvidence } from '../analysis/delegation/replay-view.js';
import type { HandlerContext, Handlers } from './context.js';

export const graphHandlers = (
  ctx: HandlerContext,
): Pick<Handlers, 'graph.asOf' | 'graph.replay' | 'graph.edgeEvidence'> => ({
  // The time slider asks for many instants in a row: the tenant profile (a scan of the audit
  // table on large cases) is derived once per case state.
  'graph.asOf': async ({ asOf }) => {
    const db = await ctx.db.read();
    return buildGraphView(
      db,
      asOf,
      ctx.derived.get('graph-tenant', () => graphTenant(db)),
    );
  },
  'graph.replay': async () => {
    const db = await ctx.db.read();
    return ctx.derived.get('graph-replay', () =>
      buildReplay(
        db,
        ctx.derived.get('graph-tenant', () => graphTenant(db)),
      ),
    );
  },
  'graph.edgeEvidence': async ({ id, asOf, limit }) => {
    const found = edgeEvidence(await ctx.db.read(), id, asOf, limit);
    if (!found) throw new ApiError('not_found', `no delegation edge ${JSON.stringify(id.slice(0, 200))} in this case`);
    return found;
  },
});
