/**
 * How complete the evidence is (no collection or analysis tool reports it): files sitting exactly on an
 * export cap, service time-outs, silent stretches inside a file's range, and record types a case
 * would have if the tenant logged them. Printed with the file, shown in the UI, kept for the report.
 */
import { sqlite, type ReadDb } from './db.js';

/** Row counts at which the producing tool stops (portal 50,000; cmdlet 5,000 per call; Goose 50,001 lines). */
const CAPS = [5_000, 50_000, 50_001];
const GAP_HOURS = 24;

/** Notes about one evidence file, computed right after its rows were written (same transaction). */
export function fileCompletenessNotes(handle: ReadDb, evidenceId: number, records: number): string[] {
  const db = sqlite(handle);
  const notes: string[] = [];
  if (CAPS.includes(records))
    notes.push(
      `exactly ${records.toLocaleString('en-US')} records: a known export cap; the export is probably truncated`,
    );
  const hours = db
    .prepare(
      `SELECT DISTINCT substr(time, 1, 13) AS h FROM audit_event WHERE evidence_id = ?
              UNION SELECT DISTINCT substr(time, 1, 13) FROM message WHERE evidence_id = ? ORDER BY h`,
    )
    .all(evidenceId, evidenceId) as Array<{ h: string }>;
  for (let i = 1; i < hours.length; i++) {
    const a = Date.parse(`${hours[i - 1]!.h}:00:00Z`);
    const b = Date.parse(`${hours[i]!.h}:00:00Z`);
    const gap = (b - a) / 3_600_000 - 1;
    if (gap >= GAP_HOURS)
      notes.push(
        `no records for ${gap} h between ${new Date(a + 3_600_000).toISOString()} and ${new Date(b).toISOString()}`,
      );
  }
  return notes;
}

/** Case-wide gaps in coverage: record types an investigation needs but the case does not have. */
export function caseWarnings(handle: ReadDb): string[] {
  const db = sqlite(handle);
  const warnings: string[] = [];
  const types = new Set(
    (db.prepare('SELECT DISTINCT record_type AS t FROM audit_event').all() as Array<{ t: number | null }>).map(
      (r) => r.t,
    ),
  );
  const anyAudit = db.prepare('SELECT 1 FROM audit_event LIMIT 1').get() !== undefined;
  if (!anyAudit) {
    warnings.push(
      'no audit log in the case: grants, removals and their actors cannot be shown, only the state dumps record',
    );
    return warnings;
  }
  if (!types.has(50))
    warnings.push(
      'no MailItemsAccessed records (RecordType 50): Audit (Premium) may be off or the export filtered them, ' +
        'so mailbox reads by delegates cannot be shown',
    );
  if (!types.has(2) && !types.has(3))
    warnings.push(
      'no mailbox audit records (SendAs, MailboxLogin, folder sharing): ' +
        'mailbox auditing may be off or was not exported',
    );
  if (!types.has(15)) warnings.push('no sign-in records (UserLoggedIn): where actors signed in from cannot be shown');
  const messages = db.prepare('SELECT 1 FROM message LIMIT 1').get() !== undefined;
  if (!messages)
    warnings.push('no message trace: send volume and internal phishing campaigns can only use audited sends');
  const permissions = db.prepare('SELECT 1 FROM permission LIMIT 1').get() !== undefined;
  if (!permissions) warnings.push('no permission dumps: delegation granted before the audit window cannot be seen');
  return warnings;
}
