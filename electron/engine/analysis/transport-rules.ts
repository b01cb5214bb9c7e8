/**
 * Exchange mail flow (transport) rules in the audit log as delegation changes: a rule that
 * redirects, Bcc's, copies or adds recipients to the organisation's mail is forwarding at the
 * tenant level (kind `transport-rule`, mailbox `*`, one change per destination, folder = the rule's
 * name). New-/Set-TransportRule name the destinations; Enable-, Disable- and Remove-TransportRule
 * name only the rule, so rules are followed by name in time order.
 */
import type { DelegationChange } from '../records/delegation.js';
import { lookup } from '../records/parameters.js';
import type { AuditRow } from './delegation/types.js';
import type { IdentityResolver } from './identity-resolver.js';

export const TRANSPORT_RULE_OPERATIONS = [
  'New-TransportRule',
  'Set-TransportRule',
  'Enable-TransportRule',
  'Disable-TransportRule',
  'Remove-TransportRule',
];

/** Rule actions that send the message, or a copy of it, to other recipients. */
export const RECIPIENT_ACTIONS = [
  'RedirectMessageTo',
  'BlindCopyTo',
  'CopyTo',
  'AddToRecipients',
  'ModerateMessageByUser',
  'GenerateIncidentReport',
] as const;

/**
 * Conditions that name whose mail the rule takes: a rule copying mail sent to or from one person is
 * aimed at that person, who belongs among the finding's principals.
 */
const SCOPE_CONDITIONS = [
  'SentTo',
  'From',
  'AnyOfToHeader',
  'AnyOfToCcHeader',
  'AnyOfCcHeader',
  'SentToMemberOf',
  'FromMemberOf',
  'AnyOfToHeaderMemberOf',
  'AnyOfToCcHeaderMemberOf',
] as const;

function scopeOf(row: AuditRow, ids: IdentityResolver): Record<string, string> {
  const parts: string[] = [];
  const people = new Set<string>();
  for (const condition of SCOPE_CONDITIONS) {
    const named = addresses(lookup(row.params, condition), ids);
    if (named.length === 0) continue;
    parts.push(`${condition} ${named.join(', ')}`);
    for (const p of named) people.add(p);
  }
  return parts.length === 0 ? {} : { scope: parts.join('; '), scopeAddresses: [...people].join(';') };
}

function addresses(value: string | undefined, ids: IdentityResolver): string[] {
  if (!value?.trim()) return [];
  const smtp = [...value.matchAll(/\[SMTP:([^\]]+)\]/gi)].map((m) => m[1]!);
  const parts = smtp.length > 0 ? smtp : value.split(/[;,]|\s+(?=[^\s@]+@)/);
  return parts
    .map((p) => ids.resolve(p.replace(/^[\s"'{]+|[\s"'}]+$/g, '')))
    .filter((p): p is string => !!p && p.includes('@'));
}

const ruleName = (row: AuditRow) =>
  lookup(row.params, 'Name') || lookup(row.params, 'Identity') || (row.target ?? '') || '(unnamed rule)';

export function transportRuleChanges(rows: readonly AuditRow[], ids: IdentityResolver): DelegationChange[] {
  const out: DelegationChange[] = [];
  /** Destinations of each rule (by lower-case name) as the log last set them. */
  const rules = new Map<string, Array<{ to: string; action: string }>>();
  /** Whose mail each rule takes (by lower-case name), as the log last set it. */
  const scopes = new Map<string, Record<string, string>>();
  const change = (row: AuditRow, action: DelegationChange['action'], name: string, to: string, right: string) =>
    out.push({
      time: row.time,
      action,
      kind: 'transport-rule',
      mailbox: '*',
      trustee: to,
      rights: [right],
      folder: name,
      actor: row.actor,
      clientIp: row.clientIp,
      succeeded: row.succeeded,
      auditEventId: row.id,
      permissionId: null,
      inboxRuleId: null,
      detail: {
        operation: row.operation,
        rule: name,
        ...(scopes.get(name.toLowerCase()) ?? {}),
        ...(lookup(row.params, 'Enabled') !== undefined ? { enabled: lookup(row.params, 'Enabled')! } : {}),
        ...(lookup(row.params, 'Mode') ? { mode: lookup(row.params, 'Mode')! } : {}),
        ...(lookup(row.params, 'ExpiryDate') ? { expiry: lookup(row.params, 'ExpiryDate')! } : {}),
      },
    });
  for (const row of rows) {
    if (!TRANSPORT_RULE_OPERATIONS.includes(row.operation)) continue;
    const name = ruleName(row);
    const key = name.toLowerCase();
    if (row.operation === 'Disable-TransportRule' || row.operation === 'Remove-TransportRule') {
      for (const d of rules.get(key) ?? []) change(row, 'remove', name, d.to, d.action);
      if (row.operation === 'Remove-TransportRule') {
        rules.delete(key);
        scopes.delete(key);
      }
      continue;
    }
    if (row.operation === 'Enable-TransportRule') {
      for (const d of rules.get(key) ?? []) change(row, 'grant', name, d.to, d.action);
      continue;
    }
    const set: Array<{ to: string; action: string }> = [];
    for (const action of RECIPIENT_ACTIONS)
      for (const to of addresses(lookup(row.params, action), ids)) set.push({ to, action });
    if (set.length === 0) continue;
    // A rule created or set disabled does not send anything yet.
    const disabled = /^(false|\$false|disabled)$/i.test(
      lookup(row.params, 'Enabled') ?? lookup(row.params, 'State') ?? '',
    );
    rules.set(key, set);
    const scope = scopeOf(row, ids);
    // Set-TransportRule names only what it changes: a scope it does not name stays as it was.
    if (Object.keys(scope).length > 0 || row.operation === 'New-TransportRule') scopes.set(key, scope);
    for (const d of set) change(row, disabled ? 'remove' : 'grant', name, d.to, d.action);
  }
  return out;
}
