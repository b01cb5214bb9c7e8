/**
 * One analysis run: resolve identities, rebuild the delegation changes from audit records and dumps,
 * run every rule, and replace the stored findings. Derived data only; the same evidence and
 * settings always give the same findings with the same ids.
 */
import { collectionTimes, inboxRuleRows, permissionRows } from '../../store/analysis-reads.js';
import { evidenceDigest, readAnalysisState } from '../../store/analysis-state.js';
import { replaceAnalysis } from '../../store/analysis-writes.js';
import type { StoredVolume } from '../../store/volume-writes.js';
import type { ReadDb, WriteDb } from '../../store/db.js';
import { correlate } from '../../rules/correlate/index.js';
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
import { ruleForwardingChanges } from '../../analysis/inbox-rules/forwarding.js';
import { INBOX_RULE_OPERATIONS, ruleViewsFromAudit } from '../../analysis/inbox-rules/from-audit.js';
import { ruleViewsFromDumps } from '../../analysis/inbox-rules/from-dumps.js';
import { loadSettings } from '../../analysis/settings.js';
import { TenantProfile } from '../../analysis/tenant.js';
import { volumeAggregates } from '../../analysis/volume/aggregates.js';
import { TRANSPORT_RULE_OPERATIONS, transportRuleChanges } from '../../analysis/transport-rules.js';

/**
 * Bumped whenever rules or their inputs change what the same evidence yields: stored findings of an
 * older analysis are then stale and the case is analysed again when opened.
 */
export const ANALYSIS_VERSION = '2026-11-30.3';

export interface AnalysisSummary {
  changes: number;
  findings: number;
  /** Rules that failed on this evidence; the others still ran and their findings are stored. */
  failures: Array<{ rule: string; error: string }>;
}

/** Are the stored findings from other evidence, other settings or another analysis than now? */
export function analysisIsStale(db: ReadDb): boolean {
  const state = readAnalysisState(db);
  return state === null || state.engineVersion !== ANALYSIS_VERSION || state.evidenceDigest !== evidenceDigest(db);
}

export function buildContext(db: ReadDb): AnalysisContext {
  const settings = loadSettings(db);
  const ids = new IdentityResolver(db);
  const tenant = TenantProfile.derive(db, settings.tenantDomains);
  const permissions = permissionRows(db);
  const ruleRows = inboxRuleRows(db);
  const inboxRules = [
    ...ruleViewsFromAudit(loadAuditRows(db, INBOX_RULE_OPERATIONS), ids),
    ...ruleViewsFromDumps(ruleRows, ids),
  ];
  const direct: DelegationChange[] = nameApplications(
    [
      ...loadAuditRows(db, DELEGATION_OPERATIONS).flatMap((row) => changesFromAudit(row, ids)),
      ...ruleForwardingChanges(inboxRules),
      ...transportRuleChanges(loadAuditRows(db, TRANSPORT_RULE_OPERATIONS), ids),
      ...changesFromDumps(permissions, ids),
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
  const dumps = {
    permissions: new Map(permissions.map((p) => [p.id, p])),
    inboxRules: new Map(ruleRows.map((r) => [r.id, r])),
    collected: collectionTimes(db),
  };
  return new AnalysisContext(db, settings, tenant, ids, changes, inboxRules, dumps);
}

export function runAnalysis(db: WriteDb): AnalysisSummary {
  let ctx: AnalysisContext;
  try {
    ctx = buildContext(db);
  } catch (err) {
    // Without the shared context no rule can run: the stored findings are cleared (they would be
    // stale) and the failure is recorded, so every view says the analysis failed instead of showing
    // the previous findings as current.
    const failures = [
      { rule: 'analysis', error: `the evidence could not be prepared for the rules (${messageOf(err)})` },
    ];
    replaceAnalysis(db, [], [], { engineVersion: ANALYSIS_VERSION, analysedAt: new Date().toISOString(), failures });
    return { changes: 0, findings: 0, failures };
  }
  const drafts = new Map<string, FindingDraft>();
  const failures: AnalysisSummary['failures'] = [];
  for (const rule of rules) {
    // One rule failing on one record must not cost the case every other rule's findings.
    try {
      for (const d of rule.run(ctx)) drafts.set(d.id, d);
    } catch (err) {
      failures.push({ rule: rule.id, error: messageOf(err) });
    }
  }
  let findings = [...drafts.values()];
  try {
    findings = correlate(ctx, findings);
  } catch (err) {
    failures.push({ rule: 'correlation', error: messageOf(err) });
  }
  // The send-volume charts' aggregates, from the hourly analysis the send rules already ran.
  let volume: StoredVolume | null = null;
  try {
    volume = volumeAggregates(ctx);
  } catch (err) {
    failures.push({ rule: 'send-volume aggregates', error: messageOf(err) });
  }
  replaceAnalysis(
    db,
    ctx.changes,
    findings,
    { engineVersion: ANALYSIS_VERSION, analysedAt: new Date().toISOString(), failures },
    volume,
    [...ctx.tenant.domains],
  );
  return { changes: ctx.changes.length, findings: findings.length, failures };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
