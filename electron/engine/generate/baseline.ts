/**
 * The benign organisation: business-hours mail (internal, partners, newsletters), sign-ins, owner
 * mailbox activity, help-desk delegation by the known service-desk admin, owner calendar sharing,
 * the organisation's transport rules and Exchange system provisioning noise. Nothing here is
 * something an examiner would rate high. A busy tenant adds the activity of baseline-busy.ts.
 */
import {
  exchangeAdmin,
  folderId,
  itemId,
  mailboxRecord,
  mailItemsAccessed,
  SERVICE_HOST,
  signIn,
  USER_AGENTS,
  APP_OUTLOOK,
  OUTLOOK_CLIENT,
  OWA_CLIENT,
  APP_OWA,
} from './audit-data.js';
import {
  externalMessageId,
  externalSubject,
  internalMessageId,
  internalSubject,
  messageSize,
  outgoing,
} from './mail.js';
import { BusyActivity, HELP_DESK_NOTE, type BaselineHost } from './baseline-busy.js';
import type { EventSink } from './model.js';
import { businessSecond, DayPlan, isWeekend, Kind, secondBetween } from './plan.js';
import { Rng } from './random.js';
import type { PermissionState } from './state.js';
import { isPerson, role, type Tenant, type User } from './tenant.js';
import { seedTransportRules } from './transport-rules.js';

export const DISCOVERY_MAILBOX = 'DiscoverySearchMailbox{D919BA05-46A6-415f-80AD-7E09334BB852}';
const NEWSLETTER_SPAN = 200;

export class Baseline implements BaselineHost {
  private readonly people: number[];
  private readonly finance: number[];
  private readonly hr: number[];
  private readonly ap: User;
  private readonly hrBox: User;

  constructor(
    private readonly tenant: Tenant,
    private readonly state: PermissionState,
    private readonly seed: number,
  ) {
    this.people = tenant.users.filter(isPerson).map((u) => u.index);
    this.finance = tenant.users.filter((u) => isPerson(u) && u.department === 'Finance').map((u) => u.index);
    this.hr = tenant.users.filter((u) => isPerson(u) && u.department === 'Human Resources').map((u) => u.index);
    this.ap = tenant.users.find((u) => u.alias === 'accounts.payable')!;
    this.hrBox = tenant.users.find((u) => u.alias === 'hr')!;
    this.busy = tenant.profile === 'busy' ? new BusyActivity(tenant, state, seed, this) : null;
  }

  private readonly busy: BusyActivity | null;

  /** Delegation that already exists when the window opens (all benign). */
  seedState(start: number): void {
    const t = this.tenant;
    const before = start - 200 * 86_400_000;
    for (const i of this.finance.slice(0, 6))
      this.state.grantMailbox(this.ap.index, { trustee: i, rights: ['FullAccess'], actionId: null }, before);
    for (const i of this.hr.slice(0, 4))
      this.state.grantMailbox(this.hrBox.index, { trustee: i, rights: ['FullAccess'], actionId: null }, before);
    const ea = role(t, 'assistant');
    const ceo = role(t, 'ceo');
    this.state.grantMailbox(ceo.index, { trustee: ea.index, rights: ['FullAccess'], actionId: null }, before);
    this.state.grantSendOnBehalf(ceo.index, { trustee: ea.index, rights: ['SendOnBehalf'], actionId: null }, before);
    this.state.grantFolder(
      ceo.index,
      { folder: 'Calendar', user: ea.index, rights: 'Editor', flags: 'Delegate', actionId: null },
      before,
    );
    this.state.grantMailbox(
      ea.index,
      { trustee: role(t, 'office-manager').index, rights: ['FullAccess'], actionId: null },
      before,
    );
    let d = 1;
    while (isWeekend(start + d * 86_400_000)) d++;
    this.workday = d;
    if (this.finance[0] !== undefined)
      this.state.grantSendAs(this.ap.index, { trustee: this.finance[0], rights: ['SendAs'], actionId: null }, before);
    // A leaver's mail goes to a colleague: internal ForwardingAddress, benign.
    // The last two people of the directory (before the shared and room mailboxes).
    const [leaver, heir] = t.users.filter(isPerson).slice(-2).reverse();
    if (leaver && heir && isPerson(leaver) && isPerson(heir)) {
      this.state.setForwarding(
        leaver.index,
        { smtp: '', address: heir.index, deliverAndForward: false, actionId: null },
        before,
      );
      this.note(
        'internal-forwarding',
        'unknown',
        [leaver.upn, heir.upn],
        before,
        "a leaver's mailbox forwards to a colleague (internal ForwardingAddress), set before the window",
      );
    }
    this.note(
      'ea-delegation',
      'unknown',
      [ceo.upn, ea.upn],
      before,
      'executive assistant holds FullAccess, SendOnBehalf and Calendar Editor (Delegate) on the CEO and the office ' +
        'manager FullAccess on the assistant, set before the window; the help desk extends the assistant to the COO ' +
        'on the first workday',
    );
    seedTransportRules(t, this.state, start);
    this.busy?.seedState(start);
  }

