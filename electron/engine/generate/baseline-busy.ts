/**
 * The busy tenant's extra benign activity (scenario benign-heavy): everything here looks like
 * delegation or exfiltration to a careless rule and none of it is an attack.
 *
 * - two service desk accounts grant FullAccess / SendAs on the shared mailboxes to staff, several
 *   times a working day, in office hours, from the main office egress address;
 * - the internal communications mailbox sends the weekly company newsletter to nearly everyone
 *   (Thursdays);
 * - owners give a colleague Editor on their Calendar from Outlook (AddFolderPermissions, then
 *   ModifyFolderPermissions) besides the usual Reviewer shares;
 * - nearly every account signs in from the main office egress address every working day; a few
 *   people also sign in from their own home address on several days;
 * - owners create ordinary inbox rules (file newsletters, mark them read);
 * - both executive assistants send on behalf of their executives in office hours.
 */
import {
  APP_OUTLOOK,
  APP_OWA,
  exchangeAdmin,
  folderId,
  itemId,
  mailboxRecord,
  OUTLOOK_CLIENT,
  signIn,
  USER_AGENTS,
} from './audit-data.js';
import { DAY } from './clock.js';
import { externalMessageId, externalSubject, internalSubject, outgoing } from './mail.js';
import type { EventSink } from './model.js';
import { Kind, secondBetween, type DayPlan } from './plan.js';
import { Rng } from './random.js';
import type { PermissionState } from './state.js';
import { isPerson, role, type Tenant, type User } from './tenant.js';

/** What the busy activity needs from the standard baseline. */
export interface BaselineHost {
  note(kind: string, actor: string, principals: readonly string[], time: number, note: string): void;
  colleagueUsers(u: User, n: number, rng: Rng): User[];
  calendarShare(owner: User, time: number, rng: Rng, sink: EventSink): void;
  readonly firstWorkday: number;
}

const SPAN = 200;
const REVIEWER = 'ReadAny, Visible, FreeBusySimple, FreeBusyDetailed';
const EDITOR = 'ReadAny, Create, EditOwned, DeleteOwned, EditAny, DeleteAny, Visible, FreeBusySimple, FreeBusyDetailed';
/** Which department staffs which shared mailbox (alias -> department). */
const TEAMS: Record<string, string> = {
  hr: 'Human Resources',
  'accounts.payable': 'Finance',
  sales: 'Sales',
  support: 'Customer Support',
  reception: 'Operations',
  communications: 'Marketing',
};
/** How truth.json describes a service desk account's grants (shared by both profiles). */
export const HELP_DESK_NOTE =
  'a service desk account grants shared-mailbox FullAccess/SendAs to staff (and assistant delegation) during ' +
  'business hours from the office address';
/** First Thursday of 2023: issue 1 of the company newsletter. */
const FIRST_ISSUE = Date.UTC(2023, 0, 5);

export class BusyActivity {
  private readonly desks: User[];
  private readonly assistants: { ea: User; execs: User[] }[];
  private readonly shared: User[];
  private readonly comms: User;
  private readonly people: User[];
  private readonly homeUsers: User[];

  constructor(
    private readonly tenant: Tenant,
    private readonly state: PermissionState,
    private readonly seed: number,
    private readonly host: BaselineHost,
  ) {
    const t = tenant;
    this.people = t.users.filter(isPerson);
    this.desks = t.users.filter((u) => u.role === 'helpdesk');
    const [ea1, ea2] = t.users.filter((u) => u.role === 'assistant');
    // The first assistant serves the CEO, and the COO from the help desk's grant on the first workday on.
    this.assistants = [
      { ea: ea1!, execs: [role(t, 'ceo'), role(t, 'coo')] },
      { ea: ea2!, execs: [role(t, 'cfo'), role(t, 'counsel')] },
    ];
    this.shared = t.users.filter((u) => u.recipientTypeDetails === 'SharedMailbox');
    this.comms = t.users.find((u) => u.alias === 'communications')!;
    this.homeUsers = t.users.filter((u) => u.homeIp !== null);
  }

