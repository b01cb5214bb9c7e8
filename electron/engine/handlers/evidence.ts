/** Evidence files: their rejected rows, paged. */
import { listRejections } from '../store/evidence-reads.js';
import type { HandlerContext, Handlers } from './context.js';

export const evidenceHandlers = (ctx: HandlerContext): Pick<Handlers, 'evidence.rejections'> => ({
  'evidence.rejections': async ({ evidenceId, afterRow, limit }) =>
    listRejections(await ctx.db.read(), evidenceId, afterRow, limit),
});
