/**
 * Mailbox folder permissions: a raw Get-MailboxFolderPermission / Get-EXOMailboxFolderPermission
 * export (Identity `user@domain:\Calendar`, AccessRights often a leaked type name) and Mandiant's
 * folder_permissions.csv (UserPrincipalName + FolderName, only Default/Anonymous entries, rights
 * joined with `,`). One `folder` entry per row; the pseudo-users
 * `Default` and `Anonymous` and entries with `None` are kept as written (analysis decides).
 */
import { RowError } from '../audit-record.js';
import { readCsvTable } from '../csv-table.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import { normalizeIdentity } from '../../records/identity.js';
import type { Sniff } from '../sniff.js';
import { cell, csvFormat, hasAny, hasColumns, NoteCounter, permissionEntry, splitTokens } from './dump-common.js';

function detect(s: Sniff): DetectedFormat | null {
  if (!hasColumns(s, 'foldername', 'user', 'accessrights')) return null;
  if (s.columns.includes('userprincipalname'))
    return csvFormat(s, 'mandiant-folder-permission-csv', 'Mandiant folder_permissions CSV');
  if (hasAny(s, 'identity')) return csvFormat(s, 'folder-permission-csv', 'Get-MailboxFolderPermission CSV export');
  return null;
}

/** `ceo@example.com:\Calendar` -> mailbox and folder path; a bare identity has no folder part. */
export function splitFolderIdentity(identity: string): { mailbox: string; folder: string | null } {
  const i = identity.indexOf(':\\');
  if (i < 0) return { mailbox: identity, folder: null };
  const folder = identity.slice(i + 2);
  return { mailbox: identity.slice(0, i), folder: folder === '' ? null : folder };
}

async function parse(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  const notes = new NoteCounter();
  await readCsvTable(ctx, (r) => {
    const raw = r.record();
    let mailbox = normalizeIdentity(r.get('UserPrincipalName'));
    let folder = cell(r.get('FolderName'));
    if (!mailbox) {
      const identity = cell(r.get('Identity'));
      if (!identity) throw new RowError('no mailbox (Identity is empty)');
      const parts = splitFolderIdentity(identity);
      mailbox = normalizeIdentity(parts.mailbox);
      // FolderName is only the leaf; the identity's path says where it sits (e.g. Inbox\Invoices).
      folder = parts.folder ?? folder;
    }
    if (!mailbox) throw new RowError('no mailbox in Identity');
    // Display names (and Default / Anonymous) stay as written; addresses are lowercased.
    const trustee = normalizeIdentity(r.get('User'));
    if (!trustee) throw new RowError('no trustee (User is empty)');
    const rights = splitTokens(r.get('AccessRights'));
    if (rights.valuesLost)
      notes.add('rows have AccessRights written as a .NET type name: rights unknown (values lost at export time)');
    else if (rights.values.length === 0) throw new RowError('AccessRights is empty');
    sink.permission(
      r.row,
      r.line,
      permissionEntry('folder', mailbox, trustee, raw, {
        rights: rights.values,
        valuesLost: rights.valuesLost,
        folder,
      }),
    );
  });
  notes.flush(sink);
}

export const folderPermissionParser: FormatParser = {
  family: 'Get-MailboxFolderPermission CSV (raw export or Mandiant folder_permissions)',
  detect,
  parse,
};
