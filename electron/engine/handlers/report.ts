/** The case report: data gathered from the case (report-data.ts), rendered to one HTML document (report/). */
import { buildReportDocument } from '../report/document.js';
import type { HandlerContext, Handlers } from './context.js';
import { gatherReport } from './report-data.js';

export const reportHandlers = (ctx: HandlerContext): Pick<Handlers, 'report.build'> => ({
  'report.build': async ({ parts, ...options }) =>
    buildReportDocument(await gatherReport(ctx, options, new Date().toISOString()), parts),
});
