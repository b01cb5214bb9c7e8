/**
 * Get-RecipientPermission / Get-EXORecipientPermission exported to CSV (Send As is the only right
 * it lists), including CrowdStrike CRT's SendAsDelegates.csv. CRT appends the Get-EXOMailbox
 * objects of mailboxes that have GrantSendOnBehalfTo to the same file; under the Send-As header
 * only their Identity survives. Those rows are not permission entries and not errors: they are counted in a
 * note (the mailboxes have send-on-behalf delegates whose names the file does not hold).
 */
import { RowError } from '../audit-record.js';
import { readCsvTable } from '../csv-table.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import { normalizeIdentity } from '../../records/identity.js';
import type { Sniff } from '../sniff.js';
import {
  blank,
  bool,
  csvFormat,
  hasAny,
  hasColumns,
  NoteCounter,
  permissionEntry,
  splitTokens,
} from './dump-common.js';

function detect(s: Sniff): DetectedFormat | null {
  if (!hasColumns(s, 'identity', 'trustee', 'accessrights')) return null;
  if (hasAny(s, 'foldername', 'fullaccessusers')) return null;
  const crt = s.columns.join(',') === 'identity,trustee,accesscontroltype,accessrights,isinherited,inheritancetype';
  return crt
    ? csvFormat(s, 'crt-recipient-permission-csv', 'CrowdStrike CRT Send-As delegates (SendAsDelegates CSV)')
    : csvFormat(s, 'recipient-permission-csv', 'Get-RecipientPermission CSV export');
}

async function parse(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  const notes = new NoteCounter();
  await readCsvTable(ctx, (r) => {
    const raw = r.record();
    const mailbox = normalizeIdentity(r.get('Identity'));
    if (!mailbox) throw new RowError('no mailbox (Identity is empty)');
    const identityOnly = Object.entries(raw).every(([k, v]) => k.toLowerCase() === 'identity' || blank(v));
    if (identityOnly) {
      notes.add(
        'rows have only Identity filled: CRT appends mailboxes with GrantSendOnBehalfTo to this file, ' +
          'without the delegates (not permission entries)',
        mailbox,
      );
      return;
    }
    const trustee = normalizeIdentity(r.get('Trustee'));
    if (!trustee) throw new RowError('no trustee (Trustee is empty)');
    const rights = splitTokens(r.get('AccessRights'));
    if (rights.valuesLost)
      notes.add('rows have AccessRights written as a .NET type name: rights unknown (values lost at export time)');
    else if (rights.values.length === 0) throw new RowError('AccessRights is empty');
    const control = r.get('AccessControlType')?.trim().toLowerCase();
    sink.permission(
      r.row,
      r.line,
      permissionEntry('send-as', mailbox, trustee, raw, {
        rights: rights.values,
        valuesLost: rights.valuesLost,
        inherited: bool(r.get('IsInherited')),
        deny: control === 'deny' ? true : control === 'allow' ? false : null,
      }),
    );
  });
  notes.flush(sink);
}

export const recipientPermissionParser: FormatParser = {
  family: 'Get-RecipientPermission CSV (Send As; raw export or CrowdStrike CRT SendAsDelegates)',
  detect,
  parse,
};
