/**
 * Message trace (Exchange Online) and message tracking (on-premises) exports. Each parser
 * requires its distinctive columns (or MSGTRK header lines), so they do not overlap.
 */
import type { FormatParser } from '../format.js';
import { eacExtendedParser, eacSummaryParser } from './trace-eac-report.js';
import { messageTraceDetailParser } from './trace-message-trace-detail.js';
import { messageTraceParser } from './trace-message-trace.js';
import { msgtrkParser } from './trace-msgtrk.js';
import { trackingLogCsvParser } from './trace-tracking-csv.js';

export const traceFormatParsers: readonly FormatParser[] = [
  messageTraceParser,
  messageTraceDetailParser,
  eacSummaryParser,
  eacExtendedParser,
  msgtrkParser,
  trackingLogCsvParser,
];
