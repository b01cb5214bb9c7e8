/**
 * A principal's page as SQL: whether the case knows it, its other spellings, the client addresses
 * its audit records came from, and how much of the evidence is about it. Every statement runs on
 * an index of migration 007 (actor and client address, target, recipient, alias key) or an older
 * one: a principal with tens of thousands of records is read from its own index range, never by
 * scanning the audit log or the trace.
 */
import { sqlite, type ReadDb } from './db.js';
import { placeholders } from './sql-lists.js';
import { SECONDARY_EVENTS, TRACE_KEY } from './send-reads.js';

/**
 * The case's key for `name`: the name itself when the case has it as a principal, a mailbox or
 * holder of access, or a sender; else the principal a recorded alias (display name, alias, DN,
 * GUID) names; else null.
 */
export function principalKey(db: ReadDb, name: string): string | null {
  const c = sqlite(db);
  const known = (k: string) =>
    c
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM principal WHERE key = @k)
             OR EXISTS (SELECT 1 FROM delegation_change WHERE mailbox = @k)
             OR EXISTS (SELECT 1 FROM delegation_change WHERE trustee = @k)
             OR EXISTS (SELECT 1 FROM volume_sender WHERE sender = @k) AS known`,
      )
      .get({ k }) as { known: number };
  for (const k of new Set([name, name.toLowerCase()])) if (known(k).known === 1) return k;
  const alias = c.prepare('SELECT principal_key FROM principal_alias WHERE alias = ?').get(name) as
    { principal_key: string } | undefined;
  return alias?.principal_key ?? null;
}

/** The other spellings recorded for a principal, sorted. */
export function aliasesOf(db: ReadDb, key: string): string[] {
  return (
    sqlite(db)
      .prepare('SELECT alias FROM principal_alias WHERE principal_key = ? ORDER BY alias COLLATE NOCASE')
      .raw()
      .all(key) as Array<[string]>
  ).map(([a]) => a);
}

/** Client addresses of the principal's audit records (sign-ins and every other action), busiest first. */
export function clientAddressesOf(
  db: ReadDb,
  key: string,
): Array<{ ip: string; first: string; last: string; count: number }> {
  return sqlite(db)
    .prepare(
      `SELECT client_ip AS ip, min(time) AS first, max(time) AS last, count(*) AS count
       FROM audit_event WHERE actor = ? AND client_ip IS NOT NULL
       GROUP BY client_ip ORDER BY count DESC, ip`,
    )
    .all(key) as Array<{ ip: string; first: string; last: string; count: number }>;
}

interface Span {
  n: number;
  first: string | null;
  last: string | null;
}

/**
 * How much of the evidence is about the principal: audit records by it and about it, and the
 * messages it received (each message once: trace rows grouped by message identity, later
 * tracking events left out, as the hourly counts do).
 */
export function activityOf(db: ReadDb, key: string): { asActor: Span; asTarget: Span; received: Span } {
  const c = sqlite(db);
  const span = (sql: string, ...params: unknown[]) => c.prepare(sql).get(key, ...params) as Span;
  return {
    asActor: span('SELECT count(*) AS n, min(time) AS first, max(time) AS last FROM audit_event WHERE actor = ?'),
    asTarget: span('SELECT count(*) AS n, min(time) AS first, max(time) AS last FROM audit_event WHERE target = ?'),
    received: span(
      `SELECT count(DISTINCT ${TRACE_KEY}) AS n, min(time) AS first, max(time) AS last FROM message
       WHERE recipient = ? AND (status IS NULL OR status NOT IN (${placeholders(SECONDARY_EVENTS.length)}))`,
      ...SECONDARY_EVENTS,
    ),
  };
}

/** Mail sent by an address the analysis kept no profile for (outside senders): each message once, as above. */
export function sentBy(db: ReadDb, key: string): Span {
  return sqlite(db)
    .prepare(
      `SELECT count(DISTINCT ${TRACE_KEY}) AS n, min(time) AS first, max(time) AS last FROM message
       WHERE sender = ? AND (status IS NULL OR status NOT IN (${placeholders(SECONDARY_EVENTS.length)}))`,
    )
    .get(key, ...SECONDARY_EVENTS) as Span;
}

/** First and last message of a sender: one seek each into the (sender, time) index. */
export function sendSpan(db: ReadDb, key: string): { first: string | null; last: string | null } {
  return sqlite(db)
    .prepare(
      `SELECT (SELECT min(time) FROM message WHERE sender = @key) AS first,
              (SELECT max(time) FROM message WHERE sender = @key) AS last`,
    )
    .get({ key }) as { first: string | null; last: string | null };
}

/** Is this name a group whose grants the analysis expanded to its members (detail.viaGroup)? */
export function isExpandedGroup(db: ReadDb, name: string, mailboxes: readonly string[]): boolean {
  if (mailboxes.length === 0) return false;
  // Only the mailboxes the group holds access to can carry its members' changes: their index range.
  const list = [...new Set(mailboxes)].slice(0, 500);
  const r = sqlite(db)
    .prepare(
      `SELECT 1 FROM delegation_change WHERE mailbox IN (${placeholders(list.length)})
         AND json_extract(detail, '$.viaGroup') = ? LIMIT 1`,
    )
    .get(...list, name);
  return r !== undefined;
}
