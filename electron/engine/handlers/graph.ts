/** The delegation graph at an instant. */
import { buildGraphView, graphTenant } from '../analysis/delegation/graph-view.js';
import type { HandlerContext, Handlers } from './context.js';

export const graphHandlers = (ctx: HandlerContext): Pick<Handlers, 'graph.asOf'> => ({
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
});
