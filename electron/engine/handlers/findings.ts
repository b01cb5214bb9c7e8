/** Findings and the evidence rows each cites. */
import { ApiError } from '../../../shared/contract.js';
import { findingEvidence, listFindings } from '../store/finding-reads.js';
import type { HandlerContext, Handlers } from './context.js';

export const findingHandlers = (ctx: HandlerContext): Pick<Handlers, 'findings.list' | 'findings.evidence'> => ({
  'findings.list': async () => listFindings(await ctx.db.read()),
  'findings.evidence': async ({ findingId }) => {
    const rows = findingEvidence(await ctx.db.read(), findingId);
    if (!rows) throw new ApiError('not_found', `no finding ${findingId}`);
    return rows;
  },
});
