/**
 * Grants of access to mailboxes seen in the audit log: mailbox-level rights, folder rights,
 * tenant-wide access (impersonation, application permissions and consents that reach mail) and
 * ActiveSync devices.
 */
import {
  grantsFolderRead,
  isCalendarLikeFolder,
  isGroupPseudoPrincipal,
  isMailRootFolder,
  isPseudoPrincipal,
} from '../../exchange/folders.js';
import { reachesMail } from '../../exchange/mail-scopes.js';
import { rightsOf as rights, type GrantRuleSpec } from './spec.js';

export const accessSpecs: GrantRuleSpec[] = [
  {
    id: 'mailbox-delegation-granted',
    title: 'Mailbox delegation granted',
    techniques: ['T1098.002'],
    correspondsTo: [
      'Elastic: M365 Exchange Mailbox High-Risk Permission Delegated',
      'Splunk: O365 Elevated Mailbox Permission Assigned',
      'Sentinel: Rare and potentially high-risk Office operations',
      'Hawk: Get-HawkTenantAdminMailboxPermissionChange',
    ],
    kinds: ['mailbox', 'send-as', 'send-on-behalf'],
    assess(c, _ctx, score) {
      // The Discovery provisioning grant never reaches rules: the analysis pipeline drops it
      // (exchange/system-actors.ts).
      const s = score('medium');
      if (c.rights.some((r) => /^change(permission|owner)$/i.test(r)))
        s.raise('the rights let the holder change the mailbox permissions (ChangePermission/ChangeOwner)');
      if (/^false$/i.test(c.detail.autoMapping ?? ''))
        s.raise("AutoMapping False: the mailbox will not appear in the delegate's Outlook");
      return s;
    },
    describe: (c) => ({
      title: `${rights(c)} on ${c.mailbox} granted to ${c.trustee}`,
      what: `${rights(c)} on ${c.mailbox} to ${c.trustee}`,
    }),
  },
  {
    id: 'folder-delegation-granted',
    title: 'Mailbox folder permission granted',
    techniques: ['T1098.002'],
    correspondsTo: [
      'Splunk: O365 Mailbox Folder Read Permission Assigned / Granted',
      'Splunk: O365 Mailbox Inbox Folder Shared with All Users',
      'Mandiant AADI: Default/Anonymous folder permissions',
      'CIPP BEC check (AddFolderPermissions, UpdateCalendarDelegation)',
    ],
    kinds: ['folder'],
    assess(c, _ctx, score) {
      if (!grantsFolderRead(c.rights)) return null;
      // A group's members and owners reaching the group's own mailbox is how groups work.
      if (isGroupPseudoPrincipal(c.trustee)) return null;
      const calendarLike = isCalendarLikeFolder(c.folder);
      const pseudo = isPseudoPrincipal(c.trustee);
      const reach = `every user${c.trustee === 'Anonymous' ? ' and unauthenticated callers' : ''} can read it`;
      if (calendarLike) {
        // Owners share calendars with everyone routinely; someone else doing it to their calendar is worth a look.
        const s = score('low');
        if (c.actor === c.mailbox) s.lower('the owner shared their own calendar or contacts');
        else if (pseudo) s.raise(`granted to ${c.trustee} by someone other than the owner: ${reach}`);
        return s;
      }
      const s = score('medium');
      if (pseudo) s.raise(`granted to ${c.trustee}: ${reach}`, 2);
      if (isMailRootFolder(c.folder)) s.raise(`the ${c.folder ?? 'top-level'} folder holds the mailbox's mail`);
      return s;
    },
    describe: (c) => ({
      title: `${rights(c)} on ${c.mailbox}:\\${c.folder ?? ''} granted to ${c.trustee}`,
      what: `${rights(c)} on folder ${c.folder ?? '(top)'} of ${c.mailbox} to ${c.trustee}`,
    }),
  },
  {
    id: 'tenant-wide-mail-access-granted',
    title: 'Tenant-wide mailbox access granted to an account or application',
    techniques: ['T1098.002', 'T1098.003'],
    correspondsTo: [
      'Splunk: O365 ApplicationImpersonation Role Assigned',
      'Splunk: O365 FullAccessAsApp / Mailbox Read Access Granted to Application',
      'Sentinel: Mail.Read Permissions Granted to Application; full_access_as_app Granted To Application',
      'Elastic: M365 Exchange Management Group Role Assigned',
    ],
    kinds: ['impersonation', 'app-role', 'delegated-grant'],
    assess(c, _ctx, score) {
      if (c.kind !== 'impersonation' && !reachesMail(c.rights)) return null;
      const s = score('high');
      if (c.mailbox === '*') s.reasons.push('= reaches every mailbox in the tenant');
      if (c.rights.some((r) => /^(full_access_as_app|mail\.readwrite|mail\.send)$/i.test(r)))
        s.raise('read-write or send access to all mail');
      return s;
    },
    describe: (c) => ({
      title:
        `${c.trustee.replace(/^app:/, 'application ')} granted ${rights(c)}` +
        (c.mailbox === '*' ? ' on all mailboxes' : ` for ${c.mailbox}`),
      what: `${rights(c)} to ${c.trustee}${c.detail.resource ? ` on ${c.detail.resource}` : ''}`,
    }),
  },
  {
    id: 'activesync-device-allowed',
    title: 'ActiveSync device allowed on a mailbox',
    techniques: ['T1098.002'],
    correspondsTo: ['Elastic: New ActiveSyncAllowedDeviceID Added via PowerShell'],
    kinds: ['activesync-device'],
    assess(c, _ctx, score) {
      const s = score('medium');
      if (c.actor && c.actor !== c.mailbox) s.raise('added by an account other than the mailbox owner');
      return s;
    },
    describe: (c) => ({
      title: `ActiveSync device ${c.trustee} allowed on ${c.mailbox}`,
      what: `device ${c.trustee} on ${c.mailbox}`,
    }),
  },
];
