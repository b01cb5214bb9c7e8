/**
 * Recompute every finding from the evidence in the case. Findings are derived data: the same
 * evidence always yields the same findings with the same ids, so they are replaced wholesale.
 */
import type { WriteDb } from '../store/db.js';
import { mailboxDelegationGranted } from './mailbox-delegation-granted.js';
import type { Rule } from './rule.js';

export const rules: readonly Rule[] = [mailboxDelegationGranted];

export function runRules(db: WriteDb): number {
  const drafts = rules.flatMap((r) => r.run(db));
  const insertFinding = db.prepare(`INSERT INTO finding (id, rule, title, severity, techniques, time, principals, summary, details)
                                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertRef = db.prepare('INSERT OR IGNORE INTO finding_evidence (finding_id, audit_event_id, ord) VALUES (?, ?, ?)');
  db.transaction(() => {
    db.exec('DELETE FROM finding_evidence; DELETE FROM finding;');
    for (const d of drafts) {
      insertFinding.run(d.id, d.rule, d.title, d.severity, JSON.stringify(d.techniques), d.time, JSON.stringify(d.principals), d.summary, JSON.stringify(d.details));
      d.auditEventIds.forEach((id, i) => insertRef.run(d.id, id, i));
    }
  })();
  return drafts.length;
}
