/**
 * The synthetic organisation: users and their mailboxes, executives, admins, shared and room
 * mailboxes, external partners, newsletter senders and the attacker's infrastructure. Everything is
 * derived from the seed; per-user values are computed once and kept (a few MB at 50,000 users).
 */
import { Rng } from './random.js';

export type Role =
  | 'ceo'
  | 'cfo'
  | 'counsel'
  | 'coo'
  | 'assistant'
  | 'it-admin'
  | 'helpdesk'
  | 'office-manager'
  | 'ap-clerk'
  | 'staff'
  | 'service'
  | 'shared'
  | 'room';

export interface User {
  index: number;
  role: Role;
  first: string;
  last: string;
  displayName: string;
  /** Exchange object Name (unique; shown as Identity in permission dumps and in admin ObjectIds). */
  name: string;
  alias: string;
  /** UPN and primary SMTP address, lower case. */
  upn: string;
  title: string;
  department: string;
  recipientTypeDetails: 'UserMailbox' | 'SharedMailbox' | 'RoomMailbox';
  mailboxGuid: string;
  objectId: string;
  sid: string;
  /** PUID, the UserKey of Exchange records. */
  puid: string;
  /** Office egress or home address the user's clients appear from. */
  ip: string;
  /** A second, home address some users of a busy tenant sign in from on some days (else null). */
  homeIp: string | null;
  /** Audit Premium (E5) licence: Send and MailItemsAccessed are audited for this owner. */
  e5: boolean;
  /** Phone with an ActiveSync partnership. */
  mobile: boolean;
}

export interface Partner {
  domain: string;
  company: string;
  contacts: string[];
  /** Sending mail server address. */
  ip: string;
}

/**
 * `standard`: the organisation every scenario so far uses. `busy`: the same organisation with a second
 * service desk analyst, a second executive assistant, more shared mailboxes (one of them the internal
 * communications mailbox), most clients behind the main office egress and a few users with a home address.
 */
export type TenantProfile = 'standard' | 'busy';

export interface Tenant {
  seed: number;
  profile: TenantProfile;
  orgName: string;
  domain: string;
  onmicrosoft: string;
  tenantId: string;
  /** `EURPR05A012.PROD.OUTLOOK.COM/Microsoft Exchange Hosted Organizations/<tenant>` */
  orgPath: string;
  sidPrefix: string;
  users: User[];
  byRole: Map<Role, User>;
  partners: Partner[];
  newsletters: { address: string; subject: string; ip: string }[];
  mailServers: string[];
  egressIps: string[];
}

const FIRST = [
  'Anna',
  'Ben',
  'Clara',
  'David',
  'Elena',
  'Felix',
  'Grace',
  'Hannah',
  'Isaac',
  'Jonas',
  'Karin',
  'Leo',
  'Maria',
  'Noah',
  'Olivia',
  'Paul',
  'Rosa',
  'Samuel',
  'Tara',
  'Victor',
  'Wendy',
  'Yusuf',
  'Amelia',
  'Bruno',
  'Chloe',
  'Diego',
  'Emma',
  'Finn',
  'Greta',
  'Hugo',
  'Ines',
  'Jakob',
  'Kira',
  'Lena',
  'Mateo',
  'Nora',
  'Oscar',
  'Pia',
  'Rafael',
  'Sofia',
  'Theo',
  'Uma',
  'Valentin',
  'William',
  'Xenia',
  'Zara',
  'José',
  'François',
  'Søren',
  'Chloé',
  'Björn',
  'Łukasz',
  'Aisha',
  'Ravi',
  'Mei',
  'Kenji',
  'Fatima',
  'Lars',
  'Sven',
  'Ingrid',
];
const LAST = [
  'Schmidt',
  'Johnson',
  'Nguyen',
  'Garcia',
  'Novak',
  'Fischer',
  'Brown',
  'Rossi',
  'Kowalski',
  'Dubois',
  'Jensen',
  'Smith',
  'Wagner',
  'Silva',
  'Andersson',
  'Moreau',
  'Weber',
  'Taylor',
  'Kim',
  'Patel',
  'Meyer',
  'Lopez',
  'Hansen',
  'Bauer',
  'Clarke',
  'Romano',
  'Svensson',
  'Keller',
  'Murphy',
  'Costa',
  'Hoffmann',
  'Evans',
  'Schulz',
  'Berg',
  'Ivanova',
  'Sato',
  'Müller',
  'Gonçalves',
  'Sørensen',
  'Dvořák',
  'Öztürk',
  'Lefèvre',
  'Khan',
  'Walker',
  'Young',
  'Allen',
  'Wright',
  'King',
  'Scott',
  'Green',
  'Baker',
  'Adams',
  'Nelson',
  'Hill',
  'Campbell',
  'Mitchell',
  'Roberts',
  'Carter',
  'Phillips',
  'Turner',
];
const DEPARTMENTS = [
  'Finance',
  'Sales',
  'Marketing',
  'Engineering',
  'Operations',
  'Human Resources',
  'Legal',
  'IT',
  'Customer Support',
  'Procurement',
];
const TITLES: Record<string, string[]> = {
  Finance: ['Financial Analyst', 'Accountant', 'Controller', 'Payroll Specialist'],
  Sales: ['Account Executive', 'Sales Manager', 'Sales Representative'],
  Marketing: ['Marketing Specialist', 'Content Manager', 'Brand Manager'],
  Engineering: ['Software Engineer', 'Engineering Manager', 'QA Engineer'],
  Operations: ['Operations Analyst', 'Logistics Coordinator', 'Facilities Manager'],
  'Human Resources': ['HR Generalist', 'Recruiter', 'HR Business Partner'],
  Legal: ['Paralegal', 'Legal Counsel', 'Contracts Manager'],
  IT: ['Systems Engineer', 'Service Desk Analyst', 'Network Engineer'],
  'Customer Support': ['Support Agent', 'Support Team Lead'],
  Procurement: ['Buyer', 'Procurement Coordinator', 'Category Manager'],
};

