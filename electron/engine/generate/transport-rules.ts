/**
 * Mail flow (transport) rules: the Description text Exchange builds for a rule and the benign rules
 * every generated tenant has. The Description is a heading per section (`If the message:`, `Take the
 * following actions:`, `Except if the message:`) followed by one TAB-indented line per condition or
 * action, the second and later ones starting with `and ` (`or ` for exceptions), every line ending in
 * CR LF; empty sections are left out. Only phrases seen in real rules or quoted from the admin centre
 * are used.
 */
import { DAY } from './clock.js';
import type { PermissionState } from './state.js';
import { role, type Tenant } from './tenant.js';

const quoted = (values: readonly string[], joiner: 'and' | 'or'): string =>
  values.map((v) => `'${v}'`).join(` ${joiner} `);

export const RULE_PHRASES = {
  receivedFromOutside: (): string => "Is received from 'Outside the organization'",
  sentTo: (addresses: readonly string[]): string => `Is sent to ${quoted(addresses, 'and')}`,
  blindCopyTo: (addresses: readonly string[]): string =>
    `Blind carbon copy (Bcc) the message to ${quoted(addresses, 'and')}`,
  prependSubject: (prefix: string): string => `Prepend the subject with '${prefix}'`,
  auditSeverity: (level: 'Low' | 'Medium' | 'High'): string => `Set audit severity level to '${level}'`,
} as const;

export function ruleDescription(
  conditions: readonly string[],
  actions: readonly string[],
  exceptions: readonly string[] = [],
): string {
  const section = (heading: string, lines: readonly string[], joiner: string): string =>
    lines.length === 0
      ? ''
      : `${heading}\r\n${lines.map((l, i) => `\t${i === 0 ? '' : `${joiner} `}${l}\r\n`).join('')}`;
  return (
    section('If the message:', conditions, 'and') +
    section('Take the following actions:', actions, 'and') +
    section('Except if the message:', exceptions, 'or')
  );
}

/** The organisation's own rules, set up long before the window (all scenarios). */
export function seedTransportRules(t: Tenant, state: PermissionState, start: number): void {
  const admin = role(t, 'it-admin');
  const clerk = role(t, 'ap-clerk');
  const ap = t.users.find((u) => u.alias === 'accounts.payable');
  state.addTransportRule(
    {
      name: 'External sender warning',
      description: ruleDescription(
        [RULE_PHRASES.receivedFromOutside()],
        [RULE_PHRASES.prependSubject('EXTERNAL: '), RULE_PHRASES.auditSeverity('Medium')],
      ),
      createdBy: admin.displayName,
      whenChanged: start - 412 * DAY + 9 * 3_600_000 + 14 * 60_000 + 31_000,
      state: 'Enabled',
      mode: 'Enforce',
      actionId: null,
    },
    0,
  );
  if (ap)
    state.addTransportRule(
      {
        name: 'Supplier mail to Accounts Payable',
        description: ruleDescription(
          [RULE_PHRASES.receivedFromOutside(), RULE_PHRASES.sentTo([clerk.upn])],
          [RULE_PHRASES.blindCopyTo([ap.upn])],
        ),
        createdBy: admin.displayName,
        whenChanged: start - 163 * DAY + 13 * 3_600_000 + 2 * 60_000 + 7_000,
        state: 'Enabled',
        mode: 'Enforce',
        actionId: null,
      },
      1,
    );
}
