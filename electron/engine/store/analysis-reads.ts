/**
 * What analysis and the rules read from a case, as named queries. Everything here reads; the
 * analysis pipeline hands these functions a connection and gets plain rows back.
 */
import type { PermissionKind } from '../records/types.js';
import { sqlite, type ReadDb } from './db.js';
import { rawJson } from './sql-json.js';
import { chunked, placeholders } from './sql-lists.js';

/** An audit_event row as analysis reads it (`raw` is '' when AuditData was not asked for). */
export interface AuditEventRow {
  id: number;
  time: string;
  record_id: string;
  record_type: number | null;
  operation: string;
  actor: string | null;
  user_type: number | null;
  target: string | null;
  client_ip: string | null;
  result_status: string | null;
  parameters: string;
  raw: string;
}

export interface AuditRowFilter {
  /** Only records where the actor is not the mailbox owner (sends always count). */
  nonOwnerOnly?: boolean | undefined;
  /** Read AuditData (default true). */
  withData?: boolean | undefined;
  /** Only records whose AuditData names a ClientAppId (applications acting with their own identity). */
  withClientAppOnly?: boolean | undefined;
}

/** Audit records with one of `operations`, in time order. */
export function auditEventsByOperation(
  db: ReadDb,
  operations: readonly string[],
  filter: AuditRowFilter = {},
): AuditEventRow[] {
  if (operations.length === 0) return [];
  const conditions = [
    filter.nonOwnerOnly
      ? "(target IS NULL OR actor IS NULL OR actor <> target OR operation IN ('SendAs', 'SendOnBehalf'))"
      : null,
    filter.withClientAppOnly ? `coalesce(${rawJson('$.ClientAppId')}, '') <> ''` : null,
  ].filter((c): c is string => c !== null);
  const raw = filter.withData === false ? "'' AS raw" : 'raw';
  // Operation lists are short (a rule's operations); one statement keeps the time order global.
  return sqlite(db)
    .prepare(
      `SELECT id, time, record_id, record_type, operation, actor, user_type, target, client_ip, result_status,
              parameters, ${raw}
       FROM audit_event WHERE operation IN (${placeholders(operations.length)})
       ${conditions.map((c) => `AND ${c}`).join(' ')}
       ORDER BY time, id`,
    )
    .all(...operations) as AuditEventRow[];
}

export interface AuditRecordMeta {
  recordId: string;
  userType: number | null;
  operation: string;
  time: string;
  actor: string | null;
  target: string | null;
  clientIp: string | null;
}

/** Identity, operation, time, actor, target and address of audit records by row id. */
export function auditRecordMeta(db: ReadDb, ids: readonly number[]): Map<number, AuditRecordMeta> {
  const rows = chunked(
    [...new Set(ids)],
    (chunk) =>
      sqlite(db)
        .prepare(
          `SELECT id, record_id AS recordId, user_type AS userType, operation, time, actor, target, client_ip AS clientIp
           FROM audit_event WHERE id IN (${placeholders(chunk.length)})`,
        )
        .all(...chunk) as Array<AuditRecordMeta & { id: number }>,
  );
  return new Map(rows.map(({ id, ...meta }) => [id, meta]));
}

/** Each (account, client address) pair of the audit log: first use and on how many UTC days. */
export function actorAddressFirstSeen(db: ReadDb): Array<{ actor: string; ip: string; first: string; days: number }> {
  return sqlite(db)
    .prepare(
      `SELECT actor, client_ip AS ip, min(time) AS first, count(DISTINCT substr(time, 1, 10)) AS days
       FROM audit_event WHERE actor IS NOT NULL AND client_ip IS NOT NULL GROUP BY actor, client_ip`,
    )
    .all() as Array<{ actor: string; ip: string; first: string; days: number }>;
}

/** First appearance of each account in the audit log. */
export function actorFirstSeen(db: ReadDb): Map<string, string> {
  const out = new Map<string, string>();
  const rows = sqlite(db)
    .prepare('SELECT actor, min(time) AS first FROM audit_event WHERE actor IS NOT NULL GROUP BY actor')
    .iterate() as Iterable<{ actor: string; first: string }>;
  for (const r of rows) out.set(r.actor, r.first);
  return out;
}

/** Time of the first audit record in the case, or null without any. */
export function firstAuditTime(db: ReadDb): string | null {
  return (sqlite(db).prepare('SELECT min(time) AS t FROM audit_event').get() as { t: string | null }).t;
}

/** Time of the last audit record in the case, or null without any. */
export function lastAuditTime(db: ReadDb): string | null {
  return (sqlite(db).prepare('SELECT max(time) AS t FROM audit_event').get() as { t: string | null }).t;
}

/** One audit record as the correlation reads give it. */
export interface AuditAction {
  id: number;
  time: string;
  actor: string | null;
  target: string | null;
  operation: string;
  result: string | null;
}

