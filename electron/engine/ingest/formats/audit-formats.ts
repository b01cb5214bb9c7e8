/** Unified audit log and admin-audit containers (docs/evidence-formats.md section A). */
import type { FormatParser } from '../format.js';
import { auditCsvParser } from './audit-csv.js';

export const auditFormatParsers: readonly FormatParser[] = [auditCsvParser];
