/** The case timeline for the exports, page by page (store/event-export.ts); cursors are opaque to callers. */
import { ApiError } from '../../../shared/contract.js';
import { EXPORT_SOURCES, type ExportEvent } from '../../../shared/requests/report.js';
import { exportEventPage, type ExportCursor } from '../store/event-export.js';
import type { HandlerContext, Handlers } from './context.js';

/** `<time>|<source>|<id>` of the last event of a page. */
const encode = (c: ExportCursor): string => `${c.time}|${c.source}|${c.id}`;

function decode(cursor: string): ExportCursor {
  const [time, source, id, ...rest] = cursor.split('|');
  if (
    rest.length > 0 ||
    time === undefined ||
    Number.isNaN(Date.parse(time)) ||
    !EXPORT_SOURCES.includes(source as ExportEvent['source']) ||
    !/^\d{1,15}$/.test(id ?? '')
  )
    throw new ApiError('invalid_args', 'export.events: after: not an export cursor');
  return { time, source: source as ExportEvent['source'], id: Number(id) };
}

export const exportHandlers = (ctx: HandlerContext): Pick<Handlers, 'export.events'> => ({
  'export.events': async ({ after, limit }) => {
    const page = exportEventPage(await ctx.db.read(), after === undefined ? null : decode(after), limit);
    return { rows: page.rows, after: page.after === null ? null : encode(page.after) };
  },
});