  /** First weekday after day 0: the help desk extends the assistant's delegation to the COO. */
  private workday = 1;

  get firstWorkday(): number {
    return this.workday;
  }

  /** Benign activity that looks like delegation, summarised for truth.json. */
  readonly benign = new Map<
    string,
    { kind: string; actor: string; principals: Set<string>; first: number; count: number; note: string }
  >();

  /** Count one occurrence of a benign pattern (one entry per kind, actor and note). */
  note(kind: string, actor: string, principals: readonly string[], time: number, note: string): void {
    const key = `${kind}\u0000${actor}\u0000${note}`;
    const b = this.benign.get(key) ?? { kind, actor, principals: new Set<string>(), first: time, count: 0, note };
    b.count++;
    for (const p of principals) if (b.principals.size < 20) b.principals.add(p.toLowerCase());
    if (time < b.first) b.first = time;
    this.benign.set(key, b);
  }

  plan(day: number, dayStart: number): DayPlan {
    const plan = new DayPlan(day, dayStart);
    const weekend = isWeekend(dayStart);
    const wk = weekend ? 0.08 : 1;
    const users = this.tenant.users;
    for (const u of users) {
      if (!isPerson(u)) continue;
      const r = Rng.of(this.seed, 'day', day, u.index);
      const sendRate = u.role === 'assistant' ? 6 : u.role === 'staff' ? 2.2 : 4;
      for (let k = r.poisson(sendRate * wk); k > 0; k--)
        plan.add(Kind.Send, businessSecond(r), u.index, r.u32(), u.e5 ? 1 : 0);
      for (let k = r.poisson(1.5 * wk); k > 0; k--) plan.add(Kind.Inbound, businessSecond(r), u.index, r.u32(), 0);
      for (let k = r.poisson(0.5 * wk); k > 0; k--) plan.add(Kind.SignIn, businessSecond(r), u.index, r.u32(), 1);
      if (u.e5)
        for (let k = r.poisson(1.5 * wk); k > 0; k--) plan.add(Kind.Access, businessSecond(r), u.index, r.u32(), 1);
      for (let k = r.poisson(0.2 * wk); k > 0; k--) plan.add(Kind.Delete, businessSecond(r), u.index, r.u32(), 1);
      if (!weekend && r.chance(0.004)) plan.add(Kind.CalendarShare, secondBetween(r, 7, 16), u.index, r.u32(), 1);
      if (!weekend && r.chance(0.001)) plan.add(Kind.InboxRule, businessSecond(r), u.index, r.u32(), 1);
    }
    const r = Rng.of(this.seed, 'org-day', day);
    const weekday = new Date(dayStart).getUTCDay();
    // Newsletters: the intranet digest to everyone on Mondays, insights weekly on Tuesdays, the
    // office-supplies mailer daily to a tenth of users; sent in batches of recipients.
    const letters: [number, number][] = [];
    if (weekday === 1) letters.push([2, 100]);
    if (weekday === 2) letters.push([0, 35]);
    if (!weekend) letters.push([1, 10]);
    for (const [n, pct] of letters) {
      const at = secondBetween(r, 5, 7);
      for (let s = 0; s < users.length; s += NEWSLETTER_SPAN)
        plan.add(Kind.Newsletter, at + Math.floor(s / NEWSLETTER_SPAN) * 2, s, r.u32(), 0, n * 1000 + pct);
    }
    if (day === 0) {
      plan.add(Kind.System, 3 * 3600 + 1200, 0, r.u32(), 1, 0);
      plan.add(Kind.System, 3 * 3600 + 1199, 0, r.u32(), 1, 1);
    }
    for (let k = 2 + r.int(4); k > 0; k--) plan.add(Kind.System, r.int(86400), 0, r.u32(), 1, 2 + r.int(3));
    if (!weekend) {
      for (let k = r.poisson(users.length / 400 + 0.3); k > 0; k--)
        plan.add(Kind.HelpDesk, secondBetween(r, 7, 16), 0, r.u32(), 1, r.chance(0.7) ? 0 : 1);
      if (day === this.workday) {
        plan.add(Kind.HelpDesk, secondBetween(r, 8, 10), 0, r.u32(), 1, 2);
        plan.add(Kind.HelpDesk, secondBetween(r, 10, 12), 0, r.u32(), 1, 3);
      }
    }
    this.busy?.plan(plan, day, dayStart, weekend);
    plan.sort();
    return plan;
  }