  /** The second assistant's standing delegation on the CFO and the General Counsel. */
  seedState(start: number): void {
    const before = start - 150 * DAY;
    const second = this.assistants[1]!;
    for (const exec of second.execs) {
      this.state.grantMailbox(exec.index, { trustee: second.ea.index, rights: ['FullAccess'], actionId: null }, before);
      this.state.grantSendOnBehalf(
        exec.index,
        { trustee: second.ea.index, rights: ['SendOnBehalf'], actionId: null },
        before,
      );
      this.state.grantFolder(
        exec.index,
        { folder: 'Calendar', user: second.ea.index, rights: 'Editor', flags: 'Delegate', actionId: null },
        before,
      );
    }
    this.host.note(
      'ea-delegation',
      'unknown',
      [second.ea.upn, ...second.execs.map((e) => e.upn)],
      before,
      'the second executive assistant holds FullAccess, SendOnBehalf and Calendar Editor (Delegate) on the CFO and ' +
        'the General Counsel, set before the window',
    );
  }

  plan(plan: DayPlan, day: number, dayStart: number, weekend: boolean): void {
    const r = Rng.of(this.seed, 'busy-day', day);
    if (!weekend) {
      this.desks.forEach((_, k) => {
        for (let n = 1 + r.poisson(2); n > 0; n--) plan.add(Kind.DeskGrant, secondBetween(r, 7, 16), 0, r.u32(), 1, k);
      });
      this.assistants.forEach((_, k) => {
        for (let n = 1 + r.poisson(1.5); n > 0; n--)
          plan.add(Kind.OnBehalfSend, secondBetween(r, 7, 16), 0, r.u32(), 1, k);
      });
    }
    if (new Date(dayStart).getUTCDay() === 4) {
      const at = secondBetween(r, 8, 9);
      const issue = Math.floor((dayStart - FIRST_ISSUE) / (7 * DAY)) + 1;
      for (let s = 0; s < this.tenant.users.length; s += SPAN)
        plan.add(Kind.CompanyNewsletter, at + Math.floor(s / SPAN) * 3, s, r.u32(), 0, issue);
    }
    for (const u of this.people) {
      const ur = Rng.of(this.seed, 'busy-user', day, u.index);
      if (ur.chance(weekend ? 0.04 : 0.85)) plan.add(Kind.OfficeSignIn, secondBetween(ur, 6, 9), u.index, ur.u32(), 1);
      if (u.homeIp !== null && ur.chance(0.45))
        plan.add(
          Kind.HomeSignIn,
          ur.chance(0.5) ? secondBetween(ur, 5, 7) : secondBetween(ur, 17, 20),
          u.index,
          ur.u32(),
          1,
        );
      if (weekend) continue;
      if (ur.chance(0.008)) plan.add(Kind.CalendarShare, secondBetween(ur, 7, 16), u.index, ur.u32(), 1);
      if (ur.chance(0.006)) {
        const second = secondBetween(ur, 7, 15);
        const seed = ur.u32();
        plan.add(Kind.CalendarEditor, second, u.index, seed, 1, 0);
        plan.add(Kind.CalendarEditor, second + 25 + ur.int(60), u.index, seed, 1, 1);
      }
      if (ur.chance(0.006)) plan.add(Kind.OwnerRule, secondBetween(ur, 7, 16), u.index, ur.u32(), 1, ur.int(3));
    }
  }

  /** Materialise a busy-only intent; false when the kind is not one of them. */
  emit(plan: DayPlan, i: number, sink: EventSink): boolean {
    const t = this.tenant;
    const seed = plan.seeds[i]!;
    const rng = new Rng(seed);
    const time = plan.timeOf(i);
    const u = t.users[plan.users[i]!]!;
    const aux = plan.aux[i]!;
    switch (plan.kinds[i] as Kind) {
      case Kind.DeskGrant:
        this.deskGrant(this.desks[aux]!, time, rng, sink);
        return true;
      case Kind.OnBehalfSend:
        this.onBehalfSend(aux, plan.day, time, rng, sink);
        return true;
      case Kind.OfficeSignIn:
        sink.audit(signIn(t, rng, time, u, u.ip, rng.pick(USER_AGENTS)));
        this.host.note(
          'office-egress-sign-ins',
          'mailbox owners',
          [t.egressIps[0]!],
          time,
          `nearly every account signs in every working day from the main office egress address ${t.egressIps[0]!} ` +
            '(a few from the other office addresses)',
        );
        return true;
      case Kind.HomeSignIn:
        sink.audit(signIn(t, rng, time, u, u.homeIp!, rng.pick(USER_AGENTS)));
        this.host.note(
          'home-sign-ins',
          'mailbox owners',
          [u.upn, u.homeIp!],
          time,
          'a few people also sign in from home, each from an address no other account uses, on several days ' +
            '(early morning or evening); nothing else is done from those addresses',
        );
        return true;
      case Kind.CompanyNewsletter:
        this.newsletter(u.index, aux, time, rng, sink);
        return true;
      case Kind.CalendarShare:
        this.host.calendarShare(u, time, rng, sink);
        return true;
      case Kind.CalendarEditor:
        this.calendarEditor(u, aux === 1, time, seed, sink);
        return true;
      case Kind.OwnerRule:
        this.ownerRule(u, aux, time, rng, sink);
        return true;
      default:
        return false;
    }
  }