/** Audit records with one of `operations` from a client address, oldest first. */
export function operationsFromAddress(db: ReadDb, ip: string, operations: readonly string[]): AuditAction[] {
  if (operations.length === 0) return [];
  return sqlite(db)
    .prepare(
      `SELECT id, time, actor, target, operation, result_status AS result FROM audit_event
       WHERE client_ip = ? AND operation IN (${placeholders(operations.length)}) ORDER BY time, id`,
    )
    .all(ip, ...operations) as AuditAction[];
}

/** What was done from a client address in [from, to], oldest first, at most `limit` records. */
export function activityFromAddress(
  db: ReadDb,
  ip: string,
  from: string,
  to: string,
  limit: number,
): Omit<AuditAction, 'result'>[] {
  return sqlite(db)
    .prepare(
      `SELECT id, operation, actor, target, time FROM audit_event
       WHERE client_ip = ? AND time >= ? AND time <= ? ORDER BY time LIMIT ?`,
    )
    .all(ip, from, to, limit) as Omit<AuditAction, 'result'>[];
}

/** Spellings of principals learned from dumps (display names, aliases, DNs). */
export function principalAliases(db: ReadDb): Iterable<{ alias: string; principal_key: string }> {
  return sqlite(db).prepare('SELECT alias, principal_key FROM principal_alias').iterate() as Iterable<{
    alias: string;
    principal_key: string;
  }>;
}

/** Mailbox records link the owner's address to the mailbox GUID and SID. */
export function mailboxIdentityLinks(
  db: ReadDb,
): Iterable<{ target: string; guid: string | null; sid: string | null }> {
  return sqlite(db)
    .prepare(
      `SELECT DISTINCT target,
              ${rawJson('$.MailboxGuid')} AS guid,
              ${rawJson('$.MailboxOwnerSid')} AS sid
       FROM audit_event WHERE record_type IN (2, 3, 50) AND target LIKE '%@%'`,
    )
    .iterate() as Iterable<{ target: string; guid: string | null; sid: string | null }>;
}

/** Admin records link an SMTP Identity to the object's directory path. */
export function adminObjectLinks(db: ReadDb): Iterable<{ target: string; objectId: string }> {
  return sqlite(db)
    .prepare(
      `SELECT DISTINCT target, ${rawJson('$.ObjectId')} AS objectId
       FROM audit_event WHERE record_type = 1 AND target LIKE '%@%' AND ${rawJson('$.ObjectId')} IS NOT NULL`,
    )
    .iterate() as Iterable<{ target: string; objectId: string }>;
}

/** Addresses and names from which the tenant's own mail domains are derived. */
export function tenantDomainEvidence(db: ReadDb): {
  mailboxOwners: string[];
  dumpMailboxes: string[];
  organizations: string[];
  actorDomains: Array<{ domain: string; n: number }>;
} {
  const c = sqlite(db);
  const column = <T>(sql: string) => c.prepare(sql).pluck().all() as T[];
  return {
    // Owners of audited mailboxes and mailboxes in dumps are tenant mailboxes by definition.
    mailboxOwners: column<string>(
      "SELECT DISTINCT target FROM audit_event WHERE record_type IN (2, 3, 50) AND target LIKE '%@%'",
    ),
    // Inbox-rule dumps list rules of the tenant's own mailboxes too.
    dumpMailboxes: column<string>(
      "SELECT DISTINCT mailbox FROM permission WHERE mailbox LIKE '%@%' " +
        "AND kind NOT IN ('app-role', 'delegated-grant') " +
        "UNION SELECT DISTINCT trim(mailbox) FROM inbox_rule WHERE mailbox LIKE '%@%'",
    ),
    // OrganizationName is the tenant's onmicrosoft.com domain; admin records carry it (a sample suffices).
    organizations: column<string>(
      `SELECT DISTINCT ${rawJson('$.OrganizationName')} AS org
       FROM (SELECT raw FROM audit_event WHERE record_type = 1 LIMIT 2000)
       WHERE ${rawJson('$.OrganizationName')} IS NOT NULL`,
    ),
    // Admins and regular users acting in the tenant (UserType 0 Regular, 2 Admin), accounts per domain.
    actorDomains: c
      .prepare(
        `SELECT lower(substr(actor, instr(actor, '@') + 1)) AS domain, count(DISTINCT actor) AS n
         FROM audit_event WHERE actor LIKE '%@%' AND user_type IN (0, 2) GROUP BY domain`,
      )
      .all() as Array<{ domain: string; n: number }>,
  };
}

export interface PermissionRow {
  id: number;
  kind: PermissionKind;
  mailbox: string;
  trustee: string | null;
  rights: string;
  folder: string | null;
  inherited: number | null;
  deny: number | null;
  values_lost: number;
  observed_at: string | null;
  evidence_id: number;
  /** The dump row as written (JSON of column -> value). */
  raw: string;
}

