/**
 * AuditData flattened into one column per field, without an AuditData column: Sparrow's
 * `*_Operations_Export.csv` (fixed columns per workload: CreationTime, Id, Operation, …,
 * ExtendedProperties, ModifiedProperties, Actor, Target re-serialised as compact JSON; delimiter
 * configurable) and other scripts that `Select-Object` AuditData's fields. The record is rebuilt from
 * the columns (JSON cells parsed back, numeric RecordType/UserType as numbers), so it carries the
 * service's own Id and deduplicates against the same record from any other container. Raw = the row
 * (column -> value). Hawk's flattened files (ParameterString / Param_*) have their own parser.
 */
import { normalizeAuditObject } from '../audit-record.js';
import { decideDateOrder, readCsvTable } from '../csv-table.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import type { Sniff } from '../sniff.js';
import { canonicalId, flatCreationTime, jsonField, type JsonObject } from './audit-common.js';

const NUMERIC = new Set([
  'recordtype',
  'usertype',
  'version',
  'logontype',
  'internallogontype',
  'azureactivedirectoryeventtype',
]);

function detect(s: Sniff): DetectedFormat | null {
  if (s.kind !== 'csv') return null;
  const has = (c: string) => s.columns.includes(c);
  if (has('auditdata') || has('parameterstring') || s.columns.some((c) => c.startsWith('param_'))) return null;
  if (!['creationtime', 'id', 'operation', 'recordtype', 'workload'].every(has)) return null;
  const notes: string[] = [];
  if (s.typeLine) notes.push(`first line "${s.typeLine.slice(0, 120)}" skipped`);
  if (s.delimiter !== ',') notes.push(`delimiter ${s.delimiter === '\t' ? 'TAB' : JSON.stringify(s.delimiter)}`);
  notes.push('flattened audit records: rebuilt from their columns (fields the export did not select are absent)');
  return {
    format: 'ual-flat-csv',
    label: 'Flattened AuditData CSV (Sparrow *_Operations_Export, Select-Object exports)',
    notes,
  };
}

/** The row as an AuditData object: JSON cells parsed back, numeric fields as numbers, empty cells dropped. */
function rebuild(rec: Record<string, string>): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(rec)) {
    if (value === '') continue;
    if (NUMERIC.has(key.toLowerCase()) && /^-?\d+$/.test(value.trim())) out[key] = Number(value);
    else out[key] = jsonField(value);
  }
  return out;
}

async function parse(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  // CreationTime may be re-rendered in the collector's culture: decide d/M order from all rows.
  const order = await decideDateOrder(ctx, 'CreationTime');
  let questionMarks = 0;

  await readCsvTable(ctx, (r) => {
    const rec = r.record();
    const data = rebuild(rec);
    const created = flatCreationTime(r.get('CreationTime'), order);
    if (created !== undefined) data.CreationTime = created;
    if (/\w\?\w/.test(r.get('UserId') ?? '')) questionMarks++;
    sink.audit(r.row, r.line, normalizeAuditObject(data, JSON.stringify(rec), { recordId: canonicalId(rec) }));
  });
  if (questionMarks > 0)
    sink.note(
      `${questionMarks} UserId values contain "?" between letters: the file was probably written as ASCII ` +
        '(Windows PowerShell 5.1 default), which replaces non-ASCII characters',
    );
}

export const auditFlatCsvParser: FormatParser = {
  family: 'Flattened AuditData CSV (Sparrow *_Operations_Export and similar Select-Object exports)',
  detect,
  parse,
};
