/**
 * Unified audit log and admin-audit containers, plus message trace JSON, which shares the JSON
 * reader. Tried in order, so specific shapes come first: the Graph CSV also has an auditData column
 * and would otherwise be taken by the generic AuditData CSV parser, and the generic UAL JSON parser
 * (any record with CreationTime + Operation or AuditData) goes after the Sentinel, Entra, Defender
 * and trace JSON shapes.
 */
import type { FormatParser } from '../format.js';
import { auditAdminXmlParser } from './audit-admin-xml.js';
import { auditCsvParser } from './audit-csv.js';
import { auditDefenderParser } from './audit-defender.js';
import { auditFlatCsvParser } from './audit-flat-csv.js';
import { auditEntraParser } from './audit-entra.js';
import { auditGraphCsvParser } from './audit-graph-csv.js';
import { auditHawkSimpleParser } from './audit-hawk-simple.js';
import { auditJsonParser } from './audit-json.js';
import { mailboxAuditJsonParser } from './audit-mailbox-audit.js';
import { auditSentinelCsvParser, auditSentinelJsonParser } from './audit-sentinel.js';
import { traceJsonParser } from './trace-json.js';

export const auditFormatParsers: readonly FormatParser[] = [
  // CSV
  auditGraphCsvParser,
  auditHawkSimpleParser,
  auditSentinelCsvParser,
  auditCsvParser,
  auditFlatCsvParser,
  // XML
  auditAdminXmlParser,
  // JSON
  traceJsonParser,
  auditEntraParser,
  auditDefenderParser,
  auditSentinelJsonParser,
  mailboxAuditJsonParser,
  auditJsonParser,
];
