/**
 * Get-Mailbox / Get-EXOMailbox exported to CSV, Hawk's forwarding report and CrowdStrike CRT's
 * MailForwardingRules.csv (send-on-behalf delegates and forwarding are properties of the mailbox).
 * Per mailbox row:
 * - GrantSendOnBehalfTo -> one `send-on-behalf` entry per delegate (a leaked type name gives one
 *   entry with no trustee and `valuesLost`);
 * - ForwardingSmtpAddress (`smtp:` dropped) and ForwardingAddress -> `forwarding` entries;
 * - every other name of the mailbox (display name, alias, UPN, DN, GUIDs, smtp proxy addresses)
 *   -> an alias of its primary SMTP address, which is how later evidence gets resolved.
 * WhenChangedUTC is culture-formatted UTC, decided per file from all its values.
 */
import { decideDateOrder, readCsvTable } from '../csv-table.js';
import { parseCultureDate, type DateOrder } from '../culture-dates.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import { normalizeIdentity } from '../../records/identity.js';
import type { Sniff } from '../sniff.js';
import { toIso } from '../time.js';
import {
  AliasRecorder,
  csvFormat,
  hasAny,
  mailboxOf,
  NoteCounter,
  isCasHeader,
  permissionEntry,
  proxySmtpAddresses,
  splitIdentities,
  type DumpRow,
  type DumpRowTools,
} from './dump-common.js';

const HAWK_HEADER =
  'displayname,userprincipalname,primarysmtpaddress,forwardingsmtpaddress,forwardingaddress,delivertomailboxandforward,whenchangedutc';
const CRT_HEADER = 'name,forwardingaddress,forwardingsmtpaddress,delivertomailboxandforward';
/** Columns that name the mailbox, best first (the first non-empty one is its key). */
const KEY_COLUMNS = [
  'PrimarySmtpAddress',
  'UserPrincipalName',
  'WindowsEmailAddress',
  'Identity',
  'Name',
  'Alias',
  'DisplayName',
];
/** Other names of the same mailbox, recorded as aliases. */
const ALIAS_COLUMNS = [
  'UserPrincipalName',
  'DisplayName',
  'Alias',
  'Name',
  'Identity',
  'DistinguishedName',
  'LegacyExchangeDN',
  'ExchangeGuid',
  'Guid',
  'ExternalDirectoryObjectId',
  'WindowsEmailAddress',
  'SamAccountName',
];

function detect(s: Sniff): DetectedFormat | null {
  if (s.kind !== 'csv') return null;
  // Permission dumps and CAS dumps have their own parsers.
  if (hasAny(s, 'accessrights', 'fullaccessusers', 'activesyncalloweddeviceids', 'activesyncblockeddeviceids'))
    return null;
  const delegation = hasAny(s, 'grantsendonbehalfto', 'forwardingsmtpaddress', 'forwardingaddress');
  if (delegation && !hasAny(s, ...KEY_COLUMNS.map((c) => c.toLowerCase()))) return null;
  // Client-access switches without delegation columns: a CAS dump (its own parser), not a mailbox list.
  if (!delegation && isCasHeader(s)) return null;
  // A mailbox list without delegation columns still teaches aliases, but only a header carrying
  // mailbox-only properties beside PrimarySmtpAddress is taken for one.
  const mailboxList =
    s.columns.includes('primarysmtpaddress') &&
    hasAny(s, 'legacyexchangedn', 'emailaddresses', 'exchangeguid', 'recipienttypedetails');
  if (!delegation && !mailboxList) return null;
  const header = s.columns.join(',');
  if (header === HAWK_HEADER) return csvFormat(s, 'hawk-forwarding-report-csv', 'Hawk mailbox forwarding report CSV');
  if (header === CRT_HEADER) return csvFormat(s, 'crt-mail-forwarding-csv', 'CrowdStrike CRT MailForwardingRules CSV');
  return csvFormat(s, 'get-mailbox-csv', 'Get-Mailbox CSV export (send-on-behalf, forwarding, aliases)');
}

async function decideWhenChanged(ctx: ParseContext): Promise<DateOrder | null> {
  if (ctx.sniff.kind !== 'csv' || !ctx.sniff.columns.includes('whenchangedutc')) return null;
  return decideDateOrder(ctx, 'WhenChangedUTC');
}

async function parse(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  const order = await decideWhenChanged(ctx);
  const aliases = new AliasRecorder(sink);
  const notes = new NoteCounter();
  await readCsvTable(ctx, (r) => mailboxEntries(r, order, { sink, aliases, notes }));
  notes.flush(sink);
}

/** One Get-Mailbox object (a CSV row or a Format-List record): its aliases and delegation entries. */
export function mailboxEntries(r: DumpRow, order: DateOrder | null, { sink, aliases, notes }: DumpRowTools): void {
  const raw = r.record();
  const mailbox = mailboxOf(r, KEY_COLUMNS);
  for (const c of ALIAS_COLUMNS) aliases.add(mailbox, normalizeIdentity(r.get(c)));
  for (const smtp of proxySmtpAddresses(r.get('EmailAddresses'))) aliases.add(mailbox, smtp);

  let observedAt: string | null = null;
  const changed = r.get('WhenChangedUTC')?.trim();
  if (changed) {
    const ms = parseCultureDate(changed, order ?? 'MDY');
    if (ms === null) notes.add('rows have an unreadable WhenChangedUTC (entries kept without a time)', changed);
    else observedAt = toIso(ms);
  }

  let entries = 0;
  const sob = splitIdentities(r.get('GrantSendOnBehalfTo'));
  if (sob.valuesLost) {
    notes.add(
      'rows have GrantSendOnBehalfTo written as a .NET type name: delegates unknown (values lost at export time)',
      mailbox,
    );
    sink.permission(
      r.row,
      r.line,
      permissionEntry('send-on-behalf', mailbox, null, raw, { valuesLost: true, observedAt }),
    );
    entries++;
  }
  for (const delegate of sob.values) {
    sink.permission(
      r.row,
      r.line,
      permissionEntry('send-on-behalf', mailbox, normalizeIdentity(delegate), raw, { observedAt }),
    );
    entries++;
  }
  // ForwardingSmtpAddress is a free SMTP address; ForwardingAddress an internal recipient identity.
  for (const column of ['ForwardingSmtpAddress', 'ForwardingAddress']) {
    const target = normalizeIdentity(r.get(column));
    if (!target) continue;
    sink.permission(r.row, r.line, permissionEntry('forwarding', mailbox, target, raw, { observedAt }));
    entries++;
  }
  if (entries === 0)
    notes.add('mailboxes have no send-on-behalf delegate and no forwarding (only their aliases were recorded)');
}

export const mailboxParser: FormatParser = {
  family: 'Get-Mailbox CSV / Hawk forwarding report / CRT MailForwardingRules (send-on-behalf, forwarding, aliases)',
  detect,
  parse,
};
