/** What the generator produces before any container format is applied. */

export const RECORD_TYPE_NAMES: Readonly<Record<number, string>> = {
  1: 'ExchangeAdmin',
  2: 'ExchangeItem',
  3: 'ExchangeItemGroup',
  8: 'AzureActiveDirectory',
  14: 'SharePointSharingOperation',
  15: 'AzureActiveDirectoryStsLogon',
  50: 'ExchangeItemAggregated',
};

/** One unified-audit-log record: the AuditData object plus what wrappers repeat from it. */
export interface AuditRecord {
  /** Epoch ms, whole seconds (CreationTime has no fraction). */
  time: number;
  id: string;
  recordType: number;
  operation: string;
  userId: string;
  /** AuditData with keys in the service's order. */
  data: Record<string, unknown>;
  /** AuditData as the service serialises it (compact, `\/`, non-ASCII as \uXXXX). */
  json: string;
  /** Planted action this record shows, or null for baseline. */
  actionId: string | null;
}

export type DeliveryStatus = 'Delivered' | 'Failed' | 'FilteredAsSpam' | 'Quarantined' | 'Expanded';

/** One message as message trace sees it; trace formats expand it per recipient or per event. */
export interface MailMessage {
  time: number;
  sender: string;
  recipients: { address: string; status: DeliveryStatus }[];
  subject: string;
  size: number;
  /** `<...@...>` Internet Message-ID. */
  messageId: string;
  /** Network message id = MessageTraceId (GUID). */
  networkId: string;
  /** Client or sending-server address. */
  fromIp: string;
  /** Remote MX for outbound external mail, else ''. */
  toIp: string;
  direction: 'Originating' | 'Incoming';
  connector: string;
  actionId: string | null;
}

/** The record names of mailbox-side records in Exchange. */
export function recordTypeName(n: number): string {
  return RECORD_TYPE_NAMES[n] ?? String(n);
}

/** AuditData serialised the way the service writes it: `/` escaped as `\/`, non-ASCII as `\uXXXX`. */
export function serviceJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Where materialised records go (the writer fan-out). */
export interface EventSink {
  audit(record: AuditRecord): void;
  mail(message: MailMessage): void;
}

/** A benign but delegation-looking activity, listed in truth.json so detectors can be checked for false positives. */
export interface BenignNote {
  kind: string;
  actor: string;
  principals: string[];
  time: string;
  note: string;
}
