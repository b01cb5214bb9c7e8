/**
 * Methodology: what each detection rule looks for (the README's detection table, kept here as the
 * report's words) and the public rules it corresponds to, as the findings of this case state them.
 */
import { esc, join, num, table } from './html.js';
import type { ReportData } from './model.js';

const CATALOG: ReadonlyArray<readonly [rule: string, attack: string, what: string]> = [
  [
    'mailbox-delegation-granted',
    'T1098.002',
    'FullAccess, ReadPermission, ChangePermission, SendAs and SendOnBehalf grants; raised for AutoMapping False, ownership rights, external or new trustees, a new source address, off hours, use of the grant (dwell time) and removal afterwards.',
  ],
  [
    'folder-delegation-granted',
    'T1098.002',
    'Folder rights granted by cmdlet or from Outlook; Default, Anonymous and Everyone raised, owners sharing their own calendar lowered.',
  ],
  [
    'tenant-wide-mail-access-granted',
    'T1098.002, T1098.003',
    "ApplicationImpersonation, app roles and consents with mail scopes (Mail.Read, Mail.ReadWrite, full_access_as_app, EWS.AccessAsUser.All), linked to the service principal's creation.",
  ],
  [
    'activesync-device-allowed',
    'T1098.002',
    'ActiveSync device ids added to a mailbox, in the audit log or only in a Get-CASMailbox dump.',
  ],
  [
    'mail-forwarding-set',
    'T1114.003',
    'Mailbox forwarding, inbox-rule forwarding (cmdlet or Outlook), rule dumps, and transport rules that redirect, Bcc, copy or add recipients; external destinations high.',
  ],
  [
    'delegate-mailbox-access',
    'T1114.002',
    'Another account reading a mailbox (MailItemsAccessed, delegate logons), linked to the grant that enabled it.',
  ],
  [
    'delegate-sent-as-mailbox',
    'T1098.002, T1534',
    'SendAs and SendOnBehalf use, with the recipients from message trace.',
  ],
  ['app-mail-access', 'T1114.002', 'A non-first-party application reading mailboxes, linked to its permission grants.'],
  [
    'inbox-rule-hiding',
    'T1564.008',
    'Inbox rules that delete or move mail to hidden folders, keyword and name heuristics; named after the mailbox owner.',
  ],
  ['audit-logging-weakened', 'T1562.008', 'Mailbox audit bypass, audit logging disabled.'],
  [
    'standing-delegation',
    'T1098.002',
    'Risky standing access in dumps: Default/Anonymous, external forwarding, external trustees, app mail permissions.',
  ],
  ['delegation-fan-out', 'T1098.002', 'One principal reaching many mailboxes in the dumps.'],
  [
    'delegation-before-window',
    'T1098.002',
    'Delegation in a dump with no grant in the audit-log window (made before it).',
  ],
  ['grant-missing-from-dump', 'T1098.002', 'Grants gone from a later dump with no removal logged.'],
  [
    'sign-in-from-new-address',
    'T1078.004',
    "Sign-ins from an address new to the tenant, raised by what followed (grants, rules, reads of others' mail).",
  ],
  [
    'send-volume-spike',
    'T1534, T1566',
    'A mailbox sending far above its robust baseline (median/MAD); periodic senders learned from their own history.',
  ],
  [
    'internal-phishing-campaign',
    'T1534',
    'Near-identical mail from two or more internal senders to many recipients within a window, linked to delegation grants on those senders.',
  ],
  [
    'activity-burst',
    'per action',
    'One incident per attacker session: dozens of actions from one address or account within minutes.',
  ],
  [
    'flagged-address-activity',
    'T1078.004',
    'Every account seen from an address behind a finding, and what was done from it that no finding shows.',
  ],
  [
    'sharing-from-flagged-address',
    'T1530, T1567',
    "Anonymous links and invitations made from an attacker's address, with the outside people the files went to.",
  ],
];

export function method(d: ReportData): string {
  const crosswalk = new Map<string, Set<string>>();
  const count = new Map<string, number>();
  for (const f of d.findings) {
    count.set(f.rule, (count.get(f.rule) ?? 0) + 1);
    const set = crosswalk.get(f.rule) ?? new Set<string>();
    for (const key of ['correspondsTo', 'publicRuleGap'])
      for (const part of (f.details[key] ?? '').split(/;\s*/)) if (part.trim()) set.add(part.trim());
    crosswalk.set(f.rule, set);
  }
  const known = new Set(CATALOG.map(([r]) => r));
  const rows = [
    ...CATALOG,
    ...[...count.keys()]
      .filter((r) => !known.has(r))
      .sort()
      .map((r) => [r, '', ''] as const),
  ].map(([rule, attack, what]) => [
    `<code>${esc(rule)}</code>`,
    esc(attack),
    esc(what),
    num(count.get(rule) ?? 0),
    crosswalk.has(rule)
      ? [...(crosswalk.get(rule) ?? [])]
          .sort()
          .map((c) => esc(c))
          .join('<br>')
      : '<span class="muted">no finding in this case</span>',
  ]);
  return join([
    '<p>The evidence files were imported with their SHA-256 and every accepted, rejected and duplicate row ' +
      'recorded. Identities were resolved across formats, the delegation state was replayed from the audit log ' +
      'and the dumps, and every detection rule below was run over the whole case. Each finding cites the rows it ' +
      'stands on and states why it has its severity. Exchange system actors and routine, approved or ' +
      'business-hours changes by known administrators are lowered or excluded (case settings).</p>',
    table(['Rule', 'ATT&amp;CK', 'What it looks for', 'Findings', 'Public rules it corresponds to'], rows, {
      widths: ['19%', '10%', '34%', '8%', '29%'],
    }),
    '<h2>Case settings</h2>',
    table(
      ['Setting', 'Value'],
      [
        ['Approved delegates', d.settings.approvedDelegates.map((x) => esc(x)).join(', ') || '–'],
        ['Allowed forwarding domains', d.settings.allowedForwardingDomains.map((x) => esc(x)).join(', ') || '–'],
        ['Known administrators', d.settings.knownAdmins.map((x) => esc(x)).join(', ') || '–'],
        ['Tenant domains', d.settings.tenantDomains.map((x) => esc(x)).join(', ') || '–'],
        [
          'Business hours',
          esc(
            `${d.settings.businessHours.start}-${d.settings.businessHours.end} h, ISO days ${d.settings.businessHours.days.join(',')}, ${d.settings.timeZone}`,
          ),
        ],
      ].map(([k, v]) => [esc(k), v ?? '–']),
      { cls: 'grid kv', widths: ['28%', '72%'] },
    ),
  ]);
}
