/**
 * One analysis run: resolve identities, rebuild the delegation changes from audit records and dumps,
 * run every rule, and replace the stored findings. Derived data only; the same evidence and
 * settings always give the same findings with the same ids.
 */
import { replaceAnalysis } from '../../store/analysis-writes.js';
import type { ReadDb, WriteDb } from '../../store/db.js';
import { rules } from '../../rules/index.js';
import type { FindingDraft } from '../../records/findings.js';
import { isDiscoveryProvisioningGrant } from '../../exchange/system-actors.js';
import { loadAuditRows } from '../../analysis/audit-rows.js';
import { AnalysisContext } from '../../analysis/context.js';
import { changesFromAudit, DELEGATION_OPERATIONS } from '../../analysis/delegation/from-audit.js';
import { nameApplications, SERVICE_PRINCIPAL_ADDED } from '../../analysis/delegation/apps.js';
import { changesFromDumps } from '../../analysis/delegation/from-dumps.js';
import { expandGroupGrants, MEMBERSHIP_OPERATIONS } from '../../analysis/delegation/groups.js';
import type { DelegationChange } from '../../records/delegation.js';
import { IdentityResolver } from '../../analysis/identity-resolver.js';
import { loadSettings } from '../../analysis/settings.js';
import { TenantProfile } from '../../analysis/tenant.js';

export interface AnalysisSummary {
  changes: number;
  findings: number;
}

export function buildContext(db: ReadDb): AnalysisContext {
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

  replaceAnalysis(db, ctx.changes, drafts.values());
  return { changes: ctx.changes.length, findings: drafts.size };
}
