/** Findings and the evidence rows each cites. */
import { ApiError } from '../../../shared/contract.js';
import { findingEvidence, listFindings } from '../store/finding-reads.js';
import type { HandlerContext, Handlers } from './context.js';

export const findingHandlers = (ctx: HandlerContext): Pick<Handlers, 'findings.list' | 'findings.evidence'> => ({
  'findings.list': async ({ evidenceLimit }) => listFindings(await ctx.db.read(), evidenceLimit),
  'findings.evidence': async ({ findingId, offset, limit }) => {
    const page = findingEvidence(await ctx.db.read(), findingId, offset, limit);
    if (!page) throw new ApiError('not_found', `no finding ${findingId}`);
    return page;
  },
});
