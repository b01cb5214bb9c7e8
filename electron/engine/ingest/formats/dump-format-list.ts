/**
 * `Get-Mailbox | Format-List` and `Get-CASMailbox | Format-List` text, as Hawk writes them
 * (`Mailbox_Info_<user>.txt`, `CAS_Mailbox_Info_<user>.txt`, Hawk's only copy of these objects) and as
 * responders paste them: objects separated by blank lines, `Name : Value` lines with the names
 * padded to one column, long values wrapped onto indented continuation lines, collections shown as
 * `{a, b, c}`. Format-List cuts a collection after `$FormatEnumerationLimit` items (4 by default)
 * and ends it with `...}` (`…}` in PowerShell 7): the items shown are kept and the cut is recorded
 * as values lost. Each object goes through the same code as a Get-Mailbox or Get-CASMailbox CSV row,
 * chosen by the properties it has (a Get-EXOCasMailbox object without device ids by its
 * client-access switches).
 */
import { RowError } from '../audit-record.js';
import { readText } from '../decode.js';
import type { DetectedFormat, FormatParser, ParseContext } from '../format.js';
import type { Sniff } from '../sniff.js';
import { casMailboxEntries } from './dump-cas-mailbox.js';
import {
  AliasRecorder,
  mailboxOf,
  NoteCounter,
  permissionEntry,
  PROTOCOL_PROPERTIES,
  type DumpRow,
  type DumpRowTools,
} from './dump-common.js';
import { ChangeDateDeciders } from './dump-dates.js';
import { mailboxEntries } from './dump-mailbox.js';

const PROPERTY = /^([A-Za-z][\w.-]*)\s*: ?(.*)$/;
const MAILBOX_KEYS = ['PrimarySmtpAddress', 'UserPrincipalName', 'Identity', 'Name', 'DisplayName'];
const CUT_COLLECTIONS = ['GrantSendOnBehalfTo', 'ActiveSyncAllowedDeviceIDs', 'ActiveSyncBlockedDeviceIDs'];
const CUT_RIGHTS: Record<string, string[]> = {
  ActiveSyncAllowedDeviceIDs: ['ActiveSyncAllowedDeviceID'],
  ActiveSyncBlockedDeviceIDs: ['ActiveSyncBlockedDeviceID'],
};
/** Windows PowerShell ends a cut collection with `...}`, PowerShell 7 with `…}`. */
const CUT_END = /(?:\.\.\.|…)\}$/;
const DELEGATION_PROPERTIES = ['GrantSendOnBehalfTo', 'ForwardingSmtpAddress', 'ForwardingAddress'];

function detect(s: Sniff): DetectedFormat | null {
  if (s.kind !== 'text') return null;
  const lines = (s.lines ?? []).filter((l) => l.trim() !== '');
  if (lines.length < 3 || !lines.slice(0, 3).every((l) => PROPERTY.test(l) && /\s:/.test(l))) return null;
  return {
    format: 'format-list-mailbox-txt',
    label: 'Format-List text of Get-Mailbox / Get-CASMailbox (Hawk Mailbox_Info_*.txt, CAS_Mailbox_Info_*.txt)',
    notes: [],
  };
}

interface ListRecord {
  line: number;
  values: Map<string, string>;
}

/** Streams Format-List text as records: blank lines end one, indented lines continue a value. */
class FormatListReader {
  private pending = '';
  private lineNo = 0;
  private current: ListRecord | null = null;
  private lastName: string | null = null;

  constructor(private readonly onRecord: (r: ListRecord) => void) {}

