/**
 * One inbox rule as analysis sees it, whichever evidence shows it: a cmdlet record (New-InboxRule,
 * Set-InboxRule, Enable-/Disable-/Remove-InboxRule, from Outlook on the web or PowerShell), a
 * mailbox-audit `UpdateInboxRules` record (rules made in Outlook desktop or through MAPI/EWS, whose
 * rule lives in OperationProperties, not Parameters), or a row of an inbox-rule dump.
 */
import type { SourceRef } from '../../records/findings.js';

export type RuleOperation = 'create' | 'modify' | 'remove' | 'enable' | 'disable' | 'observed';

/** Where mail is sent by the rule and how: a copy (forward), as an attachment, or redirected. */
export interface RuleForward {
  to: string;
  how: 'ForwardTo' | 'ForwardAsAttachmentTo' | 'RedirectTo';
}

export interface InboxRuleView {
  ref: SourceRef;
  /** Identity of the source for stable finding ids (audit record id, or dump file row). */
  key: string;
  /** ISO UTC; null for a dump (a dump carries no rule times). */
  time: string | null;
  operation: RuleOperation;
  /** The mailbox the rule belongs to (its owner), never the rule object's directory path. */
  mailbox: string;
  /** How the owner was decided, for the examiner. */
  ownerBasis: string;
  /** Who made the change (null for a dump). */
  actor: string | null;
  clientIp: string | null;
  /** Made by someone other than the owner (another account, or a delegate logon). */
  byOther: boolean;
  /** How the rule was written: a cmdlet (OWA / PowerShell), Outlook (MAPI), or seen in a dump. */
  via: 'cmdlet' | 'outlook' | 'dump';
  name: string | null;
  ruleId: string | null;
  /** False when the evidence says the rule is off; null when it does not say. */
  enabled: boolean | null;
  forwards: RuleForward[];
  deletes: boolean;
  moveToFolder: string | null;
  markAsRead: boolean;
  stopProcessing: boolean;
  /** Condition text the rule matches on (words, senders, MAPI restriction text). */
  conditions: string[];
  succeeded: boolean;
}

/** Does the rule do anything at all to the mail it matches (other than file it where it belongs)? */
export const ruleActs = (v: InboxRuleView): boolean =>
  v.forwards.length > 0 || v.deletes || v.moveToFolder !== null || v.markAsRead;