  /** Materialise intent i of the plan into records and messages. */
  emit(plan: DayPlan, i: number, sink: EventSink): void {
    const t = this.tenant;
    const rng = new Rng(plan.seeds[i]!);
    const time = plan.timeOf(i);
    const u = t.users[plan.users[i]!]!;
    switch (plan.kinds[i] as Kind) {
      case Kind.Send: {
        let to: string[];
        if (rng.chance(0.75)) to = this.colleagues(u, 1 + rng.int(rng.chance(0.3) ? 6 : 3), rng);
        else {
          const p = rng.pick(t.partners);
          to = [rng.pick(p.contacts)];
          if (rng.chance(0.3)) to.push(...this.colleagues(u, 1, rng));
        }
        const subject = to.every((a) => a.endsWith(t.domain)) ? internalSubject(rng) : externalSubject(rng, t.orgName);
        const outlook = rng.chance(0.7);
        const msg = outgoing(t, rng, { time, from: u, to, subject, clientIp: u.ip });
        if (u.e5) {
          sink.audit(
            mailboxRecord(t, rng, {
              time,
              operation: 'Send',
              recordType: 2,
              actor: u,
              owner: u,
              logonType: 0,
              clientIp: u.ip,
              clientInfo: outlook ? OUTLOOK_CLIENT : OWA_CLIENT,
              appId: outlook ? APP_OUTLOOK : APP_OWA,
              extra: {
                Item: {
                  Id: itemId(rng),
                  InternetMessageId: msg.messageId,
                  ParentFolder: { Id: folderId(u, '\\Sent Items'), Path: '\\Sent Items' },
                  SizeInBytes: msg.size,
                  Subject: subject,
                },
              },
            }),
          );
        }
        sink.mail(msg);
        return;
      }
      case Kind.Inbound: {
        const p = rng.pick(t.partners);
        const to = [u.upn, ...(rng.chance(0.2) ? this.colleagues(u, 1, rng) : [])];
        const spam = rng.chance(0.03);
        sink.mail({
          time,
          sender: rng.pick(p.contacts),
          recipients: to.map((address) => ({ address, status: spam ? 'FilteredAsSpam' : 'Delivered' })),
          subject: externalSubject(rng, p.company),
          size: messageSize(rng),
          messageId: externalMessageId(p.domain, rng),
          networkId: rng.guid(),
          fromIp: p.ip,
          toIp: '',
          direction: 'Incoming',
          connector: '',
          actionId: null,
        });
        return;
      }
      case Kind.Newsletter: {
        const n = Math.floor(plan.aux[i]! / 1000);
        const pct = plan.aux[i]! % 1000;
        const letter = t.newsletters[n]!;
        const to: string[] = [];
        const end = Math.min(t.users.length, u.index + NEWSLETTER_SPAN);
        for (let k = u.index; k < end; k++) {
          const v = t.users[k]!;
          if (isPerson(v) && ((Math.imul(k + 1, 2654435761) ^ Math.imul(n + 7, 40503) ^ this.seed) >>> 0) % 100 < pct)
            to.push(v.upn);
        }
        if (to.length === 0) return;
        const domain = letter.address.slice(letter.address.indexOf('@') + 1);
        sink.mail({
          time,
          sender: letter.address,
          recipients: to.map((address) => ({ address, status: 'Delivered' })),
          subject: letter.subject,
          size: 40_000 + rng.int(60_000),
          messageId: externalMessageId(domain, rng),
          networkId: rng.guid(),
          fromIp: letter.ip,
          toIp: '',
          direction: 'Incoming',
          connector: '',
          actionId: null,
        });
        return;
      }
      case Kind.SignIn:
        sink.audit(signIn(t, rng, time, u, u.ip, rng.pick(USER_AGENTS)));
        return;
      case Kind.Access: {
        const sync = rng.chance(0.5);
        const items = Array.from({ length: 1 + rng.int(5) }, () => ({
          id: internalMessageId(t, rng),
          size: messageSize(rng),
        }));
        sink.audit(
          mailItemsAccessed(t, rng, {
            time,
            actor: u,
            owner: u,
            logonType: 0,
            clientIp: u.ip,
            clientInfo: sync ? OUTLOOK_CLIENT : `Client=OWA;${rng.pick(USER_AGENTS)};`,
            appId: sync ? APP_OUTLOOK : APP_OWA,
            clientAppId: '',
            accessType: sync ? 'Sync' : 'Bind',
            folders: [{ path: sync ? rng.pick(['\\Inbox', '\\Sent Items', '\\Archive']) : '\\Inbox', items }],
          }),
        );
        return;
      }
      case Kind.Delete: {
        const soft = rng.chance(0.3);
        sink.audit(
          mailboxRecord(t, rng, {
            time,
            operation: soft ? 'SoftDelete' : 'MoveToDeletedItems',
            recordType: 3,
            actor: u,
            owner: u,
            logonType: 0,
            clientIp: u.ip,
            clientInfo: OUTLOOK_CLIENT,
            appId: APP_OUTLOOK,
            extra: {
              AffectedItems: [
                {
                  Id: itemId(rng),
                  InternetMessageId: externalMessageId(rng.pick(t.partners).domain, rng),
                  ParentFolder: { Id: folderId(u, '\\Inbox'), Path: '\\Inbox' },
                  Subject: externalSubject(rng, t.orgName),
                },
              ],
              CrossMailboxOperation: false,
              DestFolder: soft ? undefined : { Id: folderId(u, '\\Deleted Items'), Path: '\\Deleted Items' },
              Folder: { Id: folderId(u, '\\Inbox'), Path: '\\Inbox' },
            },
          }),
        );
        return;
      }
      case Kind.CalendarShare:
        this.calendarShare(u, time, rng, sink);
        return;
      case Kind.InboxRule: {
        const letter = rng.pick(t.newsletters);
        this.note(
          'benign-inbox-rule',
          'mailbox owners',
          [u.upn],
          time,
          'owners file newsletters with a rule named "Newsletters"',
        );
        sink.audit(
          exchangeAdmin(t, rng, {
            time,
            actor: u,
            operation: 'New-InboxRule',
            object: `${t.orgPath}/${u.name}\\Newsletters`,
            appId: APP_OWA,
            parameters: [
              ['AlwaysDeleteOutlookRulesBlob', 'False'],
              ['Force', 'False'],
              ['Name', 'Newsletters'],
              ['From', letter.address],
              ['MoveToFolder', 'Newsletters'],
              ['StopProcessingRules', 'True'],
            ],
          }),
        );
        return;
      }
      case Kind.HelpDesk:
        this.helpDesk(plan.aux[i]!, time, rng, sink);
        return;
      case Kind.System:
        this.system(plan.aux[i]!, time, rng, sink);
        return;
      default:
        if (!this.busy?.emit(plan, i, sink)) throw new Error(`no emitter for intent kind ${plan.kinds[i]!}`);
    }
  }

