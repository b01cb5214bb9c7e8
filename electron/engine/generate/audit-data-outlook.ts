/**
 * UpdateInboxRules (RecordType 2): a rule created or changed through MAPI, e.g. from Outlook desktop.
 * Key order, value types and quirks as in real records: `AppAccessContext` `{}`, no `AppId` and no
 * `ObjectId`, `ClientProcessName` / `ClientVersion` / `ClientRequestId` after `ClientInfoString`,
 * OperationProperties in the order RuleOperation, RuleId (signed 64-bit as a string), RuleState,
 * RuleCondition, RuleName (sometimes with no Value at all), RuleProvider, RuleActions (a JSON array
 * inside a string), and the rule's folder as `Item`.
 */
import { finish, folderId, server } from './audit-data.js';
import { isoNoZ } from './clock.js';
import type { AuditRecord } from './model.js';
import type { Rng } from './random.js';
import type { Tenant, User } from './tenant.js';

export const OUTLOOK_VERSION = '16.0.17328.20550';

export interface InboxRuleChange {
  time: number;
  actor: User;
  owner: User;
  logonType: 0 | 2;
  clientIp: string;
  operation: 'AddMailboxRule' | 'ModifyMailboxRule' | 'RemoveMailboxRule';
  /** Signed 64-bit rule id as a decimal string. */
  ruleId: string;
  ruleState: string;
  /** MAPI restriction text, e.g. `{(Exists(ItemClass))}`. */
  condition: string;
  /** null: the RuleName entry carries no Value key. */
  name: string | null;
  actions: readonly Record<string, unknown>[];
  /** Write Item.ImmutableId as the service's conversion-error value. */
  immutableIdError?: boolean;
  actionId: string | null;
}

/**
 * A rule id as MAPI's PR_RULE_ID (PT_I8, signed): random high part with its top bit set (so the value
 * is negative, as in real records), low 32 bits 1 as in real rule identities.
 */
export function mapiRuleId(rng: Rng): string {
  const high = BigInt((rng.u32() | 0x80000000) >>> 0);
  return BigInt.asIntN(64, (high << 32n) | 1n).toString();
}

export function updateInboxRules(tenant: Tenant, rng: Rng, c: InboxRuleChange): AuditRecord {
  const { actor, owner } = c;
  const inbox = folderId(owner, '\\Inbox');
  const data: Record<string, unknown> = {
    AppAccessContext: {},
    CreationTime: isoNoZ(c.time),
    Id: rng.auditId(),
    Operation: 'UpdateInboxRules',
    OrganizationId: tenant.tenantId,
    RecordType: 2,
    ResultStatus: 'Succeeded',
    UserKey: actor.puid,
    UserType: 0,
    Version: 1,
    Workload: 'Exchange',
    ClientIP: c.clientIp,
    UserId: actor.upn,
    ClientIPAddress: c.clientIp,
    ClientInfoString: 'Client=MSExchangeRPC',
    ClientProcessName: 'OUTLOOK.EXE',
    ClientRequestId: `{${rng.guid().toUpperCase()}}`,
    ClientVersion: OUTLOOK_VERSION,
    ExternalAccess: false,
    InternalLogonType: 0,
    LogonType: c.logonType,
    LogonUserSid: actor.sid,
    MailboxGuid: owner.mailboxGuid,
    MailboxOwnerSid: owner.sid,
    MailboxOwnerUPN: owner.upn,
    OperationProperties: [
      { Name: 'RuleOperation', Value: c.operation },
      { Name: 'RuleId', Value: c.ruleId },
      { Name: 'RuleState', Value: c.ruleState },
      { Name: 'RuleCondition', Value: c.condition },
      c.name === null ? { Name: 'RuleName' } : { Name: 'RuleName', Value: c.name },
      { Name: 'RuleProvider', Value: 'RuleOrganizer' },
      { Name: 'RuleActions', Value: JSON.stringify(c.actions) },
    ],
    OrganizationName: tenant.onmicrosoft,
    OriginatingServer: `${server(tenant, rng)}\r\n`,
    SessionId: rng.guid(),
    Item: {
      Id: inbox,
      ...(c.immutableIdError ? { ImmutableId: 'ErrorDuringIdConversion' } : {}),
      ParentFolder: { Id: inbox, Name: 'Inbox', Path: '\\Inbox' },
    },
  };
  return finish(c.time, data, c.actionId);
}
