/**
 * What every attack story shares: the attacker's infrastructure, the story cast, the story days, one
 * seeded random stream, and how a story records a truth action and plants its records and messages.
 */
import { exchangeAdmin, type Params } from './audit-data.js';
import { DAY, HOUR, MINUTE } from './clock.js';
import { internalMessageId, messageSize } from './mail.js';
import type { AuditRecord, MailMessage } from './model.js';
import { Rng } from './random.js';
import type { PermissionState } from './state.js';
import type { Action, Planted } from './story-types.js';
import { role, userAt, type Tenant, type User } from './tenant.js';

/** Attacker addresses: stolen admin session, delegate session, phishing senders, the visitor of a shared link. */
export const ATTACKER_IPS = {
  admin: '203.0.113.77',
  delegate: '203.0.113.45',
  phish: '203.0.113.112',
  visitor: '203.0.113.66',
} as const;
export const FORWARD_TO = 'd.okafor.archive@secure-mailvault.example';
export const OWA_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36';

export interface Cast {
  ceo: User;
  cfo: User;
  counsel: User;
  coo: User;
  assistant: User;
  officeManager: User;
  clerk: User;
  admin: User;
  /** The account the admin grants everything to (index 9). */
  delegate: User;
  /** The delegate and three more accounts that send the phishing mails (indexes 9-12). */
  phishers: User[];
  /** The service account of the pre-window grant (index 13). */
  svc: User;
}

export type ActionFn = (
  technique: string,
  kind: string,
  actor: string,
  principals: readonly string[],
  time: number,
  description: string,
  inLogWindow?: boolean,
) => string;

export interface Kit {
  t: Tenant;
  state: PermissionState;
  rng: Rng;
  start: number;
  days: number;
  cast: Cast;
  /** Story days: the admin's night, the delegate's working day, the phishing day (a1 <= a2 <= a3 < days). */
  a1: number;
  a2: number;
  a3: number;
  at: (day: number, h: number, m: number, s?: number) => number;
  action: ActionFn;
  audit: (r: AuditRecord) => void;
  mail: (m: MailMessage) => void;
  /** A cmdlet in the stolen admin session (same SessionId, attacker address); `target` a user or an ObjectId as is. */
  adminCmd: (
    time: number,
    operation: string,
    target: User | { rawObjectId: string },
    parameters: Params,
    id: string,
  ) => void;
}

export function createKit(
  tenant: Tenant,
  state: PermissionState,
  seed: number,
  start: number,
  days: number,
): { kit: Kit; actions: Action[]; planted: Planted[] } {
  const t = tenant;
  const rng = Rng.of(seed, 'attack');
  const delegate = userAt(t, 9);
  const cast: Cast = {
    ceo: role(t, 'ceo'),
    cfo: role(t, 'cfo'),
    counsel: role(t, 'counsel'),
    coo: role(t, 'coo'),
    assistant: role(t, 'assistant'),
    officeManager: role(t, 'office-manager'),
    clerk: role(t, 'ap-clerk'),
    admin: role(t, 'it-admin'),
    delegate,
    phishers: [delegate, userAt(t, 10), userAt(t, 11), userAt(t, 12)],
    svc: userAt(t, 13),
  };
  const a1 = Math.max(1, Math.floor(days * 0.3));
  const a2 = Math.min(days - 1, a1 + 1);
  const a3 = Math.min(days - 1, a1 + 2);
  const actions: Action[] = [];
  const planted: Planted[] = [];
  let n = 0;
  const action: ActionFn = (technique, kind, actor, principals, time, description, inLogWindow = true) => {
    const id = `A${String(++n).padStart(2, '0')}`;
    actions.push({
      id,
      technique,
      kind,
      actor: actor.toLowerCase(),
      principals: [...new Set(principals.map((p) => p.toLowerCase()))],
      time: new Date(time).toISOString(),
      inLogWindow,
      description,
    });
    return id;
  };
  const audit = (r: AuditRecord): void => void planted.push({ time: r.time, audit: r });
  const session = rng.guid();
  const kit: Kit = {
    t,
    state,
    rng,
    start,
    days,
    cast,
    a1,
    a2,
    a3,
    at: (day, h, m, s = 0) => start + day * DAY + h * HOUR + m * MINUTE + s * 1000,
    action,
    audit,
    mail: (m) => void planted.push({ time: m.time, mail: m }),
    adminCmd: (time, operation, target, parameters, id) =>
      audit(
        exchangeAdmin(t, rng, {
          time,
          actor: cast.admin,
          operation,
          object: 'rawObjectId' in target ? target.rawObjectId : target.name,
          parameters,
          clientIp: ATTACKER_IPS.admin,
          sessionId: session,
          actionId: id,
        }),
      ),
  };
  return { kit, actions, planted };
}

/** `count` messages the reader opened (MailItemsAccessed folder items). */
export function items(t: Tenant, rng: Rng, count: number): { id: string; size: number }[] {
  return Array.from({ length: count }, () => ({ id: internalMessageId(t, rng), size: messageSize(rng) }));
}
