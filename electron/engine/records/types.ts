/**
 * The records every evidence format is normalized into: audit records, permission and
 * configuration entries from dumps, message-trace rows and inbox rules. The bottom of the engine:
 * parsers produce these, the store writes them, analysis reads them back.
 */

/** One unified-audit-log record (see ingest/audit-record.ts for how AuditData becomes one). */
export interface NormalizedAuditEvent {
  recordId: string;
  /** ISO-8601 UTC. */
  time: string;
  recordType: number | null;
  workload: string | null;
  operation: string;
  resultStatus: string | null;
  actor: string | null;
  userType: number | null;
  /** The object acted on: the mailbox for mailbox records, the cmdlet's Identity for admin ones. */
  target: string | null;
  clientIp: string | null;
  /** Parameters[] as Name -> Value (names as written; compare case-insensitively). */
  parameters: Record<string, string>;
  /** AuditData exactly as it stood in the source. */
  raw: string;
}

/**
 * What a permission entry grants.
 * - `mailbox`: Get-MailboxPermission rights (FullAccess, ReadPermission, ChangePermission, ChangeOwner, DeleteItem,
 *   ExternalAccount)
 * - `send-as`: Get-RecipientPermission / Get-ADPermission Send-As
 * - `send-on-behalf`: Get-Mailbox GrantSendOnBehalfTo
 * - `folder`: Get-MailboxFolderPermission (trustee may be `Default` or `Anonymous`)
 * - `forwarding`: Get-Mailbox ForwardingSmtpAddress / ForwardingAddress (trustee = destination)
 * - `activesync-device`: Get-CASMailbox ActiveSyncAllowedDeviceIDs (trustee = device id)
 * - `app-role`: application permission of a service principal (mailbox = resource, e.g. "Microsoft Graph";
 *   trustee = app)
 * - `delegated-grant`: OAuth2 delegated grant (trustee = app; mailbox = the consenting principal or "AllPrincipals")
 * - `impersonation`: ApplicationImpersonation role holder (mailbox = "*")
 * - `transport-rule`: an Exchange mail flow (transport) rule from a Get-TransportRule dump. One entry
 *   per destination a recipient action sends copies or the message to (trustee = the address,
 *   rights = [the action: RedirectMessageTo, BlindCopyTo, CopyTo, AddToRecipients, …]), or one
 *   entry with trustee null for a rule without such an action. mailbox = "*" (the rule applies to
 *   the organisation's mail flow; its conditions stay in raw), folder = the rule's name,
 *   observedAt = its WhenChanged. Its State, Mode, Priority, ActivationDate, ExpiryDate,
 *   CreatedBy / LastModifiedBy stay in raw under the export's column names.
 */
export type PermissionKind =
  | 'mailbox'
  | 'send-as'
  | 'send-on-behalf'
  | 'folder'
  | 'forwarding'
  | 'activesync-device'
  | 'app-role'
  | 'delegated-grant'
  | 'impersonation'
  | 'transport-rule';

export interface NormalizedPermission {
  kind: PermissionKind;
  /** The mailbox (or resource) the entry is about, normalized (lowercase SMTP where known). */
  mailbox: string;
  /** Who holds the access; null when the export lost it. */
  trustee: string | null;
  /** Rights as written but split into single names, e.g. ['FullAccess', 'ReadPermission']. */
  rights: string[];
  folder: string | null;
  inherited: boolean | null;
  deny: boolean | null;
  /** The export wrote a .NET type name (System.Object[] …) instead of the values: rights unknown. */
  valuesLost: boolean;
  /** When the source says this state held (ISO UTC), when it says so. */
  observedAt: string | null;
  /** The source record, column name -> value, kept verbatim. */
  raw: Record<string, string>;
}

export interface NormalizedMessage {
  /** ISO UTC. */
  time: string;
  sender: string | null;
  recipient: string | null;
  subject: string | null;
  /** Delivery status or tracking event (Delivered, Failed, RECEIVE, SEND, …). */
  status: string | null;
  messageId: string | null;
  traceId: string | null;
  size: number | null;
  direction: string | null;
  clientIp: string | null;
  raw: Record<string, string>;
}

export interface NormalizedInboxRule {
  mailbox: string;
  name: string | null;
  enabled: boolean | null;
  forwardTo: string | null;
  forwardAsAttachmentTo: string | null;
  redirectTo: string | null;
  deleteMessage: boolean | null;
  moveToFolder: string | null;
  markAsRead: boolean | null;
  /** Condition fields that were set (SubjectContainsWords, From, …). */
  conditions: Record<string, string>;
  raw: Record<string, string>;
}
