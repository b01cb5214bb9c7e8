/** Types shared by the attack stories, the fan-out and truth.json. */
import type { AuditRecord, MailMessage } from './model.js';

export interface Action {
  id: string;
  /** MITRE ATT&CK technique id. */
  technique: string;
  kind: string;
  /** Account that performed it (lower case), or the app id for application actions. */
  actor: string;
  /** Every account, mailbox or address involved, lower-case SMTP where one exists. */
  principals: string[];
  /** ISO-8601 UTC. */
  time: string;
  /** False for state planted before the log window (visible only in dumps). */
  inLogWindow: boolean;
  description: string;
}

/** One planted record or message, in time order. */
export type Planted = { time: number; audit: AuditRecord } | { time: number; mail: MailMessage };