/** People with a part in the stories; index = position in the user list. */
const FIXED: readonly { role: Role; first: string; last: string; title: string; department: string; alias?: string }[] =
  [
    { role: 'ceo', first: 'Margaret', last: 'Holloway', title: 'Chief Executive Officer', department: 'Executive' },
    { role: 'cfo', first: 'Daniel', last: 'Okafor', title: 'Chief Financial Officer', department: 'Executive' },
    { role: 'counsel', first: 'Priya', last: 'Raman', title: 'General Counsel', department: 'Legal' },
    { role: 'coo', first: 'Henrik', last: 'Larsen', title: 'Chief Operating Officer', department: 'Executive' },
    { role: 'assistant', first: 'Zoë', last: 'Müller', title: 'Executive Assistant', department: 'Executive' },
    { role: 'it-admin', first: 'Tom', last: 'Becker', title: 'IT Systems Administrator', department: 'IT' },
    { role: 'helpdesk', first: 'Sara', last: 'Lindqvist', title: 'Service Desk Lead', department: 'IT' },
    { role: 'office-manager', first: 'Lucas', last: 'Martin', title: 'Office Manager', department: 'Executive' },
    { role: 'ap-clerk', first: 'Emily', last: 'Chen', title: 'Accounts Payable Specialist', department: 'Finance' },
    { role: 'staff', first: 'Kevin', last: 'Walsh', title: 'Procurement Coordinator', department: 'Procurement' },
    { role: 'staff', first: 'Nina', last: 'Petrova', title: 'Marketing Specialist', department: 'Marketing' },
    { role: 'staff', first: 'Omar', last: 'Haddad', title: 'Account Executive', department: 'Sales' },
    { role: 'staff', first: 'Julia', last: 'Santos', title: 'HR Generalist', department: 'Human Resources' },
    { role: 'service', first: 'Mail Sync', last: 'Service', title: '', department: 'IT', alias: 'svc-mailsync' },
  ];
const TAIL: readonly { role: Role; displayName: string; alias: string; type: User['recipientTypeDetails'] }[] = [
  { role: 'shared', displayName: 'Human Resources', alias: 'hr', type: 'SharedMailbox' },
  { role: 'shared', displayName: 'Accounts Payable', alias: 'accounts.payable', type: 'SharedMailbox' },
  { role: 'room', displayName: 'Board Room', alias: 'boardroom', type: 'RoomMailbox' },
];
/** People and shared mailboxes only a busy tenant has (after FIXED, and after TAIL). */
const BUSY_FIXED: typeof FIXED = [
  { role: 'helpdesk', first: 'Marco', last: 'Bianchi', title: 'Service Desk Analyst', department: 'IT' },
  { role: 'assistant', first: 'Ines', last: 'Romero', title: 'Executive Assistant', department: 'Executive' },
];
const BUSY_TAIL: typeof TAIL = [
  { role: 'shared', displayName: 'Sales Team', alias: 'sales', type: 'SharedMailbox' },
  { role: 'shared', displayName: 'Customer Support', alias: 'support', type: 'SharedMailbox' },
  { role: 'shared', displayName: 'Reception', alias: 'reception', type: 'SharedMailbox' },
  { role: 'shared', displayName: 'Internal Communications', alias: 'communications', type: 'SharedMailbox' },
];
export const MIN_USERS = FIXED.length + TAIL.length + 3;

