/**
 * What analysis and the rules read from a case, as named queries. Everything here reads; the
 * analysis pipeline hands these functions a connection and gets plain rows back.
 */
import type { PermissionKind } from '../records/types.js';
import { sqlite, type ReadDb } from './db.js';
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
    filter.withClientAppOnly ? "coalesce(json_extract(raw, '$.ClientAppId'), '') <> ''" : null,
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

/** Identity, operation and user type of audit records by row id. */
export function auditRecordMeta(
  db: ReadDb,
  ids: readonly number[],
): Map<number, { recordId: string; userType: number | null; operation: string }> {
  const rows = chunked(
    ids,
    (chunk) =>
      sqlite(db)
        .prepare(
          `SELECT id, record_id AS recordId, user_type AS userType, operation FROM audit_event
           WHERE id IN (${placeholders(chunk.length)})`,
        )
        .all(...chunk) as Array<{ id: number; recordId: string; userType: number | null; operation: string }>,
  );
  return new Map(rows.map(({ id, ...meta }) => [id, meta]));
}

/** First time each (account, client address) pair appears in the audit log. */
export function actorAddressFirstSeen(db: ReadDb): Array<{ actor: string; ip: string; first: string }> {
  return sqlite(db)
    .prepare(
      `SELECT actor, client_ip AS ip, min(time) AS first FROM audit_event
       WHERE actor IS NOT NULL AND client_ip IS NOT NULL GROUP BY actor, client_ip`,
    )
    .all() as Array<{ actor: string; ip: string; first: string }>;
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

/** What was done from a client address in [from, to], oldest first, at most `limit` records. */
export function activityFromAddress(
  db: ReadDb,
  ip: string,
  from: string,
  to: string,
  limit: number,
): Array<{ id: number; operation: string; actor: string | null; target: string | null; time: string }> {
  return sqlite(db)
    .prepare(
      `SELECT id, operation, actor, target, time FROM audit_event
       WHERE client_ip = ? AND time >= ? AND time <= ? ORDER BY time LIMIT ?`,
    )
    .all(ip, from, to, limit) as Array<{
    id: number;
    operation: string;
    actor: string | null;
    target: string | null;
    time: string;
  }>;
}

/** The newest evidence time and the newest import time of the registry. */
export function evidenceTimeBounds(db: ReadDb): { lastTime: string | null; importedAt: string | null } {
  return sqlite(db)
    .prepare('SELECT max(last_time) AS lastTime, max(imported_at) AS importedAt FROM evidence')
    .get() as { lastTime: string | null; importedAt: string | null };
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
              json_extract(raw, '$.MailboxGuid') AS guid,
              json_extract(raw, '$.MailboxOwnerSid') AS sid
       FROM audit_event WHERE record_type IN (2, 3, 50) AND target LIKE '%@%'`,
    )
    .iterate() as Iterable<{ target: string; guid: string | null; sid: string | null }>;
}

/** Admin records link an SMTP Identity to the object's directory path. */
export function adminObjectLinks(db: ReadDb): Iterable<{ target: string; objectId: string }> {
  return sqlite(db)
    .prepare(
      `SELECT DISTINCT target, json_extract(raw, '$.ObjectId') AS objectId
       FROM audit_event WHERE record_type = 1 AND target LIKE '%@%' AND json_extract(raw, '$.ObjectId') IS NOT NULL`,
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
    dumpMailboxes: column<string>(
      "SELECT DISTINCT mailbox FROM permission WHERE mailbox LIKE '%@%' " +
        "AND kind NOT IN ('app-role', 'delegated-grant')",
    ),
    // OrganizationName is the tenant's onmicrosoft.com domain; admin records carry it (a sample suffices).
    organizations: column<string>(
      `SELECT DISTINCT json_extract(raw, '$.OrganizationName') AS org
       FROM (SELECT raw FROM audit_event WHERE record_type = 1 LIMIT 2000)
       WHERE json_extract(raw, '$.OrganizationName') IS NOT NULL`,
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
}

/** Every permission and configuration entry from the dumps. */
export function permissionRows(db: ReadDb): PermissionRow[] {
  return sqlite(db)
    .prepare(
      'SELECT id, kind, mailbox, trustee, rights, folder, inherited, deny, values_lost, observed_at FROM permission',
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
  delete_message: number | null;
  move_to_folder: string | null;
  mark_as_read: number | null;
  forward_to: string | null;
  forward_as_attachment_to: string | null;
  redirect_to: string | null;
  conditions: string;
}

/** Every inbox rule from the rule dumps. */
export function inboxRuleRows(db: ReadDb): InboxRuleRow[] {
  return sqlite(db)
    .prepare(
      `SELECT id, mailbox, name, delete_message, move_to_folder, mark_as_read, forward_to, forward_as_attachment_to,
              redirect_to, conditions FROM inbox_rule`,
    )
    .all() as InboxRuleRow[];
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