  push(text: string): void {
    const lines = (this.pending + text).split(/\r\n|\n|\r/);
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  end(): void {
    if (this.pending !== '') this.line(this.pending);
    this.pending = '';
    this.flush();
  }

  private line(text: string): void {
    this.lineNo++;
    if (text.trim() === '') {
      this.flush();
      return;
    }
    const m = /^\s/.test(text) ? null : PROPERTY.exec(text);
    if (m) {
      this.current ??= { line: this.lineNo, values: new Map() };
      this.lastName = m[1]!;
      this.current.values.set(this.lastName, m[2]!);
    } else if (this.current && this.lastName) {
      // A wrapped value continues at the value column (a space at the wrap stays on the line before).
      this.current.values.set(this.lastName, this.current.values.get(this.lastName)! + text.replace(/^\s+/, ''));
    }
  }

  private flush(): void {
    if (this.current) {
      for (const [name, value] of this.current.values) this.current.values.set(name, value.trim());
      this.onRecord(this.current);
    }
    this.current = null;
    this.lastName = null;
  }
}

function asRow(rec: ListRecord, row: number): DumpRow {
  const lower = new Map([...rec.values].map(([k, v]) => [k.toLowerCase(), v] as const));
  return {
    row,
    line: rec.line,
    get: (name) => lower.get(name.toLowerCase()),
    record: () => Object.fromEntries(rec.values),
  };
}

async function readFormatList(ctx: ParseContext, onRecord: (r: ListRecord) => void): Promise<void> {
  let count = 0;
  const reader = new FormatListReader((r) => {
    count++;
    onRecord(r);
  });
  for await (const chunk of readText(ctx.path, ctx.encoding)) {
    reader.push(chunk.text);
    ctx.progress(chunk.bytesRead, count);
  }
  reader.end();
}

async function parse(ctx: ParseContext): Promise<void> {
  const { sink } = ctx;
  const tools: DumpRowTools = { sink, aliases: new AliasRecorder(sink), notes: new NoteCounter() };
  // First pass: WhenChangedUTC's and WhenChanged's day/month order, decided from every object.
  const deciders = new ChangeDateDeciders();
  await readFormatList({ ...ctx, progress: () => undefined }, (r) => deciders.observe(asRow(r, 0)));
  const orders = deciders.decide(sink);

  let row = 0;
  await readFormatList(ctx, (rec) => {
    row++;
    const cut = new Set<string>();
    for (const name of CUT_COLLECTIONS) {
      const v = rec.values.get(name);
      if (v && CUT_END.test(v)) {
        rec.values.set(name, v.replace(CUT_END, '}'));
        cut.add(name);
      }
    }
    const r = asRow(rec, row);
    try {
      const has = (names: readonly string[]) => names.some((n) => r.get(n) !== undefined);
      // A CAS object without device ids (Get-EXOCasMailbox's default set) still has EmailAddresses.
      if (has(['ActiveSyncAllowedDeviceIDs', 'ActiveSyncBlockedDeviceIDs'])) casMailboxEntries(r, orders, tools);
      else if (has(DELEGATION_PROPERTIES)) mailboxEntries(r, orders.utc, tools);
      else if (has(PROTOCOL_PROPERTIES)) casMailboxEntries(r, orders, tools);
      else if (has(['EmailAddresses'])) mailboxEntries(r, orders.utc, tools);
      else {
        tools.notes.add(
          'objects are neither mailboxes nor CAS mailboxes ' +
            '(no GrantSendOnBehalfTo, forwarding, EmailAddresses or client-access property): not imported',
          [...rec.values.keys()][0],
        );
        return;
      }
      for (const name of cut) {
        const mailbox = mailboxOf(r, MAILBOX_KEYS);
        tools.notes.add(
          `objects have ${name} cut by Format-List after $FormatEnumerationLimit items ("...}" or "…}"): ` +
            'the items shown are kept, the rest were lost at export time',
          mailbox,
        );
        const kind = name === 'GrantSendOnBehalfTo' ? 'send-on-behalf' : 'activesync-device';
        sink.permission(
          row,
          rec.line,
          permissionEntry(kind, mailbox, null, r.record(), {
            rights: CUT_RIGHTS[name] ?? [],
            valuesLost: true,
            deny: name === 'ActiveSyncBlockedDeviceIDs',
          }),
        );
      }
    } catch (err) {
      if (!(err instanceof RowError)) throw err;
      sink.reject(row, rec.line, err.message, JSON.stringify(r.record()));
    }
  });
  tools.notes.flush(sink);
}

export const formatListMailboxParser: FormatParser = {
  family: 'Format-List text of Get-Mailbox / Get-CASMailbox (Hawk Mailbox_Info_*.txt, CAS_Mailbox_Info_*.txt)',
  detect,
  parse,
};
