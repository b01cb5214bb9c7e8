/**
 * Exchange mail flow (transport) rule dumps: Microsoft-Extractor-Suite Get-TransportRules (5 columns,
 * and 7 with Priority and Mode since v4), CrowdStrike CRT MailTransportRules.csv, and a full-property
 * `Get-TransportRule | Export-Csv` (Hawk's Tenant\TransportRules.csv). A rule that copies or sends
 * mail elsewhere is delegation of the organisation's mail flow, so each rule becomes `transport-rule`
 * entries: one per destination of each recipient action (trustee = the address, rights = [the
 * action]), or one with no trustee so the dump's inventory of rules stays complete. The full dump
 * has a column per action; the Extractor-Suite file has only the rule's Description, read by
 * dump-transport-description.ts; CRT's has neither (only the actions' class names, when not lost).
 * State, Mode, Priority, the dates and who changed the rule stay in raw as written.
 */
import { RowError } from '../audit-record.js';
import { readCsvTable, type CsvRow } from '../csv-table.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import { isTypeNameLeak } from '../type-names.js';
import type { Sniff } from '../sniff.js';
import {
  AliasRecorder,
  cell,
  csvFormat,
  hasAny,
  hasColumns,
  NoteCounter,
  permissionEntry,
  type CsvSniff,
  type DumpRowTools,
} from './dump-common.js';
import { changedAt, decideChangeDates, type ChangeDateOrders } from './dump-dates.js';
import { readRecipients } from './dump-recipients.js';
import { RECIPIENT_ACTIONS } from '../../exchange/transport-rules.js';
import { describedActions, type DescribedActions } from './dump-transport-description.js';

/** Rule action class names (CRT's Actions column) -> the action, for the recipient actions. */
const ACTION_CLASSES: Array<[RegExp, string]> = [
  [/BlindCopyTo/i, 'BlindCopyTo'],
  [/RedirectMessage/i, 'RedirectMessageTo'],
  [/(?<!Blind)CopyTo/i, 'CopyTo'],
  [/AddToRecipient/i, 'AddToRecipients'],
  [/ModerateMessageByUser/i, 'ModerateMessageByUser'],
  [/GenerateIncidentReport/i, 'GenerateIncidentReport'],
];

const EXTRACTOR_OLD = ['name', 'description', 'createdby', 'whenchanged', 'state'];
const EXTRACTOR_V4 = [...EXTRACTOR_OLD, 'priority', 'mode'];
const CRT = [
  'name',
  'isvalid',
  'whenchanged',
  'lastmodifiedby',
  'activationdate',
  'expirydate',
  'mode',
  'state',
  'actions',
];
/** Properties only a transport rule has, any one of which marks a full-property dump. */
const RULE_ONLY = ['ruleversion', 'ruleerroraction', 'senderaddresslocation', 'rulesubtype', 'dlppolicy'];

/** The header is exactly these columns, in any order (tool layouts are fixed `Select-Object` lists). */
const exactly = (s: CsvSniff, columns: string[]): boolean =>
  s.columns.length === columns.length && hasColumns(s, ...columns);

function detect(s: Sniff): DetectedFormat | null {
  if (s.kind !== 'csv' || !hasColumns(s, 'name', 'state')) return null;
  if (exactly(s, EXTRACTOR_V4))
    return csvFormat(s, 'extractor-transport-rules-csv', 'Microsoft-Extractor-Suite transport rules CSV (v4)');
  if (exactly(s, EXTRACTOR_OLD))
    return csvFormat(s, 'extractor-transport-rules-csv', 'Microsoft-Extractor-Suite transport rules CSV (before v4)', [
      'layout before v4: no Priority or Mode column',
    ]);
  if (exactly(s, CRT))
    return csvFormat(s, 'crt-transport-rules-csv', 'CrowdStrike CRT MailTransportRules CSV', [
      'CRT writes no recipients of a rule (only its action types, often lost to a type name): ' +
        'destinations are in Reports\\json\\MailTransportRules.json or a full-property dump',
    ]);
  const actionColumns = RECIPIENT_ACTIONS.map((a) => a.toLowerCase());
  if (hasAny(s, 'mode', 'priority') && (hasAny(s, ...actionColumns) || hasAny(s, ...RULE_ONLY)))
    return csvFormat(
      s,
      'transport-rule-csv',
      'Get-TransportRule CSV export (full properties, Hawk TransportRules.csv)',
    );
  return null;
}

interface RuleEntry {
  trustee: string | null;
  rights: string[];
  valuesLost: boolean;
}

