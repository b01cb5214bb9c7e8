/**
 * Transport-rule (mail flow rule) parameters that deliver the message, or a copy of it, to addresses
 * of the rule's choosing. Moderation sends it to the moderator for approval; an incident report can
 * carry the original message. Read from audit records (New/Set-TransportRule) and from rule dumps.
 */
export const RECIPIENT_ACTIONS = [
  'RedirectMessageTo',
  'BlindCopyTo',
  'CopyTo',
  'AddToRecipients',
  'ModerateMessageByUser',
  'GenerateIncidentReport',
] as const;
