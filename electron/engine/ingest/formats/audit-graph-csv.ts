/**
 * Purview audit search through Microsoft Graph, written as CSV by Extractor-Suite `Get-UALGraph`:
 * columns `id, createdDateTime, auditLogRecordType, operation, …, auditData`, where auditData is
 * pretty-printed multi-line JSON inside one quoted cell (the CSV reader keeps quoted line breaks).
 * The auditData cell is parsed like any AuditData; the Graph columns are fall-backs (camelCase
 * record type names map like the cmdlet's names).
 */
import { normalizeAuditData } from '../audit-record.js';
import { readCsvTable } from '../csv-table.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import type { Sniff } from '../sniff.js';

function detect(s: Sniff): DetectedFormat | null {
  if (s.kind !== 'csv') return null;
  const has = (c: string) => s.columns.includes(c);
  if (!has('auditdata') || !has('id') || !has('createddatetime') || !has('auditlogrecordtype')) return null;
  const notes: string[] = [];
  if (s.delimiter !== ',') notes.push(`delimiter ${s.delimiter === '\t' ? 'TAB' : JSON.stringify(s.delimiter)}`);
  return {
    format: 'ual-graph-csv',
    label: 'Purview audit search via Graph as CSV (Extractor-Suite Get-UALGraph)',
    notes,
  };
}

async function parse(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  await readCsvTable(ctx, (r) => {
    const raw = r.get('auditData') ?? '';
    const event = normalizeAuditData(raw, {
      recordId: r.get('id'),
      creationDate: r.get('createdDateTime'),
      recordType: r.get('auditLogRecordType'),
      operation: r.get('operation'),
      userId: r.get('userId') || r.get('userPrincipalName'),
    });
    sink.audit(r.row, r.line, event);
  });
}

export const auditGraphCsvParser: FormatParser = {
  family: 'Purview audit search via Graph as CSV (Extractor-Suite Get-UALGraph, multi-line auditData)',
  detect,
  parse,
};
