/**
 * The stored delegation changes (derived by the last analysis run) and the citations behind them.
 */
import type { EvidenceRef } from '../../../shared/domain.js';
import type { DelegationChange } from '../records/delegation.js';
import { sqlite, type ReadDb } from './db.js';
import { chunked, placeholders } from './sql-lists.js';

interface ChangeRow {
  time: string | null;
  action: DelegationChange['action'];
  kind: DelegationChange['kind'];
  mailbox: string;
  trustee: string;
  rights: string;
  folder: string | null;
  actor: string | null;
  client_ip: string | null;
  succeeded: number;
  audit_event_id: number | null;
  permission_id: number | null;
  inbox_rule_id: number | null;
  detail: string;
}

/** Every stored delegation change, in the order the analysis wrote them (time order). */
export function storedDelegationChanges(db: ReadDb): DelegationChange[] {
  return (sqlite(db).prepare('SELECT * FROM delegation_change ORDER BY id').all() as ChangeRow[]).map(toChange);
}

/**
 * The stored changes one principal takes part in (as the mailbox or the holder), plus every
 * removal of all holders at once (trustee `*`), which the replay needs: through the mailbox and
 * trustee indexes, not the whole table.
 */
export function delegationChangesOf(db: ReadDb, principal: string): DelegationChange[] {
  const rows = sqlite(db)
    .prepare(`SELECT * FROM delegation_change WHERE mailbox = ? OR trustee = ? OR trustee = '*' ORDER BY id`)
    .all(principal, principal) as ChangeRow[];
  return rows.map(toChange);
}

/** The stored grants made by these audit records (what a finding cites), in time order. */
export function grantsOfAuditEvents(db: ReadDb, auditEventIds: readonly number[]): DelegationChange[] {
  const c = sqlite(db);
  return chunked(
    [...new Set(auditEventIds)],
    (chunk) =>
      c
        .prepare(
          `SELECT * FROM delegation_change WHERE action = 'grant' AND audit_event_id IN (${placeholders(chunk.length)})`,
        )
        .all(...chunk) as ChangeRow[],
  )
    .sort((a, b) => (a.time ?? '').localeCompare(b.time ?? ''))
    .map(toChange);
}

function toChange(r: ChangeRow): DelegationChange {
  return {
    time: r.time,
    action: r.action,
    kind: r.kind,
    mailbox: r.mailbox,
    trustee: r.trustee,
    rights: r.rights ? r.rights.split(', ') : [],
    folder: r.folder,
    actor: r.actor,
    clientIp: r.client_ip,
    succeeded: r.succeeded === 1,
    auditEventId: r.audit_event_id,
    permissionId: r.permission_id,
    inboxRuleId: r.inbox_rule_id,
    detail: JSON.parse(r.detail) as Record<string, string>,
  };
}

/** Citations (file, SHA-256, row, record id) of audit records and dump rows, by row id. */
export function citations(
  db: ReadDb,
  ids: { audit: readonly number[]; permission: readonly number[] },
): { audit: Map<number, EvidenceRef>; permission: Map<number, EvidenceRef> } {
  const c = sqlite(db);
  const fetch = (sql: (list: string) => string, list: readonly number[]) =>
    new Map(
      chunked(
        [...new Set(list)],
        (chunk) => c.prepare(sql(placeholders(chunk.length))).all(...chunk) as Array<EvidenceRef & { id: number }>,
      ).map(({ id, ...ref }) => [id, ref]),
    );
  return {
    audit: fetch(
      (l) => `SELECT ae.id, ev.file_name AS file, ev.sha256, ae.row, ae.record_id AS recordId
              FROM audit_event ae JOIN evidence ev ON ev.id = ae.evidence_id WHERE ae.id IN (${l})`,
      ids.audit,
    ),
    permission: fetch(
      (l) => `SELECT p.id, ev.file_name AS file, ev.sha256, p.row, '' AS recordId
              FROM permission p JOIN evidence ev ON ev.id = p.evidence_id WHERE p.id IN (${l})`,
      ids.permission,
    ),
  };
}
