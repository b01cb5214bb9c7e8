/**
 * Inbox-rule dumps: Microsoft-Extractor-Suite Get-MailboxRules (MailboxRules.csv: UserName,
 * RuleName, RuleIdentity, …, a multi-line Description; before v4 eight columns with RuleEnabled,
 * CopytoFolder, MovetoFolder and TextDescription) and a plain `Get-InboxRule | Export-Csv`
 * (MailboxOwnerId, Name, Identity `<mailbox>\<RuleIdentity>`, …; Hawk's InboxRules_<alias>.csv and
 * _Investigate_InboxRules_<alias>.csv, Description flattened to one line). Columns are read by name,
 * case-insensitively; the stored raw record keeps every column as written (RuleIdentity is an
 * unsigned 64-bit number, so it stays text). The mailbox owner is kept as written when it is a name
 * or alias (analysis resolves it). Recipient cells are read by dump-recipients.ts: the SMTP address
 * is taken where present; an EX entry keeps its legacy DN as written (resolvable only through a
 * mailbox dump that lists LegacyExchangeDN, never guessed from the display name).
 */
import { readCsvTable } from '../csv-table.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import { normalizeIdentity } from '../../records/identity.js';
import { isTypeNameLeak } from '../type-names.js';
import type { Sniff } from '../sniff.js';
import { AliasRecorder, bool, cell, csvFormat, hasAny, hasColumns, NoteCounter } from './dump-common.js';
import { readRecipients } from './dump-recipients.js';

/** Get-InboxRule condition properties; any `ExceptIf…` column is an exception condition too. */
const CONDITION_COLUMNS = [
  'From',
  'FromAddressContainsWords',
  'SentTo',
  'SubjectContainsWords',
  'SubjectOrBodyContainsWords',
  'BodyContainsWords',
  'HeaderContainsWords',
  'RecipientAddressContainsWords',
  'HasAttachment',
  'MyNameInToBox',
  'MyNameInCcBox',
  'MyNameInToOrCcBox',
  'MyNameNotInToBox',
  'SentOnlyToMe',
  'FlaggedForAction',
  'FromSubscription',
  'HasClassification',
  'MessageTypeMatches',
  'WithImportance',
  'WithSensitivity',
  'WithinSizeRangeMinimum',
  'WithinSizeRangeMaximum',
  'ReceivedAfterDate',
  'ReceivedBeforeDate',
];

function detect(s: Sniff): DetectedFormat | null {
  if (!hasColumns(s, 'forwardto', 'redirectto')) return null;
  if (hasColumns(s, 'username', 'rulename'))
    return csvFormat(
      s,
      'extractor-mailbox-rules-csv',
      'Microsoft-Extractor-Suite mailbox rules CSV',
      // The layout before v4 selected eight properties; what else a rule does is only in its text.
      hasColumns(s, 'ruleenabled') && !hasAny(s, 'ruleidentity', 'deletemessage')
        ? [
            'layout before v4 (RuleEnabled, TextDescription): no RuleIdentity, condition, delete or mark-as-read ' +
              'columns; those are only in TextDescription, kept in raw',
          ]
        : [],
    );
  if (hasColumns(s, 'mailboxownerid', 'name') && hasAny(s, 'ruleidentity', 'identity'))
    return csvFormat(s, 'inbox-rule-csv', 'Get-InboxRule CSV export');
  return null;
}

interface Recipients {
  value: string | null;
  lost: boolean;
}

async function parse(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  const aliases = new AliasRecorder(sink);
  const notes = new NoteCounter();
  const header = ctx.sniff.kind === 'csv' ? ctx.sniff.header : [];
  const conditionColumns = header.filter(
    (h) => CONDITION_COLUMNS.some((c) => c.toLowerCase() === h.toLowerCase()) || /^exceptif/i.test(h),
  );

  /** The addresses of a recipient cell joined with `; ` (SMTP lowercased, EX legacy DN as written). */
  function recipients(value: string | undefined, column: string): Recipients {
    const list = readRecipients(value);
    if (list.valuesLost) {
      notes.add(
        `rules have ${column} written as a .NET type name: ` +
          'recipients unknown (values lost at export time); kept as written',
      );
      return { value: value!.trim(), lost: true };
    }
    if (list.recipients.length === 0) return { value: null, lost: false };
    for (const x of list.recipients) {
      if (x.type === 'SMTP' && !x.address.includes('*'))
        aliases.add(x.address, x.display?.toLowerCase() === x.address ? null : x.display);
      else if (x.type !== 'SMTP' && x.type !== null)
        notes.add(
          `rule recipients are given only as a directory entry (${x.type}:), kept as written`,
          x.display ?? x.address,
        );
    }
    return { value: list.recipients.map((x) => x.address).join('; '), lost: false };
  }

  await readCsvTable(ctx, (r) => {
    const raw = r.record();
    const ownerCell = r.get('UserName') ?? r.get('MailboxOwnerId');
    let mailbox = normalizeIdentity(ownerCell);
    // Get-InboxRule's Identity is `<owner>\<rule id>`: the owner part names the mailbox.
    if (!mailbox) {
      const identity = r.get('Identity') ?? '';
      const cut = identity.lastIndexOf('\\');
      mailbox = cut > 0 ? normalizeIdentity(identity.slice(0, cut)) : null;
    }
    if (!mailbox) {
      sink.reject(r.row, r.line, 'no mailbox (UserName / MailboxOwnerId is empty)', r.source());
      return;
    }
    const conditions: Record<string, string> = {};
    for (const h of conditionColumns) {
      const v = r.get(h)?.trim();
      if (!v || v.toLowerCase() === 'false') continue;
      conditions[h] = v;
      if (isTypeNameLeak(v))
        notes.add(`rules have ${h} written as a .NET type name: the condition's values are unknown (kept as written)`);
    }
    const hard = bool(r.get('DeleteMessage'));
    const soft = bool(r.get('SoftDeleteMessage'));
    sink.inboxRule(r.row, r.line, {
      mailbox,
      name: cell(r.get('RuleName') ?? r.get('Name')),
      // `RuleEnabled` in Extractor-Suite's layout before v4.
      enabled: bool(r.get('Enabled') ?? r.get('RuleEnabled')),
      forwardTo: recipients(r.get('ForwardTo'), 'ForwardTo').value,
      forwardAsAttachmentTo: recipients(r.get('ForwardAsAttachmentTo'), 'ForwardAsAttachmentTo').value,
      redirectTo: recipients(r.get('RedirectTo'), 'RedirectTo').value,
      // A soft delete (to Deleted Items, hidden from the user's inbox view) hides mail the same way.
      deleteMessage: hard === true || soft === true ? true : hard === null && soft === null ? null : false,
      moveToFolder: cell(r.get('MoveToFolder')),
      markAsRead: bool(r.get('MarkAsRead')),
      conditions,
      raw,
    });
  });
  notes.flush(sink);
}

export const inboxRulesParser: FormatParser = {
  family: 'Inbox rule dump CSV (Microsoft-Extractor-Suite MailboxRules, Get-InboxRule export)',
  detect,
  parse,
};
