/**
 * Remediation and verification checklist derived from the findings (triaged benign and info ones
 * left out): per finding the Exchange Online / Microsoft Graph PowerShell that undoes what it found,
 * and the cmdlet that shows the undo held. Values come from the evidence, so they are quoted for
 * PowerShell (single quotes doubled, smart quotes too: PowerShell treats them as quotes) and escaped
 * for HTML like every other value.
 */
import type { Finding } from '../../../shared/domain.js';
import { esc, join, num, table } from './html.js';
import type { ReportData } from './model.js';

/** A PowerShell single-quoted string literal. */
export const psq = (s: string): string => `'${s.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
/** A value inside an OData filter inside a PowerShell double-quoted string. */
const odata = (s: string): string => s.replace(/'/g, "''").replace(/[`$"]/g, (c) => `\`${c}`);

interface Item {
  group: string;
  action: string;
  commands: string[];
  verify: string[];
  cites: string[];
}

const GROUPS = [
  'Remove delegates',
  'Remove hidden inbox rules and forwarding',
  'Remove mail flow (transport) rules',
  'Remove application grants',
  'Remove ActiveSync devices',
  'Restore audit logging',
  'Remove anonymous sharing',
  'Revoke sessions and credentials',
] as const;

const MAILBOX_RIGHTS = /FullAccess|ReadPermission|ChangePermission|ChangeOwner|DeleteItem|ExternalAccount/;

function mailboxRights(f: Finding, mailbox: string, trustee: string, rights: string): Item[] {
  const items: Item[] = [];
  const base = { group: GROUPS[0], cites: [f.id] };
  const full = rights.match(new RegExp(MAILBOX_RIGHTS.source, 'g'));
  if (full)
    items.push({
      ...base,
      action: `Remove ${full.join(', ')} of ${trustee} on ${mailbox}`,
      commands: [
        `Remove-MailboxPermission -Identity ${psq(mailbox)} -User ${psq(trustee)} -AccessRights ${full.join(',')} -InheritanceType All -Confirm:$false`,
      ],
      verify: [`Get-MailboxPermission -Identity ${psq(mailbox)} -User ${psq(trustee)}`],
    });
  if (/SendAs/.test(rights))
    items.push({
      ...base,
      action: `Remove SendAs of ${trustee} on ${mailbox}`,
      commands: [
        `Remove-RecipientPermission -Identity ${psq(mailbox)} -Trustee ${psq(trustee)} -AccessRights SendAs -Confirm:$false`,
      ],
      verify: [`Get-RecipientPermission -Identity ${psq(mailbox)} -Trustee ${psq(trustee)}`],
    });
  if (/SendOnBehalf/.test(rights))
    items.push({
      ...base,
      action: `Remove SendOnBehalf of ${trustee} on ${mailbox}`,
      commands: [`Set-Mailbox -Identity ${psq(mailbox)} -GrantSendOnBehalfTo @{Remove=${psq(trustee)}}`],
      verify: [`Get-Mailbox -Identity ${psq(mailbox)} | Format-List GrantSendOnBehalfTo`],
    });
  return items;
}

function folderRights(f: Finding, mailbox: string, trustee: string, folder: string): Item {
  const id = psq(`${mailbox}:\\${folder === 'Top of Information Store' ? '' : folder}`);
  const pseudo = /^(default|anonymous)$/i.test(trustee);
  return {
    group: GROUPS[0],
    action: `${pseudo ? 'Reset' : 'Remove'} folder rights of ${trustee} on ${mailbox} (${folder})`,
    commands: [
      pseudo
        ? `Set-MailboxFolderPermission -Identity ${id} -User ${trustee} -AccessRights None`
        : `Remove-MailboxFolderPermission -Identity ${id} -User ${psq(trustee)} -Confirm:$false`,
    ],
    verify: [`Get-MailboxFolderPermission -Identity ${id}`],
    cites: [f.id],
  };
}

