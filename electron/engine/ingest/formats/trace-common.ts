/**
 * Helpers shared by the message-trace parsers: culture-formatted UTC times (the per-file order comes
 * from csv-table's decideDateOrder), reading one row, and turning a tracking event whose recipient
 * fields pack several recipients (`a@x;b@y`) into one message row per recipient.
 */
import { parseCultureDate, type DateOrder } from '../culture-dates.js';
import { normalizeClientIp, normalizeIdentity } from '../../records/identity.js';
import type { NormalizedMessage } from '../../records/types.js';
import { toIso } from '../time.js';

/** A culture or ISO UTC timestamp to ISO, or null. */
export function cultureIso(value: string | undefined, order: DateOrder): string | null {
  if (!value || value.trim() === '') return null;
  const ms = parseCultureDate(value, order);
  return ms === null ? null : toIso(ms);
}

export function cellOrNull(value: string | undefined): string | null {
  const v = value?.trim();
  return v ? v : null;
}

export function sizeOrNull(value: string | undefined): number | null {
  const v = value?.trim();
  if (!v || !/^\d+$/.test(v)) return null;
  return Number(v);
}

/**
 * A tracking event (on-prem MSGTRK line or EAC extended-report row) as message rows, one per
 * recipient. `get` reads a field by its dash-form log name (`recipient-address`); callers map the
 * EAC's underscore names. The row's status is the event (RECEIVE, DELIVER, SEND…); the per-recipient
 * SMTP responses in recipient-status stay in the raw record.
 */
export function trackingEventMessages(
  get: (name: string) => string | undefined,
  time: string,
  raw: Record<string, string>,
): NormalizedMessage[] {
  const recipients = splitList(get('recipient-address'));
  const base: NormalizedMessage = {
    time,
    sender: normalizeIdentity(get('sender-address')),
    recipient: null,
    subject: cellOrNull(get('message-subject')),
    status: cellOrNull(get('event-id')),
    messageId: cellOrNull(get('message-id')),
    // 2007/2010 logs have no network-message-id: the writer then keys rows on message-id.
    traceId: cellOrNull(get('network-message-id')),
    size: sizeOrNull(get('total-bytes')),
    direction: cellOrNull(get('directionality')),
    clientIp: normalizeClientIp(get('original-client-ip')) ?? normalizeClientIp(get('client-ip')),
    raw,
  };
  if (recipients.length === 0) return [base];
  return recipients.map((r) => ({ ...base, recipient: normalizeIdentity(r) }));
}

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
