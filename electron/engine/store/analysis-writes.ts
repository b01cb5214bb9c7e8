/**
 * What an analysis run stores: the delegation changes it derived, the findings with the rows they
 * cite, and the send-volume aggregates. All are derived data, replaced whole in one transaction, so
 * readers see either the old or the new analysis, never a mix.
 */
import type { DelegationChange } from '../records/delegation.js';
import type { FindingDraft } from '../records/findings.js';
import { evidenceDigest, type AnalysisState } from './analysis-state.js';
import { caseDigest } from './case-digest.js';
import { sqlite, type WriteDb } from './db.js';
import { replaceVolume, type StoredVolume } from './volume-writes.js';

export function replaceAnalysis(
  db: WriteDb,
  changes: readonly DelegationChange[],
  findings: Iterable<FindingDraft>,
  state: Omit<AnalysisState, 'evidenceDigest'>,
  /** The send-volume aggregates of the same run (null when they could not be computed). */
  volume: StoredVolume | null = null,
  /** The tenant's mail domains the run derived (null when it could not derive them). */
  tenantDomains: readonly string[] | null = null,
): void {
  const c = sqlite(db);
  const insertChange = c.prepare(
    `INSERT INTO delegation_change (time, action, kind, mailbox, trustee, rights, folder, actor, client_ip, succeeded,
                                    audit_event_id, permission_id, inbox_rule_id, detail)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertFinding = c.prepare(
    `INSERT INTO finding (id, rule, title, severity, techniques, time, principals, summary, details)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertRef = c.prepare('INSERT INTO finding_ref (finding_id, ord, source, source_id) VALUES (?, ?, ?, ?)');
  c.transaction(() => {
    c.exec('DELETE FROM delegation_change; DELETE FROM finding_ref; DELETE FROM finding;');
    // The digest is read inside the transaction: it describes exactly the evidence analysed.
    c.prepare(
      `INSERT INTO analysis_state (id, evidence_digest, engine_version, analysed_at, failures, tenant_domains)
       VALUES (1, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET evidence_digest = excluded.evidence_digest, engine_version = excluded.engine_version,
         analysed_at = excluded.analysed_at, failures = excluded.failures, tenant_domains = excluded.tenant_domains`,
    ).run(
      evidenceDigest(db),
      state.engineVersion,
      state.analysedAt,
      JSON.stringify(state.failures),
      tenantDomains === null ? null : JSON.stringify([...tenantDomains].sort()),
    );
    for (const ch of changes) {
      insertChange.run(
        ch.time,
        ch.action,
        ch.kind,
        ch.mailbox,
        ch.trustee,
        ch.rights.join(', '),
        ch.folder,
        ch.actor,
        ch.clientIp,
        ch.succeeded ? 1 : 0,
        ch.auditEventId,
        ch.permissionId,
        ch.inboxRuleId,
        JSON.stringify(ch.detail),
      );
    }
    for (const d of findings) {
      insertFinding.run(
        d.id,
        d.rule,
        d.title,
        d.severity,
        JSON.stringify(d.techniques),
        d.time,
        JSON.stringify(d.principals),
        d.summary,
        JSON.stringify(d.details),
      );
      // A row cited twice is cited once, at its first place.
      const seen = new Set<string>();
      for (const r of d.refs) {
        const k = `${r.source}:${r.id}`;
        if (seen.has(k)) continue;
        seen.add(k);
        insertRef.run(d.id, seen.size - 1, r.source, r.id);
      }
    }
    replaceVolume(db, volume);
    // Sealed last, over exactly what this transaction leaves: dlens verify recomputes it.
    c.prepare('UPDATE analysis_state SET case_digest = ? WHERE id = 1').run(caseDigest(db));
  })();
}