function itemsOf(f: Finding): Item[] {
  const d = f.details;
  const mailbox = d.mailbox ?? d.owner ?? '';
  const trustee = d.trustee ?? '';
  const rights = d.rights ?? '';
  const op = d.operation ?? '';
  switch (f.rule) {
    case 'mailbox-delegation-granted':
      return mailbox && trustee ? mailboxRights(f, mailbox, trustee, rights) : [];
    case 'folder-delegation-granted':
      return mailbox && trustee ? [folderRights(f, mailbox, trustee, d.folder ?? 'Inbox')] : [];
    case 'standing-delegation':
    case 'delegation-before-window':
    case 'delegation-fan-out':
      if (d.kind === 'folder' && mailbox && trustee) return [folderRights(f, mailbox, trustee, d.folder ?? 'Inbox')];
      return (d.mailboxes ?? mailbox)
        .split(/,\s*/)
        .filter((m) => m.includes('@') && trustee)
        .flatMap((m) => mailboxRights(f, m, trustee, rights || 'FullAccess'));
    case 'mail-forwarding-set':
      if (/TransportRule/.test(op) || (mailbox === '*' && d.folder))
        return [
          {
            group: GROUPS[2],
            action: `Remove the transport rule ${d.folder ?? ''} sending mail to ${trustee}`,
            commands: [`Remove-TransportRule -Identity ${psq(d.folder ?? trustee)} -Confirm:$false`],
            verify: ['Get-TransportRule | Format-List Name,State,BlindCopyTo,RedirectMessageTo,AddToRecipients,CopyTo'],
            cites: [f.id],
          },
        ];
      if (/InboxRule/.test(op) || /ForwardTo|RedirectTo|ForwardAsAttachmentTo/.test(rights))
        return [
          {
            group: GROUPS[1],
            action: `Remove inbox rules of ${mailbox} forwarding to ${trustee}`,
            commands: [
              `Get-InboxRule -Mailbox ${psq(mailbox)} -IncludeHidden | Where-Object { $_.ForwardTo -or $_.ForwardAsAttachmentTo -or $_.RedirectTo } | Remove-InboxRule -Confirm:$false`,
            ],
            verify: [
              `Get-InboxRule -Mailbox ${psq(mailbox)} -IncludeHidden | Format-List Name,Enabled,ForwardTo,ForwardAsAttachmentTo,RedirectTo`,
            ],
            cites: [f.id],
          },
        ];
      return mailbox
        ? [
            {
              group: GROUPS[1],
              action: `Remove mailbox forwarding of ${mailbox} to ${trustee}`,
              commands: [
                `Set-Mailbox -Identity ${psq(mailbox)} -ForwardingSmtpAddress $null -ForwardingAddress $null -DeliverToMailboxAndForward $false`,
              ],
              verify: [
                `Get-Mailbox -Identity ${psq(mailbox)} | Format-List ForwardingSmtpAddress,ForwardingAddress,DeliverToMailboxAndForward`,
              ],
              cites: [f.id],
            },
          ]
        : [];
    case 'inbox-rule-hiding':
      return mailbox
        ? [
            {
              group: GROUPS[1],
              action: `Remove the hiding inbox rule ${JSON.stringify(d.ruleName ?? '')} of ${mailbox}`,
              commands: [
                d.ruleName
                  ? `Get-InboxRule -Mailbox ${psq(mailbox)} -IncludeHidden | Where-Object Name -eq ${psq(d.ruleName)} | Remove-InboxRule -Confirm:$false`
                  : `Get-InboxRule -Mailbox ${psq(mailbox)} -IncludeHidden`,
              ],
              verify: [
                `Get-InboxRule -Mailbox ${psq(mailbox)} -IncludeHidden | Format-List Name,Enabled,MoveToFolder,DeleteMessage,MarkAsRead,ForwardTo`,
              ],
              cites: [f.id],
            },
          ]
        : [];
    case 'tenant-wide-mail-access-granted':
    case 'app-mail-access': {
      if (/Impersonation/i.test(`${op} ${rights}`))
        return [
          {
            group: GROUPS[3],
            action: `Remove ApplicationImpersonation of ${trustee}`,
            commands: [
              `Get-ManagementRoleAssignment -Role ApplicationImpersonation -RoleAssignee ${psq(trustee)} | Remove-ManagementRoleAssignment -Confirm:$false`,
            ],
            verify: ['Get-ManagementRoleAssignment -Role ApplicationImpersonation -GetEffectiveUsers'],
            cites: [f.id],
          },
        ];
      const app = d.application ?? trustee.replace(/^app:/, '');
      const filter = d.clientAppId ? `appId eq '${odata(d.clientAppId)}'` : `displayName eq '${odata(app)}'`;
      const sp = `$sp = Get-MgServicePrincipal -Filter "${filter}"`;
      return [
        {
          group: GROUPS[3],
          action: `Remove the mail permissions and consent of the application ${app}`,
          commands: [
            sp,
            'Get-MgServicePrincipalAppRoleAssignment -ServicePrincipalId $sp.Id | ForEach-Object { Remove-MgServicePrincipalAppRoleAssignment -ServicePrincipalId $sp.Id -AppRoleAssignmentId $_.Id }',
            'Get-MgOauth2PermissionGrant -Filter "clientId eq \'$($sp.Id)\'" | ForEach-Object { Remove-MgOauth2PermissionGrant -OAuth2PermissionGrantId $_.Id }',
          ],
          verify: [
            sp,
            'Get-MgServicePrincipalAppRoleAssignment -ServicePrincipalId $sp.Id',
            'Get-MgOauth2PermissionGrant -Filter "clientId eq \'$($sp.Id)\'"',
          ],
          cites: [f.id],
        },
      ];
    }
    case 'activesync-device-allowed':
      return mailbox && trustee
        ? [
            {
              group: GROUPS[4],
              action: `Remove the ActiveSync device ${trustee} from ${mailbox}`,
              commands: [
                `Set-CASMailbox -Identity ${psq(mailbox)} -ActiveSyncAllowedDeviceIDs @{Remove=${psq(trustee)}}`,
                `Get-MobileDevice -Mailbox ${psq(mailbox)} | Where-Object DeviceId -eq ${psq(trustee)} | Remove-MobileDevice -Confirm:$false`,
              ],
              verify: [
                `Get-CASMailbox -Identity ${psq(mailbox)} | Format-List ActiveSyncAllowedDeviceIDs`,
                `Get-MobileDevice -Mailbox ${psq(mailbox)}`,
              ],
              cites: [f.id],
            },
          ]
        : [];
    case 'audit-logging-weakened': {
      const who = mailbox || f.principals[0] || '';
      return who
        ? [
            {
              group: GROUPS[5],
              action: `Restore auditing of ${who}`,
              commands: [
                `Set-MailboxAuditBypassAssociation -Identity ${psq(who)} -AuditBypassEnabled $false`,
                `Set-Mailbox -Identity ${psq(who)} -AuditEnabled $true`,
              ],
              verify: [
                `Get-MailboxAuditBypassAssociation -Identity ${psq(who)} | Format-List AuditBypassEnabled`,
                `Get-Mailbox -Identity ${psq(who)} | Format-List AuditEnabled`,
              ],
              cites: [f.id],
            },
          ]
        : [];
    }
    case 'sharing-from-flagged-address':
      return [
        {
          group: GROUPS[6],
          action: `Remove anonymous links and outside invitations on ${d.files ?? 'the files shared'} (shared with ${d.sharedWith ?? 'outside people'})`,
          commands: [
            "SharePoint admin center or the file's Manage access: delete the Anyone links and the guests' access",
          ],
          verify: [
            'Search-UnifiedAuditLog -StartDate (Get-Date).AddDays(-1) -EndDate (Get-Date) -Operations AnonymousLinkUsed,SharingInvitationAccepted',
          ],
          cites: [f.id],
        },
      ];
    default:
      return [];
  }
}