  /** Up to n distinct people near u in the directory (same team, mostly). */
  private colleagues(u: User, n: number, rng: Rng): string[] {
    return this.colleagueUsers(u, n, rng).map((v) => v.upn);
  }

  colleagueUsers(u: User, n: number, rng: Rng): User[] {
    const out = new Set<User>();
    const users = this.tenant.users;
    for (let tries = 0; out.size < n && tries < n * 4; tries++) {
      const k = rng.chance(0.8) ? u.index + rng.range(-30, 30) : rng.int(users.length);
      const v = users[k];
      if (v && v !== u && isPerson(v)) out.add(v);
    }
    if (out.size === 0) out.add(users[this.people[rng.int(this.people.length)]!]!);
    return [...out];
  }

  calendarShare(owner: User, time: number, rng: Rng, sink: EventSink): void {
    const t = this.tenant;
    const mate = this.colleagueUsers(owner, 1, rng)[0]!;
    sink.audit(
      mailboxRecord(t, rng, {
        time,
        operation: 'AddFolderPermissions',
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
              MemberRights: 'ReadAny, Visible, FreeBusySimple, FreeBusyDetailed',
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
      { folder: 'Calendar', user: mate.index, rights: 'Reviewer', flags: '', actionId: null },
      time,
    );
    this.note(
      'calendar-sharing',
      'mailbox owners',
      [owner.upn, mate.upn],
      time,
      'owners share their Calendar (Reviewer) with a colleague from Outlook (AddFolderPermissions, LogonType 0)',
    );
  }

  private helpDesk(kind: number, time: number, rng: Rng, sink: EventSink): void {
    const t = this.tenant;
    const desk = role(t, 'helpdesk');
    const office = { clientIp: t.egressIps[0]! };
    this.note('help-desk-delegation', desk.upn, [desk.upn], time, HELP_DESK_NOTE);
    if (kind === 2) {
      const coo = role(t, 'coo');
      const ea = role(t, 'assistant');
      sink.audit(
        exchangeAdmin(t, rng, {
          time,
          actor: desk,
          operation: 'Set-Mailbox',
          object: coo.name,
          ...office,
          parameters: [
            ['Identity', coo.upn],
            ['GrantSendOnBehalfTo', ea.upn],
          ],
        }),
      );
      this.state.grantSendOnBehalf(coo.index, { trustee: ea.index, rights: ['SendOnBehalf'], actionId: null }, time);
      return;
    }
    if (kind === 3) {
      const coo = role(t, 'coo');
      const ea = role(t, 'assistant');
      sink.audit(
        exchangeAdmin(t, rng, {
          time,
          actor: desk,
          operation: 'Add-MailboxPermission',
          object: coo.name,
          ...office,
          parameters: [
            ['Identity', coo.upn],
            ['User', ea.upn],
            ['AccessRights', 'FullAccess'],
            ['InheritanceType', 'All'],
          ],
        }),
      );
      this.state.grantMailbox(coo.index, { trustee: ea.index, rights: ['FullAccess'], actionId: null }, time);
      return;
    }
    const toHr = rng.chance(0.3) && this.hr.length > 0;
    const pool = toHr ? this.hr : this.finance.length > 0 ? this.finance : this.people;
    const box = toHr ? this.hrBox : this.ap;
    const member = t.users[rng.pick(pool)]!;
    if (kind === 0) {
      sink.audit(
        exchangeAdmin(t, rng, {
          time,
          actor: desk,
          operation: 'Add-MailboxPermission',
          object: box.name,
          ...office,
          parameters: [
            ['Identity', box.upn],
            ['User', member.upn],
            ['AccessRights', 'FullAccess'],
            ['InheritanceType', 'All'],
          ],
        }),
      );
      this.state.grantMailbox(box.index, { trustee: member.index, rights: ['FullAccess'], actionId: null }, time);
    } else {
      sink.audit(
        exchangeAdmin(t, rng, {
          time,
          actor: desk,
          operation: 'Add-RecipientPermission',
          object: box.name,
          ...office,
          parameters: [
            ['Identity', box.upn],
            ['Trustee', member.upn],
            ['AccessRights', 'SendAs'],
            ['Confirm', 'False'],
          ],
        }),
      );
      this.state.grantSendAs(box.index, { trustee: member.index, rights: ['SendAs'], actionId: null }, time);
    }
  }

  private system(kind: number, time: number, rng: Rng, sink: EventSink): void {
    const t = this.tenant;
    const path = (name: string): string => `${t.orgPath.replace('EURPR05A012', 'EURPR05A006')}/${name}`;
    const dc: [string, string] = ['DomainController', ''];
    this.note(
      'system-provisioning',
      SERVICE_HOST.toLowerCase(),
      [],
      time,
      'Exchange ServiceHost provisioning: Discovery Management FullAccess on DiscoverySearchMailbox, ' +
        'Set-Mailbox on system mailboxes, plan updates',
    );
    switch (kind) {
      case 0:
        sink.audit(
          exchangeAdmin(t, rng, {
            time,
            actor: 'system',
            operation: 'Add-MailboxPermission',
            object: path(DISCOVERY_MAILBOX),
            parameters: [
              dc,
              ['Identity', path(DISCOVERY_MAILBOX)],
              ['User', path('Discovery Management')],
              ['AccessRights', 'FullAccess'],
            ],
          }),
        );
        return;
      case 1:
        sink.audit(
          exchangeAdmin(t, rng, {
            time,
            actor: 'system',
            operation: 'Set-Mailbox',
            object: path(DISCOVERY_MAILBOX),
            parameters: [dc, ['Identity', path(DISCOVERY_MAILBOX)]],
          }),
        );
        return;
      case 2: {
        const box = `SystemMailbox{${rng.guid().toUpperCase()}}`;
        sink.audit(
          exchangeAdmin(t, rng, {
            time,
            actor: 'system',
            operation: 'Set-Mailbox',
            object: path(box),
            parameters: [dc, ['Identity', path(box)]],
          }),
        );
        return;
      }
      case 3:
        sink.audit(
          exchangeAdmin(t, rng, {
            time,
            actor: 'system',
            operation: 'Set-MailboxPlan',
            object: `${t.onmicrosoft}\\ExchangeOnlineEnterprise-${rng.guid()}`,
            parameters: [
              dc,
              ['Identity', `${t.onmicrosoft}\\ExchangeOnlineEnterprise`],
              ['MaxReceiveSize', '150 MB (157,286,400 bytes)'],
            ],
          }),
        );
        return;
      default:
        sink.audit(
          exchangeAdmin(t, rng, {
            time,
            actor: 'system',
            operation: 'Set-TenantObjectVersion',
            object: `${t.onmicrosoft}\\${t.onmicrosoft}`,
            parameters: [dc, ['Identity', t.onmicrosoft]],
          }),
        );
    }
  }
}

export { SERVICE_HOST };