  private deskGrant(desk: User, time: number, rng: Rng, sink: EventSink): void {
    const t = this.tenant;
    const box = rng.pick(this.shared);
    const team = this.people.filter((p) => p.department === TEAMS[box.alias]);
    const member = rng.pick(team.length > 0 ? team : this.people);
    const fullAccess = rng.chance(0.7);
    sink.audit(
      exchangeAdmin(t, rng, {
        time,
        actor: desk,
        operation: fullAccess ? 'Add-MailboxPermission' : 'Add-RecipientPermission',
        object: box.name,
        clientIp: t.egressIps[0]!,
        parameters: fullAccess
          ? [
              ['Identity', box.upn],
              ['User', member.upn],
              ['AccessRights', 'FullAccess'],
              ['InheritanceType', 'All'],
            ]
          : [
              ['Identity', box.upn],
              ['Trustee', member.upn],
              ['AccessRights', 'SendAs'],
              ['Confirm', 'False'],
            ],
      }),
    );
    if (fullAccess)
      this.state.grantMailbox(box.index, { trustee: member.index, rights: ['FullAccess'], actionId: null }, time);
    else this.state.grantSendAs(box.index, { trustee: member.index, rights: ['SendAs'], actionId: null }, time);
    this.host.note('help-desk-delegation', desk.upn, [desk.upn], time, HELP_DESK_NOTE);
  }

  private onBehalfSend(k: number, day: number, time: number, rng: Rng, sink: EventSink): void {
    const t = this.tenant;
    const { ea, execs } = this.assistants[k]!;
    const exec = rng.pick(k === 0 && day < this.host.firstWorkday ? execs.slice(0, 1) : execs);
    const partner = rng.chance(0.35) ? rng.pick(t.partners) : null;
    const to = partner
      ? [rng.pick(partner.contacts)]
      : this.host.colleagueUsers(exec, 1 + rng.int(3), rng).map((v) => v.upn);
    const subject = partner ? externalSubject(rng, t.orgName) : internalSubject(rng);
    const msg = outgoing(t, rng, { time, from: ea, to, subject, clientIp: ea.ip, senderAddress: exec.upn });
    sink.audit(
      mailboxRecord(t, rng, {
        time,
        operation: 'SendOnBehalf',
        recordType: 2,
        actor: ea,
        owner: exec,
        logonType: 2,
        clientIp: ea.ip,
        clientInfo: OUTLOOK_CLIENT,
        appId: APP_OUTLOOK,
        extra: {
          Item: {
            Id: itemId(rng),
            InternetMessageId: msg.messageId,
            ParentFolder: { Id: folderId(exec, '\\Sent Items'), Path: '\\Sent Items' },
            SizeInBytes: msg.size,
            Subject: subject,
          },
          SendOnBehalfOfUserMailboxGuid: exec.mailboxGuid,
          SendOnBehalfOfUserSmtp: exec.upn,
        },
      }),
    );
    sink.mail(msg);
    this.host.note(
      'ea-send-on-behalf',
      ea.upn,
      [ea.upn, exec.upn],
      time,
      `${ea.displayName} sends on behalf of the executives they assist (SendOnBehalf, LogonType 2) from the ` +
        'office, in office hours, to colleagues and suppliers',
    );
  }

