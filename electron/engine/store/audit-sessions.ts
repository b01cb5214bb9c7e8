/**
 * Session ids of audit records, for the timeline's `session:` search and its "same session" pivot.
 *
 * AuditData carries the sign-in session as `SessionId` (Exchange mailbox and admin records) and as
 * `AppAccessContext.AADSessionId` (newer records of every workload). Searching them inside the
 * stored JSON would read every record's text (about 3 s per million records), so the importer keeps
 * them in `audit_session` (session, event id), a narrow table whose primary key answers
 * `session:<id>` directly. They are read from the record text with one pattern (no JSON parse on
 * the writer's thread); values are lowercased, as session ids are GUIDs compared case-insensitively.
 */

const SESSION_KEY = /"(?:AAD)?SessionId"\s*:\s*"([^"\\]{1,200})"/g;

/** The distinct session ids a record names (lowercase); empty for a record without one. */
export function sessionIdsOf(raw: string): string[] {
  if (!raw.includes('SessionId"')) return [];
  const out: string[] = [];
  for (const m of raw.matchAll(SESSION_KEY)) {
    const id = m[1]!.trim().toLowerCase();
    if (id !== '' && !out.includes(id)) out.push(id);
  }
  return out;
}
