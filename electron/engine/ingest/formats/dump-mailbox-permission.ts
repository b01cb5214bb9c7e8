/**
 * Get-MailboxPermission / Get-EXOMailboxPermission exported to CSV: the raw export (AccessRights
 * leaked as a type name, UserSid/IsValid/ObjectState columns) and CrowdStrike CRT's
 * FullAccessPerms.csv / AnyAssignedPerms.csv (exact six-column header; a string for one right,
 * `System.Object[]` for several). One permission entry per row. Default entries
 * (NT AUTHORITY\SELF, inherited admin groups, orphaned SIDs) are kept: analysis filters them.
 */
import { RowError } from '../audit-record.js';
import { readCsvTable } from '../csv-table.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import { normalizeIdentity } from '../../records/identity.js';
import type { Sniff } from '../sniff.js';
import {
  AliasRecorder,
  bool,
  csvFormat,
  hasAny,
  hasColumns,
  NoteCounter,
  permissionEntry,
  splitTokens,
} from './dump-common.js';

const CRT_HEADER = 'identity,user,accessrights,isinherited,deny,inheritancetype';

function detect(s: Sniff): DetectedFormat | null {
  if (!hasColumns(s, 'identity', 'user', 'accessrights')) return null;
  // Trustee = recipient permission; FolderName = folder permission; ExtendedRights = AD ACEs.
  if (hasAny(s, 'trustee', 'foldername', 'extendedrights', 'fullaccessusers')) return null;
  if (s.columns.join(',') === CRT_HEADER)
    return csvFormat(
      s,
      'crt-mailbox-permission-csv',
      'CrowdStrike CRT mailbox permissions (FullAccessPerms / AnyAssignedPerms CSV)',
    );
  return csvFormat(s, 'mailbox-permission-csv', 'Get-MailboxPermission CSV export');
}

async function parse(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  const aliases = new AliasRecorder(sink);
  const notes = new NoteCounter();
  await readCsvTable(ctx, (r) => {
    const raw = r.record();
    const mailbox = normalizeIdentity(r.get('Identity'));
    if (!mailbox) throw new RowError('no mailbox (Identity is empty)');
    const trustee = normalizeIdentity(r.get('User'));
    if (!trustee) throw new RowError('no trustee (User is empty)');
    const rights = splitTokens(r.get('AccessRights'));
    if (rights.valuesLost)
      notes.add(
        'rows have AccessRights written as a .NET type name: rights unknown (values lost at export time)',
        r.get('AccessRights')?.trim(),
      );
    else if (rights.values.length === 0) throw new RowError('AccessRights is empty');
    // The SID column ties the trustee's name to its SID (orphaned trustees are SIDs already).
    aliases.add(trustee, r.get('UserSid'));
    sink.permission(
      r.row,
      r.line,
      permissionEntry('mailbox', mailbox, trustee, raw, {
        rights: rights.values,
        valuesLost: rights.valuesLost,
        inherited: bool(r.get('IsInherited')),
        deny: bool(r.get('Deny')),
      }),
    );
  });
  notes.flush(sink);
}

export const mailboxPermissionParser: FormatParser = {
  family: 'Get-MailboxPermission CSV (raw export or CrowdStrike CRT FullAccessPerms/AnyAssignedPerms)',
  detect,
  parse,
};
