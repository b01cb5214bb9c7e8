/** Message trace and message tracking exports (docs/evidence-formats.md section C). */
import type { FormatParser } from '../format.js';

export const traceFormatParsers: readonly FormatParser[] = [];