/** What a rule's recipient columns say; lost columns fall back on the Description's addresses. */
function fromColumns(r: CsvRow, columns: string[], tools: DumpRowTools): RuleEntry[] {
  const out: RuleEntry[] = [];
  const lost: string[] = [];
  for (const action of columns) {
    const list = readRecipients(r.get(action));
    if (list.valuesLost) lost.push(action);
    for (const x of list.recipients) {
      if (x.type === 'SMTP' && !x.address.includes('*')) tools.aliases.add(x.address, x.display);
      out.push({ trustee: x.address, rights: [action], valuesLost: false });
    }
  }
  if (lost.length === 0) return out;
  const described = describedActions(r.get('Description'));
  noteDescription(described, tools, r.get('Name'));
  for (const action of lost) {
    tools.notes.add(
      `rules have ${action} written as a .NET type name (values lost at export time); ` +
        'its destinations are taken from the Description where it names them',
      r.get('Name'),
    );
    const named = described.recipients.filter((d) => d.action === action);
    for (const d of named) out.push({ trustee: d.address, rights: [action], valuesLost: false });
    if (named.length === 0) out.push({ trustee: null, rights: [action], valuesLost: true });
  }
  // Addresses whose wording is not known may belong to a lost column: keep them, as described.
  for (const d of described.recipients)
    if (d.action === 'DescribedAction') out.push({ trustee: d.address, rights: [d.action], valuesLost: false });
  return out;
}

function fromDescription(r: CsvRow, tools: DumpRowTools): RuleEntry[] {
  const described = describedActions(r.get('Description'));
  noteDescription(described, tools, r.get('Name'));
  if (described.recipients.length > 0)
    tools.notes.add('rules have recipients read from their Description (this export has no recipient columns)');
  return described.recipients.map((d) => ({ trustee: d.address, rights: [d.action], valuesLost: false }));
}

function noteDescription(d: DescribedActions, { notes }: DumpRowTools, rule?: string): void {
  if (d.truncated)
    notes.add(
      'rules have a recipient list that Exchange cut in the Description ("and..." / "or..."): ' +
        'the full list is only in the audit log or a full-property dump',
      rule,
    );
  if (d.unstructured)
    notes.add(
      'rules have a Description whose action section cannot be told apart (no section headings, or two ' +
        'headings not in English): recipients not read from it, kept in raw',
      rule,
    );
}

/** CRT's Actions: class names of the rule's actions, or a type name when the list was lost. */
function fromActionClasses(r: CsvRow, tools: DumpRowTools): RuleEntry[] {
  const actions = r.get('Actions')?.trim() ?? '';
  if (isTypeNameLeak(actions)) {
    tools.notes.add(
      'rules have Actions written as a .NET type name: what they do is unknown (values lost at export time)',
      r.get('Name'),
    );
    return [{ trustee: null, rights: [], valuesLost: true }];
  }
  const found = new Set<string>();
  for (const name of actions.split(/[\s;,]+/))
    for (const [re, action] of ACTION_CLASSES) if (re.test(name)) found.add(action);
  if (found.size > 0)
    tools.notes.add('rules have a recipient action whose destinations this export does not hold', r.get('Name'));
  return [...found].map((action) => ({ trustee: null, rights: [action], valuesLost: false }));
}

async function parse(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  const tools: DumpRowTools = { sink, aliases: new AliasRecorder(sink), notes: new NoteCounter() };
  const orders: ChangeDateOrders = await decideChangeDates(ctx);
  const header = ctx.sniff.kind === 'csv' ? ctx.sniff.header : [];
  const actionColumns = RECIPIENT_ACTIONS.filter((a) => header.some((h) => h.toLowerCase() === a.toLowerCase()));
  const hasDescription = header.some((h) => h.toLowerCase() === 'description');
  const hasActionClasses = header.some((h) => h.toLowerCase() === 'actions');

  await readCsvTable(ctx, (r) => {
    const name = cell(r.get('Name'));
    if (!name) throw new RowError('no rule name (Name is empty)');
    const entries =
      actionColumns.length > 0
        ? fromColumns(r, actionColumns, tools)
        : hasDescription
          ? fromDescription(r, tools)
          : hasActionClasses
            ? fromActionClasses(r, tools)
            : [];
    // A rule with no recipient action is still listed, so the dump's inventory of rules is complete.
    if (entries.length === 0) entries.push({ trustee: null, rights: [], valuesLost: false });
    const observedAt = changedAt(r, orders, tools.notes);
    const raw = r.record();
    for (const e of entries)
      sink.permission(
        r.row,
        r.line,
        permissionEntry('transport-rule', '*', e.trustee, raw, {
          rights: e.rights,
          folder: name,
          valuesLost: e.valuesLost,
          observedAt,
        }),
      );
  });
  tools.notes.flush(sink);
}

export const transportRulesParser: FormatParser = {
  family:
    'Transport rule dump CSV ' +
    '(Microsoft-Extractor-Suite TransportRules, CRT MailTransportRules, Get-TransportRule export)',
  detect,
  parse,
};
