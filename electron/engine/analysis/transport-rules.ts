/**
 * Exchange mail flow (transport) rules in the audit log as delegation changes: a rule that
 * redirects, Bcc's, copies or adds recipients to the organisation's mail is forwarding at the
 * tenant level (kind `transport-rule`, mailbox `*`, one change per destination, folder = the rule's
 * name). New-TransportRule names the destinations, Set-TransportRule only those it changes;
 * Enable-, Disable- and Remove-TransportRule name only the rule, so each rule (destinations, scope,
 * mode, expiry, state) is followed by name in time order and every change carries what it then was.
 */
import type { DelegationChange } from '../records/delegation.js';
import { RECIPIENT_ACTIONS } from '../exchange/transport-rules.js';
import { lookup } from '../records/parameters.js';
import { changeFromAudit, type AuditRow } from './delegation/types.js';
import type { IdentityResolver } from './identity-resolver.js';

export const TRANSPORT_RULE_OPERATIONS = [
  'New-TransportRule',
  'Set-TransportRule',
  'Enable-TransportRule',
  'Disable-TransportRule',
  'Remove-TransportRule',
];

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

/** The scope conditions a record (or a dump row's columns) names, each with the addresses it names. */
function namedScope(values: Record<string, string>, ids: IdentityResolver): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const condition of SCOPE_CONDITIONS) {
    const value = lookup(values, condition);
    if (value !== undefined) out.set(condition, addresses(value, ids));
  }
  return out;
}

function scopeDetail(scope: ReadonlyMap<string, string[]>): Record<string, string> {
  const parts: string[] = [];
  const people = new Set<string>();
  for (const [condition, named] of scope) {
    if (named.length === 0) continue;
    parts.push(`${condition} ${named.join(', ')}`);
    for (const p of named) people.add(p);
  }
  return parts.length === 0 ? {} : { scope: parts.join('; '), scopeAddresses: [...people].join(';') };
}

/**
 * The addresses a rule's Description names in its conditions ("If the message: Is sent to 'a@x'"),
 * for exports that keep only that text. The conditions are the first of three sections, or the
 * first of two when it is the English "If the message:" heading; a rule without them has none.
 */
function describedConditionAddresses(description: string | undefined, ids: IdentityResolver): string[] {
  const sections: string[][] = [];
  for (const line of (description ?? '').split(/\r\n|\n|\r/)) {
    if (/^\S.*:\s*$/.test(line)) sections.push([line.trim()]);
    else if (/^\s/.test(line)) sections[sections.length - 1]?.push(line);
  }
  const first = sections[0];
  if (!first || !(sections.length === 3 || /^if the message:$/i.test(first[0]!))) return [];
  const quoted = first.slice(1).flatMap((item) => [...item.matchAll(/'([^']*)'/g)].map((m) => m[1]!));
  return addresses(quoted.filter((q) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(q.trim())).join(';'), ids);
}

/**
 * Whose mail a rule in a dump takes: its SentTo, From… columns in a full-property dump, else the
 * addresses its Description's conditions name (Extractor-Suite keeps only the Description).
 */
export function dumpRuleScope(columns: Record<string, string>, ids: IdentityResolver): Record<string, string> {
  const scope = namedScope(columns, ids);
  if (scope.size === 0) {
    const described = describedConditionAddresses(lookup(columns, 'Description'), ids);
    if (described.length > 0) scope.set('Conditions', described);
  }
  return scopeDetail(scope);
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

/** A rule as the log has set it so far: where it sends mail, whose mail, and how. */
interface RuleState {
  destinations: Array<{ to: string; action: string }>;
  scope: Map<string, string[]>;
  mode?: string;
  expiry?: string;
  enabled: boolean;
}

export function transportRuleChanges(rows: readonly AuditRow[], ids: IdentityResolver): DelegationChange[] {
  const out: DelegationChange[] = [];
  /** Each rule (by lower-case name) as the log last set it. */
  const rules = new Map<string, RuleState>();
  const change = (
    row: AuditRow,
    action: DelegationChange['action'],
    name: string,
    rule: RuleState,
    to: string,
    right: string,
  ) =>
    out.push(
      changeFromAudit(row, {
        action,
        kind: 'transport-rule',
        mailbox: '*',
        trustee: to,
        rights: [right],
        folder: name,
        detail: {
          operation: row.operation,
          rule: name,
          state: rule.enabled ? 'Enabled' : 'Disabled',
          ...scopeDetail(rule.scope),
          ...(rule.mode ? { mode: rule.mode } : {}),
          ...(rule.expiry ? { expiry: rule.expiry } : {}),
        },
      }),
    );
  for (const row of rows) {
    if (!TRANSPORT_RULE_OPERATIONS.includes(row.operation)) continue;
    const name = ruleName(row);
    const key = name.toLowerCase();
    const known = rules.get(key);
    if (row.operation === 'Disable-TransportRule' || row.operation === 'Remove-TransportRule') {
      if (!known) continue;
      known.enabled = false;
      for (const d of known.destinations) change(row, 'remove', name, known, d.to, d.action);
      if (row.operation === 'Remove-TransportRule') rules.delete(key);
      continue;
    }
    if (row.operation === 'Enable-TransportRule') {
      if (!known) continue;
      known.enabled = true;
      for (const d of known.destinations) change(row, 'grant', name, known, d.to, d.action);
      continue;
    }
    // New-TransportRule starts the rule afresh; Set-TransportRule names only what it changes, so the
    // actions, conditions and settings it does not name stay as they were.
    const rule: RuleState =
      row.operation === 'New-TransportRule' || !known ? { destinations: [], scope: new Map(), enabled: true } : known;
    const named: Array<{ to: string; action: string }> = [];
    const dropped: Array<{ to: string; action: string }> = [];
    for (const action of RECIPIENT_ACTIONS) {
      const value = lookup(row.params, action);
      if (value === undefined) continue;
      const now = addresses(value, ids).map((to) => ({ to, action }));
      dropped.push(...rule.destinations.filter((d) => d.action === action && !now.some((n) => n.to === d.to)));
      rule.destinations = [...rule.destinations.filter((d) => d.action !== action), ...now];
      named.push(...now);
    }
    for (const [condition, people] of namedScope(row.params, ids)) rule.scope.set(condition, people);
    const mode = lookup(row.params, 'Mode');
    if (mode) rule.mode = mode;
    const expiry = lookup(row.params, 'ExpiryDate');
    if (expiry) rule.expiry = expiry;
    // A rule created or set disabled does not send anything yet.
    const enabled = lookup(row.params, 'Enabled') ?? lookup(row.params, 'State');
    if (enabled !== undefined) rule.enabled = !/^(false|\$false|disabled)$/i.test(enabled);
    rules.set(key, rule);
    for (const d of dropped) change(row, 'remove', name, rule, d.to, d.action);
    for (const d of named) change(row, rule.enabled ? 'grant' : 'remove', name, rule, d.to, d.action);
  }
  return out;
}
