/**
 * Every evidence format the importer understands, tried in order; the first whose `detect`
 * recognises a file's content parses it. Formats are grouped by evidence kind, one module each.
 */
import type { FormatParser } from '../format.js';
import { auditFormatParsers } from './audit-formats.js';
import { dumpFormatParsers } from './dump-formats.js';
import { traceFormatParsers } from './trace-formats.js';

export const formatParsers: readonly FormatParser[] = [
  ...auditFormatParsers,
  ...dumpFormatParsers,
  ...traceFormatParsers,
];

/** What a parser's files hold, by the family it is registered in (the registry's evidence kind). */
export function formatKind(parser: FormatParser): 'audit' | 'trace' | 'dump' {
  if (dumpFormatParsers.includes(parser)) return 'dump';
  if (traceFormatParsers.includes(parser)) return 'trace';
  return 'audit';
}

export const supportedFormatsSentence = (): string => formatParsers.map((p) => p.family).join('; ');