/** Every permission and configuration entry from the dumps. */
export function permissionRows(db: ReadDb): PermissionRow[] {
  return sqlite(db)
    .prepare(
      `SELECT id, kind, mailbox, trustee, rights, folder, inherited, deny, values_lost, observed_at, evidence_id, raw
       FROM permission ORDER BY id`,
    )
    .all() as PermissionRow[];
}

/** (kind, mailbox) pairs a dump lists completely (no values lost at export). */
export function completelyDumped(db: ReadDb): Array<{ kind: string; mailbox: string }> {
  return sqlite(db)
    .prepare('SELECT kind, mailbox FROM permission GROUP BY kind, mailbox HAVING max(values_lost) = 0')
    .all() as Array<{ kind: string; mailbox: string }>;
}

export interface InboxRuleRow {
  id: number;
  mailbox: string;
  name: string | null;
  enabled: number | null;
  delete_message: number | null;
  move_to_folder: string | null;
  mark_as_read: number | null;
  forward_to: string | null;
  forward_as_attachment_to: string | null;
  redirect_to: string | null;
  conditions: string;
  /** The dump row as written (JSON of column -> value). */
  raw: string;
  evidence_id: number;
}

/** Every inbox rule from the rule dumps. */
export function inboxRuleRows(db: ReadDb): InboxRuleRow[] {
  return sqlite(db)
    .prepare(
      `SELECT id, evidence_id, mailbox, name, enabled, delete_message, move_to_folder, mark_as_read, forward_to,
              forward_as_attachment_to, redirect_to, conditions, raw
       FROM inbox_rule ORDER BY id`,
    )
    .all() as InboxRuleRow[];
}

/** When each dump file was collected (by evidence id), for dating what a dump shows. */
export function collectionTimes(db: ReadDb): Map<number, { at: string | null; basis: string | null; file: string }> {
  const rows = sqlite(db)
    .prepare('SELECT id, file_name AS file, collected_at AS at, collected_basis AS basis FROM evidence')
    .all() as Array<{ id: number; file: string; at: string | null; basis: string | null }>;
  return new Map(rows.map(({ id, ...t }) => [id, t]));
}

/** Message-trace rows (one per recipient) of the given Internet message ids, first row per recipient. */
export function recipientsOfMessages(
  db: ReadDb,
  messageIds: readonly string[],
): Array<{ id: number; recipient: string }> {
  return chunked(
    messageIds,
    (chunk) =>
      sqlite(db)
        .prepare(
          `SELECT min(id) AS id, recipient FROM message
           WHERE message_id IN (${placeholders(chunk.length)}) AND recipient IS NOT NULL
           GROUP BY message_id, recipient ORDER BY min(time)`,
        )
        .all(...chunk) as Array<{ id: number; recipient: string }>,
  );
}

/** Audit records with one of `operations` by an account in [from, to], oldest first. */
export function operationsByActor(
  db: ReadDb,
  actor: string,
  operations: readonly string[],
  from: string,
  to: string,
): AuditAction[] {
  if (operations.length === 0) return [];
  return sqlite(db)
    .prepare(
      `SELECT id, time, actor, target, operation, result_status AS result FROM audit_event
       WHERE operation IN (${placeholders(operations.length)}) AND actor = ? AND time >= ? AND time <= ?
       ORDER BY time, id`,
    )
    .all(...operations, actor, from, to) as AuditAction[];
}

export type TargetOperation = Omit<AuditAction, 'result'> & { clientIp: string | null };

/** Records with one of `operations` on any of `targets` (files, by their URL), oldest first. */
export function operationsOnTargets(
  db: ReadDb,
  targets: readonly string[],
  operations: readonly string[],
): TargetOperation[] {
  if (operations.length === 0) return [];
  return chunked(
    [...new Set(targets)],
    (chunk) =>
      sqlite(db)
        .prepare(
          `SELECT id, time, actor, target, operation, client_ip AS clientIp FROM audit_event
           WHERE operation IN (${placeholders(operations.length)}) AND target IN (${placeholders(chunk.length)})`,
        )
        .all(...operations, ...chunk) as TargetOperation[],
  ).sort((a, b) => a.time.localeCompare(b.time) || a.id - b.id);
}

/** Who each sharing record handed the file to (SharePoint's TargetUserOrGroupName), where it says. */
export function sharingTargets(db: ReadDb, ids: readonly number[]): Map<number, string> {
  const rows = chunked(
    [...new Set(ids)],
    (chunk) =>
      sqlite(db)
        .prepare(
          `SELECT id, ${rawJson('$.TargetUserOrGroupName')} AS who FROM audit_event
           WHERE id IN (${placeholders(chunk.length)}) AND json_valid(raw)`,
        )
        .all(...chunk) as Array<{ id: number; who: unknown }>,
  );
  return new Map(
    rows
      .filter((r): r is { id: number; who: string } => typeof r.who === 'string' && !!r.who.trim())
      .map((r) => [r.id, r.who.trim()]),
  );
}
