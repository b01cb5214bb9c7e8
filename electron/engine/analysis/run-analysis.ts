/**
 * One analysis run: resolve identities, rebuild the delegation changes from audit records and dumps,
 * run every rule, and replace the stored findings. Derived data only; the same evidence and
 * settings always give the same findings with the same ids.
 */
import type { WriteDb } from '../store/db.js';
import { rules } from '../rules/index.js';
import type { FindingDraft } from '../rules/rule.js';
import { isDiscoveryProvisioningGrant } from '../rules/system-actors.js';
import { loadAuditRows } from './audit-rows.js';
import { AnalysisContext } from './context.js';
import { changesFromAudit, DELEGATION_OPERATIONS } from './delegation/from-audit.js';
import { nameApplications, SERVICE_PRINCIPAL_ADDED } from './delegation/apps.js';
import { changesFromDumps } from './delegation/from-dumps.js';
import { expandGroupGrants, MEMBERSHIP_OPERATIONS } from './delegation/groups.js';
import type { DelegationChange } from './delegation/types.js';
import { IdentityResolver } from './identity-resolver.js';
import { loadSettings } from './settings.js';
import { TenantProfile } from './tenant.js';

export interface AnalysisSummary {
  changes: number;
  findings: number;
}

export function buildContext(db: WriteDb): AnalysisContext {
  const settings = loadSettings(db);
  const ids = new IdentityResolver(db);
  const tenant = TenantProfile.derive(db, settings.tenantDomains);
  const direct: DelegationChange[] = nameApplications(
    [
      ...loadAuditRows(db, DELEGATION_OPERATIONS).flatMap((row) => changesFromAudit(row, ids)),
      ...changesFromDumps(db, ids),
    ],
    loadAuditRows(db, SERVICE_PRINCIPAL_ADDED),
  );
  const changes: DelegationChange[] = [
    ...direct,
    ...expandGroupGrants(direct, loadAuditRows(db, MEMBERSHIP_OPERATIONS), ids),
  ]
    // Exchange's own provisioning grant exists in every tenant; it is not delegation to investigate.
    .filter((c) => !isDiscoveryProvisioningGrant(c.mailbox, c.trustee))
    .sort((a, b) => (a.time ?? '\uffff').localeCompare(b.time ?? '\uffff'));
  return new AnalysisContext(db, settings, tenant, ids, changes);
}

export function runAnalysis(db: WriteDb): AnalysisSummary {
  const ctx = buildContext(db);
  const drafts = new Map<string, FindingDraft>();
  for (const rule of rules) for (const d of rule.run(ctx)) drafts.set(d.id, d);

  const insertChange =
    db.prepare(`INSERT INTO delegation_change (time, action, kind, mailbox, trustee, rights, folder, actor, client_ip, succeeded, audit_event_id, permission_id, detail)
                                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertFinding =
    db.prepare(`INSERT INTO finding (id, rule, title, severity, techniques, time, principals, summary, details)
                                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertRef = db.prepare('INSERT INTO finding_ref (finding_id, ord, source, source_id) VALUES (?, ?, ?, ?)');
  db.transaction(() => {
    db.exec('DELETE FROM delegation_change; DELETE FROM finding_ref; DELETE FROM finding;');
    for (const c of ctx.changes) {
      insertChange.run(
        c.time,
        c.action,
        c.kind,
        c.mailbox,
        c.trustee,
        c.rights.join(', '),
        c.folder,
        c.actor,
        c.clientIp,
        c.succeeded ? 1 : 0,
        c.auditEventId,
        c.permissionId,
        JSON.stringify(c.detail),
      );
    }
    for (const d of drafts.values()) {
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
      const seen = new Set<string>();
      d.refs.forEach((r) => {
        const k = `${r.source}:${r.id}`;
        if (seen.has(k)) return;
        seen.add(k);
        insertRef.run(d.id, seen.size - 1, r.source, r.id);
      });
    }
  })();
  return { changes: ctx.changes.length, findings: drafts.size };
}