/** The smallest tenant of a profile (the story cast plus three regular people). */
export function minUsersFor(profile: TenantProfile): number {
  return profile === 'busy' ? MIN_USERS + BUSY_FIXED.length + BUSY_TAIL.length : MIN_USERS;
}

const PARTNERS: readonly [string, string][] = [
  ['fabrikam.example', 'Fabrikam'],
  ['tailspintoys.example', 'Tailspin Toys'],
  ['wingtiptoys.example', 'Wingtip Toys'],
  ['adventure-works.example', 'Adventure Works'],
  ['litwareinc.example', 'Litware'],
  ['proseware.example', 'Proseware'],
  ['woodgrovebank.example', 'Woodgrove Bank'],
  ['alpineskihouse.example', 'Alpine Ski House'],
  ['lucernepublishing.example', 'Lucerne Publishing'],
  ['margiestravel.example', "Margie's Travel"],
];

export function fold(s: string): string {
  return s
    .replace(/ß/g, 'ss')
    .replace(/ø/g, 'o')
    .replace(/Ø/g, 'O')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

export function buildTenant(seed: number, userCount: number, profile: TenantProfile = 'standard'): Tenant {
  const min = minUsersFor(profile);
  if (userCount < min) throw new Error(`at least ${min} users are needed`);
  const busy = profile === 'busy';
  const rng = Rng.of(seed, 'tenant');
  const domain = 'northwindtraders.example';
  const onmicrosoft = 'northwindtraders.onmicrosoft.com';
  const sidPrefix =
    `S-1-5-21-${rng.range(1_000_000_000, 2_100_000_000)}-` +
    `${rng.range(1_000_000_000, 2_100_000_000)}-${rng.range(1_000_000_000, 2_100_000_000)}`;
  const egressIps = [
    '198.51.100.10',
    '198.51.100.11',
    '198.51.100.12',
    '198.51.100.24',
    '198.51.100.25',
    '2001:db8:5c0:1::21',
  ];
  const aliases = new Set<string>();
  const names = new Set<string>();
  const users: User[] = [];
  const byRole = new Map<Role, User>();

  let homes = 0;
  const add = (
    u: Omit<User, 'index' | 'mailboxGuid' | 'objectId' | 'sid' | 'puid' | 'ip' | 'homeIp' | 'e5' | 'mobile' | 'name'>,
    vip: boolean,
  ): void => {
    const index = users.length;
    const r = Rng.of(seed, 'user', index);
    let name = u.displayName;
    if (names.has(name)) name = u.alias;
    names.add(name);
    // Draw order kept from the standard tenant so its bytes do not change.
    const home = busy ? false : r.chance(0.25);
    const mailboxGuid = r.guid();
    const objectId = r.guid();
    const puid = `10032000${r.hex(8).toUpperCase()}`;
    let ip: string;
    let homeIp: string | null = null;
    if (busy) {
      // Nearly everyone behind the main office egress; a few people also work from home on some days,
      // each from an address of their own.
      ip = r.chance(0.9) ? egressIps[0]! : r.pick(egressIps);
      if (u.role === 'staff' && r.chance(0.06) && homes < 60) {
        const k = homes++;
        homeIp =
          k % 4 === 3 ? `2001:db8:${(0x4a00 + k).toString(16)}:17::${(k + 2).toString(16)}` : `192.0.2.${20 + k * 3}`;
      }
    } else {
      ip = home
        ? r.chance(0.3)
          ? `2001:db8:${r.hex(4)}:${r.hex(3)}::${r.hex(2)}`
          : `192.0.2.${r.range(1, 254)}`
        : r.pick(egressIps);
    }
    const user: User = {
      ...u,
      index,
      name,
      mailboxGuid,
      objectId,
      sid: `${sidPrefix}-${1100 + index}`,
      puid,
      ip,
      homeIp,
      e5: vip || r.chance(0.15),
      mobile: vip || r.chance(0.4),
    };
    users.push(user);
    if (!byRole.has(user.role)) byRole.set(user.role, user);
  };

  const uniqueAlias = (base: string): string => {
    let alias = base;
    for (let n = 2; aliases.has(alias); n++) alias = `${base}${n}`;
    aliases.add(alias);
    return alias;
  };

  for (const f of busy ? [...FIXED, ...BUSY_FIXED] : FIXED) {
    const alias = uniqueAlias(
      f.alias ??
        fold(`${f.first}.${f.last}`)
          .toLowerCase()
          .replace(/[^a-z0-9.]/g, ''),
    );
    const displayName = f.role === 'service' ? 'Mail Sync Service' : `${f.first} ${f.last}`;
    add(
      {
        role: f.role,
        first: f.first,
        last: f.last,
        displayName,
        alias,
        upn: `${alias}@${domain}`,
        title: f.title,
        department: f.department,
        recipientTypeDetails: 'UserMailbox',
      },
      f.role !== 'staff' && f.role !== 'service',
    );
  }
  const tail = busy ? [...TAIL, ...BUSY_TAIL] : TAIL;
  const regular = userCount - (busy ? FIXED.length + BUSY_FIXED.length : FIXED.length) - tail.length;
  for (let i = 0; i < regular; i++) {
    const r = Rng.of(seed, 'person', i);
    const first = r.pick(FIRST);
    const last = r.pick(LAST);
    const department = DEPARTMENTS[Math.floor(i / 25) % DEPARTMENTS.length]!;
    const alias = uniqueAlias(
      fold(`${first}.${last}`)
        .toLowerCase()
        .replace(/[^a-z0-9.]/g, ''),
    );
    add(
      {
        role: 'staff',
        first,
        last,
        displayName: `${first} ${last}`,
        alias,
        upn: `${alias}@${domain}`,
        title: r.pick(TITLES[department]!),
        department,
        recipientTypeDetails: 'UserMailbox',
      },
      false,
    );
  }
  if (busy) {
    // A busy tenant of any size has a few people working from home on some days.
    for (let i = users.length - 1; homes < 3 && i >= 0; i--) {
      const u = users[i]!;
      if (u.role === 'staff' && u.homeIp === null) u.homeIp = `192.0.2.${20 + homes++ * 3}`;
    }
  }
  for (const t of tail) {
    const alias = uniqueAlias(t.alias);
    add(
      {
        role: t.role,
        first: t.displayName,
        last: '',
        displayName: t.displayName,
        alias,
        upn: `${alias}@${domain}`,
        title: '',
        department: '',
        recipientTypeDetails: t.type,
      },
      false,
    );
  }

  const partners: Partner[] = PARTNERS.map(([pd, company], i) => {
    const r = Rng.of(seed, 'partner', i);
    const contacts: string[] = [];
    const n = 4 + r.int(6);
    for (let k = 0; k < n; k++)
      contacts.push(`${fold(r.pick(FIRST)).toLowerCase()}.${fold(r.pick(LAST)).toLowerCase()}@${pd}`);
    contacts.push(`accounts@${pd}`);
    return { domain: pd, company, contacts: [...new Set(contacts)], ip: `192.0.2.${200 + i}` };
  });

  return {
    seed,
    profile,
    orgName: 'Northwind Traders',
    domain,
    onmicrosoft,
    tenantId: rng.guid(),
    orgPath: `EURPR05A012.PROD.OUTLOOK.COM/Microsoft Exchange Hosted Organizations/${onmicrosoft}`,
    sidPrefix,
    users,
    byRole,
    partners,
    newsletters: [
      { address: 'newsletter@news.contoso-insights.example', subject: 'Industry Insights Weekly', ip: '192.0.2.231' },
      {
        address: 'no-reply@mailer.fourthcoffee.example',
        subject: 'Fourth Coffee: your office order update',
        ip: '192.0.2.232',
      },
      {
        address: 'digest@updates.northwindtraders-intranet.example',
        subject: 'Northwind Intranet Digest',
        ip: '192.0.2.233',
      },
    ],
    mailServers: ['AM6PR05MB4123', 'AM6PR05MB5871', 'DB9PR05MB7734', 'VI1PR05MB3382', 'DB7PR05MB5014', 'AS8PR05MB7910'],
    egressIps,
  };
}

/** The person holding a story role (throws if the tenant is too small; MIN_USERS prevents that). */
export function role(t: Tenant, r: Role): User {
  const u = t.byRole.get(r);
  if (!u) throw new Error(`tenant has no ${r}`);
  return u;
}

/** Fixed story accounts by index (compromised staff, service account). */
export function userAt(t: Tenant, index: number): User {
  const u = t.users[index];
  if (!u) throw new Error(`no user ${index}`);
  return u;
}

/** People (not shared or room mailboxes). */
export function isPerson(u: User): boolean {
  return u.recipientTypeDetails === 'UserMailbox' && u.role !== 'service';
}