/** Accounts that acted in a finding an attacker would have needed: their sessions are revoked. */
function accountsToRevoke(findings: readonly Finding[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of findings) {
    if (f.severity !== 'critical' && f.severity !== 'high' && f.triage?.state !== 'confirmed') continue;
    const who = [
      f.details.actor,
      f.details.delegate,
      ...(f.rule === 'sign-in-from-new-address' ? (f.details.accounts ?? '').split(/,\s*/) : []),
    ];
    for (const a of who)
      if (a && a.includes('@')) out.set(a.toLowerCase(), [...(out.get(a.toLowerCase()) ?? []), f.id]);
  }
  return out;
}

export function remediationItems(findings: readonly Finding[]): Item[] {
  const relevant = findings.filter(
    (f) => f.triage?.state !== 'benign' && (f.severity !== 'info' || f.triage?.state === 'confirmed'),
  );
  const merged = new Map<string, Item>();
  const add = (it: Item) => {
    const key = `${it.group}\n${it.commands.join('\n')}`;
    const had = merged.get(key);
    if (had) had.cites.push(...it.cites.filter((c) => !had.cites.includes(c)));
    else merged.set(key, { ...it, cites: [...it.cites] });
  };
  const rank = (f: Finding) => ['critical', 'high', 'medium', 'low', 'info'].indexOf(f.severity);
  // Worst first, then by time: the checklist follows the attack as the findings tell it.
  const ordered = [...relevant].sort(
    (a, b) => rank(a) - rank(b) || (a.time ?? '').localeCompare(b.time ?? '') || a.id.localeCompare(b.id),
  );
  for (const f of ordered) itemsOf(f).forEach(add);
  for (const [account, cites] of [...accountsToRevoke(relevant)].sort(([a], [b]) => a.localeCompare(b)))
    add({
      group: GROUPS[7],
      action: `Revoke the sessions of ${account}, reset its password and review its MFA methods`,
      commands: [`Revoke-MgUserSignInSession -UserId ${psq(account)}`],
      verify: [
        `Get-MgUserAuthenticationMethod -UserId ${psq(account)}`,
        `Search-UnifiedAuditLog -StartDate (Get-Date).AddDays(-1) -EndDate (Get-Date) -UserIds ${psq(account)}`,
      ],
      cites: [...new Set(cites)],
    });
  return [...merged.values()].sort((a, b) => GROUPS.indexOf(a.group as never) - GROUPS.indexOf(b.group as never));
}

export function remediation(d: ReportData): string {
  const items = remediationItems(d.findings);
  if (items.length === 0) return '<p class="none">No finding calls for a change.</p>';
  const code = (lines: readonly string[]) => lines.map((l) => `<code>${esc(l)}</code>`).join('<br>');
  return join([
    `<p>${num(items.length)} actions derived from the findings not ruled out (Exchange Online PowerShell and ` +
      'Microsoft Graph PowerShell). Check each box when the change is made and the verification shows it held; ' +
      're-run the verification after 24 hours and export a new audit log to confirm nothing was re-added.</p>',
    ...GROUPS.map((g) => {
      const list = items.filter((i) => i.group === g);
      if (list.length === 0) return '';
      return (
        `<h2>${esc(g)}</h2>` +
        table(
          ['', 'Action', 'Change', 'Verify', 'Finding'],
          list.map((i) => [
            '<span class="check">☐</span>',
            esc(i.action),
            code(i.commands),
            code(i.verify),
            i.cites.map((c) => `<code>${esc(c)}</code>`).join('<br>'),
          ]),
          { widths: ['4%', '21%', '37%', '24%', '14%'] },
        )
      );
    }),
  ]);
}