  private newsletter(from: number, issue: number, time: number, rng: Rng, sink: EventSink): void {
    const t = this.tenant;
    const to: string[] = [];
    const end = Math.min(t.users.length, from + SPAN);
    for (let k = from; k < end; k++) {
      const v = t.users[k]!;
      if (isPerson(v) && ((Math.imul(k + 1, 2654435761) ^ Math.imul(issue, 40503) ^ this.seed) >>> 0) % 100 < 95)
        to.push(v.upn);
    }
    if (to.length === 0) return;
    sink.mail({
      time,
      sender: this.comms.upn,
      recipients: to.map((address) => ({ address, status: 'Delivered' })),
      subject: `Northwind Weekly - Issue ${issue}`,
      size: 80_000 + rng.int(40_000),
      messageId: externalMessageId(t.domain, rng),
      networkId: rng.guid(),
      fromIp: t.egressIps[0]!,
      toIp: '',
      direction: 'Originating',
      connector: '',
      actionId: null,
    });
    if (from === 0)
      this.host.note(
        'weekly-newsletter',
        this.comms.upn,
        [this.comms.upn],
        time,
        'the internal communications mailbox sends "Northwind Weekly" to about 95% of the staff every Thursday ' +
          'morning, in batches; a 14-day window shows two issues',
      );
  }

  /** Editor on the owner's Calendar: AddFolderPermissions (Reviewer) then ModifyFolderPermissions (Editor). */
  private calendarEditor(owner: User, modify: boolean, time: number, seed: number, sink: EventSink): void {
    const t = this.tenant;
    const mate = this.host.colleagueUsers(owner, 1, new Rng(seed))[0]!;
    const rng = Rng.of(seed, modify ? 'modify' : 'add');
    sink.audit(
      mailboxRecord(t, rng, {
        time,
        operation: modify ? 'ModifyFolderPermissions' : 'AddFolderPermissions',
        recordType: 2,
        actor: owner,
        owner,
        logonType: 0,
        clientIp: owner.ip,
        clientInfo: OUTLOOK_CLIENT,
        appId: APP_OUTLOOK,
        extra: {
          Item: {
            Id: folderId(owner, '\\Calendar'),
            ParentFolder: {
              Id: folderId(owner, '\\Calendar'),
              MemberRights: modify ? EDITOR : REVIEWER,
              MemberSid: mate.sid,
              MemberUpn: mate.upn,
              Name: 'Calendar',
              Path: '\\Calendar',
            },
          },
        },
      }),
    );
    this.state.grantFolder(
      owner.index,
      { folder: 'Calendar', user: mate.index, rights: modify ? 'Editor' : 'Reviewer', flags: '', actionId: null },
      time,
    );
    if (modify)
      this.host.note(
        'calendar-editor-sharing',
        'mailbox owners',
        [owner.upn, mate.upn],
        time,
        'owners give a colleague Editor on their own Calendar from Outlook: AddFolderPermissions, then ' +
          'ModifyFolderPermissions a minute later (LogonType 0, office address)',
      );
  }

  private ownerRule(u: User, variant: number, time: number, rng: Rng, sink: EventSink): void {
    const t = this.tenant;
    const digest = t.newsletters[2]!;
    const rules: [string, readonly (readonly [string, string])[]][] = [
      [
        'Newsletters',
        [
          ['From', rng.pick(t.newsletters).address],
          ['MoveToFolder', 'Newsletters'],
          ['StopProcessingRules', 'True'],
        ],
      ],
      [
        'Intranet digest',
        [
          ['From', digest.address],
          ['MarkAsRead', 'True'],
          ['MoveToFolder', 'Intranet'],
        ],
      ],
      [
        'Northwind Weekly',
        [
          ['From', this.comms.upn],
          ['MoveToFolder', 'Company News'],
          ['MarkAsRead', 'True'],
        ],
      ],
    ];
    const [name, params] = rules[variant % rules.length]!;
    sink.audit(
      exchangeAdmin(t, rng, {
        time,
        actor: u,
        operation: 'New-InboxRule',
        object: `${t.orgPath}/${u.name}\\${name}`,
        appId: APP_OWA,
        parameters: [['AlwaysDeleteOutlookRulesBlob', 'False'], ['Force', 'False'], ['Name', name], ...params],
      }),
    );
    this.host.note(
      'owner-inbox-rules',
      'mailbox owners',
      [u.upn],
      time,
      'owners create ordinary rules in Outlook on the web: file newsletters and the company newsletter in a ' +
        'folder, mark them read (their own mailbox, office address)',
    );
  }
}
