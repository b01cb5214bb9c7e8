/**
 * Human labels for the keys of a finding's details. Keys not listed are turned from camelCase into
 * words, with the acronyms a responder expects written as such.
 */
const LABELS: Record<string, string> = {
  severityReasons: 'Why this severity',
  correspondsTo: 'Public rules it corresponds to',
  publicRuleGap: 'What public rules miss',
  techniqueReason: 'Why these techniques',
  timeBasis: 'Time basis',
  clientIp: 'Client IP address',
  clientIps: 'Client IP addresses',
  clientAppId: 'Client application id',
  firstUse: 'First use',
  autoMapping: 'AutoMapping',
  linkedFindings: 'Linked findings',
  relatedFindings: 'Related findings',
  mailboxesReached: 'Mailboxes reached',
  internalRecipients: 'Internal recipients',
  messagesWithoutRecipients: 'Messages without recipients',
  normalizedSubject: 'Normalised subject',
  sampleSubjects: 'Sample subjects',
  sharedWith: 'Shared with',
  sentBy: 'Sent by',
  signIns: 'Sign-ins',
  followUps: 'Follow-up operations',
  robustZ: 'Robust z-score',
  itemsAccessed: 'Items accessed',
  trusteeCreatedRecently: 'Trustee created recently',
  firstTimeGranter: 'First-time granter',
  knownAdmin: 'Known admin',
  offHours: 'Outside business hours',
  newIp: 'New address',
  ruleName: 'Rule name',
  ruleId: 'Rule id',
  recordId: 'Record id',
  hidingFolder: 'Hiding folder',
  markAsRead: 'Marks as read',
  oddName: 'Odd name',
  auditedGrant: 'Audited grant',
};

const ACRONYMS: Record<string, string> = { ip: 'IP', ips: 'IPs', id: 'id', ids: 'ids', url: 'URL', smtp: 'SMTP' };

export function labelOf(key: string): string {
  const known = LABELS[key];
  if (known) return known;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/\s+/)
    .map((w) => ACRONYMS[w.toLowerCase()] ?? w.toLowerCase());
  const first = words[0] ?? key;
  return [first.charAt(0).toUpperCase() + first.slice(1), ...words.slice(1)].join(' ');
}

/** Details written as "a; b; c" lists (reasons, actions, public rules) shown as lists. */
export const LIST_KEYS = new Set([
  'severityReasons',
  'correspondsTo',
  'actions',
  'folded',
  'sampleSubjects',
  'senders',
  'grants',
  'files',
  'scope',
]);
