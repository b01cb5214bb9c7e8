/**
 * Permission dumps as delegation observations: the state the dump shows, at the time it says it
 * held (or an unknown time, taken as "when the evidence was collected").
 */
import type Database from 'better-sqlite3';
import type { PermissionKind } from '../../ingest/normalized.js';
import type { IdentityResolver } from '../identity-resolver.js';
import type { DelegationChange } from './types.js';

interface PermissionRow {
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

const PSEUDO_USERS = new Set(['Default', 'Anonymous', 'Everyone']);

/** Entries every mailbox has; they are not delegation (docs/evidence-formats.md B.1, E.19). */
function isDefaultEntry(p: PermissionRow): boolean {
  const t = (p.trustee ?? '').toLowerCase();
  if (p.inherited === 1) return true;
  if (t === 'nt authority\\self' || t.startsWith('s-1-5-') || t === 'nt authority\\system') return true;
  if (p.kind === 'folder' && (t === 'default' || t === 'anonymous') && /^(none)?$/i.test(p.rights.trim())) return true;
  return false;
}

export function changesFromDumps(db: Database.Database, ids: IdentityResolver): DelegationChange[] {
  const rows = db
    .prepare(
      'SELECT id, kind, mailbox, trustee, rights, folder, inherited, deny, values_lost, observed_at FROM permission',
    )
    .all() as PermissionRow[];
  const out: DelegationChange[] = [];
  for (const p of rows) {
    if (!p.trustee || p.deny === 1 || isDefaultEntry(p)) continue;
    const tenantWide =
      p.kind === 'app-role' ||
      p.kind === 'impersonation' ||
      (p.kind === 'delegated-grant' && /^allprincipals$/i.test(p.mailbox));
    const isApp = p.kind === 'app-role' || p.kind === 'delegated-grant';
    const detail: Record<string, string> = {};
    if (p.values_lost) detail.valuesLost = 'true';
    if (p.kind === 'app-role') detail.resource = p.mailbox;
    out.push({
      time: p.observed_at,
      action: 'observed',
      kind: p.kind,
      mailbox: tenantWide ? '*' : (ids.resolve(p.mailbox) ?? p.mailbox),
      trustee: isApp
        ? `app:${p.trustee}`
        : PSEUDO_USERS.has(p.trustee)
          ? p.trustee
          : (ids.resolve(p.trustee) ?? p.trustee),
      rights: p.values_lost ? ['(values lost at export)'] : p.rights.split(/,\s*/).filter(Boolean),
      folder: p.folder,
      actor: null,
      clientIp: null,
      succeeded: true,
      auditEventId: null,
      permissionId: p.id,
      detail,
    });
  }
  return out;
}
