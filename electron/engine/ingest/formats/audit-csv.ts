/**
 * Unified audit log as CSV with an AuditData column: the Purview portal export (classic 4-column,
 * PAX 6-column and "new search" 8-column layouts) and `Search-UnifiedAuditLog | Export-Csv`
 * (RPS, EXO v2 and EXO v3 headers, optional `#TYPE` line). Columns are found by name,
 * case-insensitively; extra columns (Hawk's LocalTime) are ignored.
 */
import { readCsvTable } from '../csv-table.js';
import { normalizeAuditData } from '../audit-record.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import type { Sniff } from '../sniff.js';

const KNOWN_COLUMNS = new Set([
  'recordid',
  'creationdate',
  'recordtype',
  'operation',
  'operations',
  'userid',
  'userids',
  'auditdata',
  'associatedadminunits',
  'associatedadminunitsnames',
  'resultindex',
  'resultcount',
  'identity',
  'isvalid',
  'objectstate',
  'pscomputername',
  'runspaceid',
  'psshowcomputername',
]);

function detect(s: Sniff): DetectedFormat | null {
  if (s.kind !== 'csv' || !s.columns.includes('auditdata')) return null;
  const has = (c: string) => s.columns.includes(c);
  let format: string;
  let label: string;
  if (has('resultindex')) {
    if (has('pscomputername'))
      [format, label] = ['sual-csv-rps', 'Search-UnifiedAuditLog CSV (remote PowerShell session)'];
    else if (has('runspaceid')) [format, label] = ['sual-csv-exo-v2', 'Search-UnifiedAuditLog CSV (EXO v2)'];
    else [format, label] = ['sual-csv-exo-v3', 'Search-UnifiedAuditLog CSV (EXO v3)'];
  } else if (has('recordid')) {
    if (has('associatedadminunits'))
      [format, label] = ['purview-csv-8', 'Purview audit export (new search, 8 columns)'];
    else [format, label] = ['purview-csv-6', 'Purview audit export (6 columns)'];
  } else if (has('creationdate') && has('userids') && has('operations')) {
    [format, label] = ['purview-csv-4', 'Purview audit export (classic, 4 columns)'];
  } else {
    [format, label] = ['audit-csv', 'CSV with an AuditData column'];
  }
  const notes: string[] = [];
  if (s.typeLine) notes.push(`first line "${s.typeLine.slice(0, 120)}" skipped`);
  if (s.delimiter !== ',') notes.push(`delimiter ${s.delimiter === '\t' ? 'TAB' : JSON.stringify(s.delimiter)}`);
  const extra = s.header.filter((h) => !KNOWN_COLUMNS.has(h.toLowerCase()));
  if (extra.length > 0) notes.push(`extra columns ignored: ${extra.slice(0, 10).join(', ')}`);
  return { format, label, notes };
}

async function parse(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  let timedOut = false;
  await readCsvTable(ctx, (r) => {
    // ResultIndex -1 with ResultCount 0 is the service's time-out marker: the result set is incomplete.
    if (!timedOut && r.get('ResultIndex') === '-1') {
      timedOut = true;
      sink.note('ResultIndex -1: the search timed out on the service side; this export is incomplete');
    }
    const raw = r.get('AuditData') ?? '';
    const event = normalizeAuditData(raw, {
      creationDate: r.get('CreationDate'),
      recordId: r.get('RecordId') ?? r.get('Identity'),
      recordType: r.get('RecordType'),
      operation: r.get('Operation') ?? r.get('Operations'),
      userId: r.get('UserId') ?? r.get('UserIds'),
    });
    sink.audit(r.row, r.line, event);
  });
}

export const auditCsvParser: FormatParser = {
  family: 'Unified audit log CSV: Purview portal export (4, 6 or 8 columns), Search-UnifiedAuditLog | Export-Csv',
  detect,
  parse,
};
