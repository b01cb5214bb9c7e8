/**
 * Hawk `Simple_*.csv` / `_Investigate_*.csv`: AuditData flattened into columns (CreationTime,
 * Workload, RecordType, Operation, … Id …), `ParameterString` (`Name=Value | Name=Value`),
 * `Param_<Name>` columns, then wrapper and nested columns in no fixed order. There is no AuditData
 * text, so the record is rebuilt from the columns; the row is kept verbatim (column -> value) as
 * the raw source.
 *
 * Parameters come from ParameterString, which lists every parameter of the record, while
 * `Param_*` columns exist only for names the *first* record had (Export-Csv takes the header from it
 * and drops later records' extra columns) but hold values exactly (a value may itself contain ` | `).
 */
import { normalizeAuditObject } from '../audit-record.js';
import { decideDateOrder, readCsvTable } from '../csv-table.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import type { Sniff } from '../sniff.js';
import { canonicalId, flatCreationTime, type JsonObject } from './audit-common.js';

function detect(s: Sniff): DetectedFormat | null {
  if (s.kind !== 'csv' || s.columns.includes('auditdata')) return null;
  const has = (c: string) => s.columns.includes(c);
  if (!has('creationtime') || !has('operation') || !has('recordtype')) return null;
  if (!has('parameterstring') && !s.columns.some((c) => c.startsWith('param_'))) return null;
  const notes: string[] = [];
  if (s.typeLine) notes.push(`first line "${s.typeLine.slice(0, 120)}" skipped`);
  notes.push(
    'flattened audit records: rebuilt from columns (Param_* columns exist only for parameters the first record had; ' +
      'ParameterString is used for the rest)',
  );
  return { format: 'hawk-simple-csv', label: 'Hawk Simple_* flattened audit log CSV', notes };
}

/**
 * `[{Name, Value}]` from a flattened record: ParameterString for the names and order, Param_*
 * columns for exact values. A ParameterString segment without `=` continues the previous value.
 */
export function rebuildHawkParameters(rec: JsonObject): Array<{ Name: string; Value: string }> {
  const list: Array<{ Name: string; Value: string }> = [];
  const paramString = Object.entries(rec).find(([k]) => k.toLowerCase() === 'parameterstring')?.[1];
  if (typeof paramString === 'string' && paramString.trim() !== '') {
    for (const part of paramString.split(' | ')) {
      const eq = part.indexOf('=');
      const last = list[list.length - 1];
      if (eq > 0) list.push({ Name: part.slice(0, eq).trim(), Value: part.slice(eq + 1) });
      else if (last) last.Value += ` | ${part}`;
    }
  }
  for (const [key, value] of Object.entries(rec)) {
    if (!/^param_/i.test(key) || value === null || value === undefined) continue;
    const name = key.slice(6);
    const v = typeof value === 'string' ? value : JSON.stringify(value);
    const known = list.find((p) => p.Name.toLowerCase() === name.toLowerCase());
    if (known) known.Value = v;
    else if (v !== '') list.push({ Name: name, Value: v });
  }
  return list;
}

/** A Hawk flattened record (CSV row or JSON object) as an AuditData-like object. */
export function unflattenHawk(rec: JsonObject, creationTime: string | undefined): JsonObject {
  const out: JsonObject = { ...rec, Parameters: rebuildHawkParameters(rec) };
  if (creationTime !== undefined) out.CreationTime = creationTime;
  // CSV holds every value as text; AuditData has these as integers.
  for (const key of ['UserType', 'RecordType']) {
    const v = rec[key];
    if (typeof v === 'string' && /^\d+$/.test(v.trim())) out[key] = Number(v);
  }
  return out;
}

async function parse(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  // CreationTime may have been re-rendered in the collector's culture: decide d/M order from all rows.
  const order = await decideDateOrder(ctx, 'CreationTime');
  await readCsvTable(ctx, (r) => {
    const rec: JsonObject = r.record();
    const raw = JSON.stringify(rec);
    const event = normalizeAuditObject(unflattenHawk(rec, flatCreationTime(r.get('CreationTime'), order)), raw, {
      recordId: r.get('Id') || r.get('Identity') || canonicalId(rec),
      creationDate: r.get('CreationDate'),
      operation: r.get('Operations'),
      userId: r.get('UserIds'),
    });
    sink.audit(r.row, r.line, event);
  });
}

export const auditHawkSimpleParser: FormatParser = {
  family: 'Hawk Simple_* flattened audit log CSV',
  detect,
  parse,
};
