/**
 * Every evidence format the importer understands, tried in order. Adding a format means adding its
 * parser here; nothing else in the importer changes.
 */
import type { FormatParser } from '../format.js';
import { auditCsvParser } from './audit-csv.js';

export const formatParsers: readonly FormatParser[] = [auditCsvParser];

export const supportedFormatsSentence = (): string => formatParsers.map((p) => p.family).join('; ');
