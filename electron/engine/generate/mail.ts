/** Message-level helpers shared by the baseline and the attack stories. */
import type { MailMessage } from './model.js';
import type { Rng } from './random.js';
import type { Tenant, User } from './tenant.js';

export function internalMessageId(tenant: Tenant, rng: Rng): string {
  const srv = rng.pick(tenant.mailServers);
  return `<${srv}${rng.alnum(12)}${rng.hex(8).toUpperCase()}@${srv}.eurprd05.prod.outlook.com>`;
}

export function externalMessageId(domain: string, rng: Rng): string {
  return `<${rng.hex(16)}.${rng.alnum(6)}@mail.${domain}>`;
}

export function messageSize(rng: Rng): number {
  const base = 6000 + rng.int(30000);
  return rng.chance(0.15) ? base + rng.int(2_000_000) : base;
}

const INTERNAL_SUBJECTS = [
  'Re: Q{q} forecast review',
  'Meeting notes {d}',
  'Updated project plan',
  'Re: Team offsite logistics',
  'Draft budget v{n}',
  'FW: Customer escalation #{n}',
  'Weekly status report',
  'Re: Contract renewal',
  'Lunch & learn next week',
  'Re: Travel approval',
  'Action items from today',
  'Re: Hiring plan {q}',
  'Quick question about the {d} report',
  'Training schedule',
  'Re: Re: Slides for Monday',
];
const EXTERNAL_SUBJECTS = [
  'RE: Order #{n}',
  'Invoice {n} from {c}',
  'Delivery schedule week {w}',
  'Re: Quote request {n}',
  'Meeting follow-up',
  'RE: Service agreement',
  'Price list {y}',
  'Re: Shipment {n} delayed',
  'Statement of account',
  'Re: Project kickoff',
];

function fill(t: string, rng: Rng, company: string): string {
  return t
    .replace('{q}', String(1 + rng.int(4)))
    .replace('{n}', String(1000 + rng.int(9000)))
    .replace('{d}', `${1 + rng.int(28)}/${1 + rng.int(12)}`)
    .replace('{w}', String(1 + rng.int(52)))
    .replace('{y}', '2024')
    .replace('{c}', company);
}

export function internalSubject(rng: Rng): string {
  return fill(rng.pick(INTERNAL_SUBJECTS), rng, '');
}

export function externalSubject(rng: Rng, company: string): string {
  return fill(rng.pick(EXTERNAL_SUBJECTS), rng, company);
}

/** Remote MX address for a partner domain. */
export function mxIp(tenant: Tenant, domain: string): string {
  const i = tenant.partners.findIndex((p) => p.domain === domain);
  return i >= 0 ? `192.0.2.${100 + i}` : '203.0.113.200';
}

export interface Send {
  time: number;
  from: User;
  to: readonly string[];
  subject: string;
  clientIp: string;
  size?: number;
  /** The address shown as sender (SendAs / SendOnBehalf: the mailbox owner). */
  senderAddress?: string;
  actionId?: string | null;
}

/** An internal user's outgoing message as message trace records it. */
export function outgoing(tenant: Tenant, rng: Rng, s: Send): MailMessage {
  const external = s.to.find((a) => !a.endsWith(`@${tenant.domain}`));
  return {
    time: s.time + 1000 + rng.int(3000),
    sender: s.senderAddress ?? s.from.upn,
    recipients: s.to.map((address) => ({ address, status: 'Delivered' as const })),
    subject: s.subject,
    size: s.size ?? messageSize(rng),
    messageId: internalMessageId(tenant, rng),
    networkId: rng.guid(),
    fromIp: s.clientIp,
    toIp: external ? mxIp(tenant, external.slice(external.indexOf('@') + 1)) : '',
    direction: 'Originating',
    connector: external ? 'To_DefaultOpportunisticTLS' : '',
    actionId: s.actionId ?? null,
  };
}
