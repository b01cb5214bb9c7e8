/**
 * AuditData builders with the field order, types and value quirks of real records: CreationTime
 * without Z, string ResultStatus per workload, ClientIP with a port on admin records, `\r\n` at the
 * end of mailbox OriginatingServer.
 */
import { isoNoZ, MINUTE } from './clock.js';
import { serviceJson, type AuditRecord } from './model.js';
import type { Rng } from './random.js';
import type { Tenant, User } from './tenant.js';

export const SERVICE_HOST = 'NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)';
export const APP_EXO_POWERSHELL = 'fb78d390-0c51-40cd-8e17-fdbfab77341b';
export const APP_EXCHANGE = '00000002-0000-0ff1-ce00-000000000000';
export const APP_GRAPH = '00000003-0000-0000-c000-000000000000';
export const APP_OUTLOOK = 'd3590ed6-52b3-4102-aeff-aad2292ab01c';
export const APP_OWA = '00000002-0000-0ff1-ce00-000000000000';
export const ROLE_MAIL_READ = '810c84a8-4a9e-49e6-bf7d-12d183f40d01';
export const ROLE_MAIL_READWRITE = 'e2a3a72e-5f79-4c64-b1b1-878b674786c9';
export const ROLE_FULL_ACCESS_AS_APP = 'dc890d15-9560-4a4c-9b7f-a736ec74ec40';

export type Params = readonly (readonly [string, string])[];

/** An AuditRecord from AuditData built in the service's key order. */
export function finish(t: number, data: Record<string, unknown>, actionId: string | null): AuditRecord {
  return {
    time: t,
    id: data.Id as string,
    recordType: data.RecordType as number,
    operation: data.Operation as string,
    userId: data.UserId as string,
    data,
    json: serviceJson(data),
    actionId,
  };
}

export function server(tenant: Tenant, rng: Rng): string {
  return `${rng.pick(tenant.mailServers)} (15.20.7339.031)`;
}

export interface AdminInput {
  time: number;
  /** A user, or the ServiceHost system account. */
  actor: User | 'system';
  operation: string;
  /** Exchange object Name (or a full path, or '') of the object the cmdlet changed. */
  object: string;
  parameters: Params;
  clientIp?: string;
  sessionId?: string;
  appId?: string;
  actionId?: string | null;
}

/** RecordType 1 (ExchangeAdmin). */
export function exchangeAdmin(tenant: Tenant, rng: Rng, a: AdminInput): AuditRecord {
  const system = a.actor === 'system';
  const user = a.actor === 'system' ? null : a.actor;
  const userId = user ? user.upn : SERVICE_HOST;
  const admin = user !== null && (user.role === 'it-admin' || user.role === 'helpdesk');
  // A path or '' (New-TransportRule records can carry an empty ObjectId) is kept as given.
  const objectId =
    a.object === '' || a.object.includes('/') || a.object.includes('\\') ? a.object : `${tenant.orgPath}/${a.object}`;
  const data: Record<string, unknown> = {
    AppAccessContext: system
      ? {}
      : { IssuedAtTime: isoNoZ(a.time - rng.range(2, 50) * MINUTE), UniqueTokenId: rng.alnum(22) },
    CreationTime: isoNoZ(a.time),
    Id: rng.auditId(),
    Operation: a.operation,
    OrganizationId: tenant.tenantId,
    RecordType: 1,
    ResultStatus: 'True',
    UserKey: user ? user.puid : SERVICE_HOST,
    UserType: system ? 3 : admin ? 2 : 0,
    Version: 1,
    Workload: 'Exchange',
  };
  if (!system) data.ClientIP = withPort(a.clientIp ?? user!.ip, rng);
  data.ObjectId = objectId;
  data.UserId = userId;
  data.AppId = system ? '' : (a.appId ?? APP_EXO_POWERSHELL);
  if (system) data.AppPoolName = 'MSExchangeServiceHost';
  data.ClientAppId = '';
  data.CorrelationID = '';
  data.ExternalAccess = system;
  data.OrganizationName = tenant.onmicrosoft;
  data.OriginatingServer = server(tenant, rng);
  data.Parameters = a.parameters.map(([Name, Value]) => ({ Name, Value }));
  data.RequestId = rng.guid();
  if (!system) data.SessionId = a.sessionId ?? rng.guid();
  return finish(a.time, data, a.actionId ?? null);
}

/** `203.0.113.45:51544` or `[2001:db8::1]:51544` (admin records carry the client port). */
export function withPort(ip: string, rng: Rng): string {
  const port = rng.range(49152, 65535);
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

export interface MailboxInput {
  time: number;
  operation: string;
  recordType: 2 | 3;
  actor: User | 'system';
  owner: User;
  logonType: 0 | 1 | 2;
  clientIp: string;
  clientInfo: string;
  appId?: string;
  sessionId?: string;
  /** Fields after the common block (Item, SendAsUserSmtp …), in order. */
  extra?: Record<string, unknown>;
  actionId?: string | null;
}

/** RecordType 2/3 (ExchangeItem / ExchangeItemGroup). */
export function mailboxRecord(tenant: Tenant, rng: Rng, m: MailboxInput): AuditRecord {
  const user = m.actor === 'system' ? null : m.actor;
  const data: Record<string, unknown> = {
    CreationTime: isoNoZ(m.time),
    Id: rng.auditId(),
    Operation: m.operation,
    OrganizationId: tenant.tenantId,
    RecordType: m.recordType,
    ResultStatus: 'Succeeded',
    UserKey: user ? user.puid : 'S-1-5-18',
    UserType: user ? 0 : 2,
    Version: 1,
    Workload: 'Exchange',
    ClientIP: m.clientIp,
    UserId: user ? user.upn : 'S-1-5-18',
    AppId: m.appId ?? APP_OWA,
    ClientIPAddress: m.clientIp,
    ClientInfoString: m.clientInfo,
    ExternalAccess: user === null,
    InternalLogonType: m.logonType === 1 ? 1 : 0,
    LogonType: m.logonType,
    LogonUserSid: user ? user.sid : 'S-1-5-18',
    MailboxGuid: m.owner.mailboxGuid,
    MailboxOwnerSid: m.owner.sid,
    MailboxOwnerUPN: m.owner.upn,
    OrganizationName: tenant.onmicrosoft,
    OriginatingServer: `${server(tenant, rng)}\r\n`,
    SessionId: m.sessionId ?? rng.guid(),
    ...m.extra,
  };
  return finish(m.time, data, m.actionId ?? null);
}

export interface AccessInput {
  time: number;
  actor: User;
  owner: User;
  logonType: 0 | 2;
  clientIp: string;
  clientInfo: string;
  appId: string;
  clientAppId: string;
  accessType: 'Bind' | 'Sync';
  folders: { path: string; items: { id: string; size: number }[] }[];
  throttled?: boolean;
  sessionId?: string;
  actionId?: string | null;
}

/** RecordType 50 MailItemsAccessed (aggregated). */
export function mailItemsAccessed(tenant: Tenant, rng: Rng, a: AccessInput): AuditRecord {
  const count = a.accessType === 'Sync' ? a.folders.length : a.folders.reduce((n, f) => n + f.items.length, 0);
  const data: Record<string, unknown> = {
    CreationTime: isoNoZ(a.time),
    Id: rng.auditId(),
    Operation: 'MailItemsAccessed',
    OrganizationId: tenant.tenantId,
    RecordType: 50,
    ResultStatus: 'Succeeded',
    UserKey: a.actor.puid,
    UserType: 0,
    Version: 1,
    Workload: 'Exchange',
    UserId: a.actor.upn,
    AppId: a.appId,
    ClientAppId: a.clientAppId,
    ClientIPAddress: a.clientIp,
    ClientInfoString: a.clientInfo,
    // Real MailItemsAccessed records carry this as a string (field types are not stable across real records).
    ExternalAccess: 'False',
    InternalLogonType: 0,
    LogonType: a.logonType,
    LogonUserSid: a.actor.sid,
    MailboxGuid: a.owner.mailboxGuid,
    MailboxOwnerSid: a.owner.sid,
    MailboxOwnerUPN: a.owner.upn,
    OperationProperties: [
      { Name: 'MailAccessType', Value: a.accessType },
      { Name: 'IsThrottled', Value: a.throttled ? 'True' : 'False' },
    ],
    OrganizationName: tenant.onmicrosoft,
    OriginatingServer: `${server(tenant, rng)}\r\n`,
    SessionId: a.sessionId ?? rng.guid(),
    Folders: a.folders.map((f) => ({
      ...(a.accessType === 'Bind'
        ? { FolderItems: f.items.map((i) => ({ InternetMessageId: i.id, SizeInBytes: i.size })) }
        : {}),
      Id: folderId(a.owner, f.path),
      Path: f.path,
    })),
    OperationCount: count,
  };
  return finish(a.time, data, a.actionId ?? null);
}

/** Stable per-mailbox folder id (`LgAAAA…`). */
export function folderId(owner: User, path: string): string {
  let h = 0;
  for (const c of owner.mailboxGuid + path) h = (Math.imul(h, 31) + c.charCodeAt(0)) | 0;
  return (
    `LgAAAAC${owner.mailboxGuid.replace(/-/g, '').slice(0, 20).toUpperCase()}` +
    `AQ${(h >>> 0).toString(36).toUpperCase()}AAAB`
  );
}

export interface EntraInput {
  time: number;
  actor: User;
  operation: string;
  objectId: string;
  clientIp: string;
  modified: readonly (readonly [string, string, string?])[];
  target: readonly (readonly [string, number])[];
  category: string;
  actionId?: string | null;
}

/** RecordType 8 (AzureActiveDirectory) directory change; Operation ends with a period. */
export function entraRecord(tenant: Tenant, rng: Rng, e: EntraInput): AuditRecord {
  const details = JSON.stringify({
    'User-Agent':
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36',
    AppId: '18ed3507-a475-4ccb-b669-d66bc9f2a36e',
  });
  const data: Record<string, unknown> = {
    CreationTime: isoNoZ(e.time),
    Id: rng.auditId(),
    Operation: e.operation,
    OrganizationId: tenant.tenantId,
    RecordType: 8,
    ResultStatus: 'Success',
    UserKey: `${e.actor.puid}@${tenant.onmicrosoft}`,
    UserType: 0,
    Version: 1,
    Workload: 'AzureActiveDirectory',
    ObjectId: e.objectId,
    UserId: e.actor.upn,
    AzureActiveDirectoryEventType: 1,
    ExtendedProperties: [
      { Name: 'additionalDetails', Value: details },
      { Name: 'extendedAuditEventCategory', Value: e.category },
    ],
    ModifiedProperties: e.modified.map(([Name, NewValue, OldValue]) => ({ Name, NewValue, OldValue: OldValue ?? '' })),
    Actor: [
      { ID: e.actor.upn, Type: 5 },
      { ID: e.actor.puid, Type: 3 },
      { ID: `User_${e.actor.objectId}`, Type: 2 },
    ],
    ActorContextId: tenant.tenantId,
    ActorIpAddress: e.clientIp,
    InterSystemsId: rng.guid(),
    IntraSystemId: rng.guid(),
    SupportTicketId: '',
    Target: e.target.map(([ID, Type]) => ({ ID, Type })),
    TargetContextId: tenant.tenantId,
  };
  return finish(e.time, data, e.actionId ?? null);
}

/** RecordType 15 UserLoggedIn. */
export function signIn(
  tenant: Tenant,
  rng: Rng,
  time: number,
  user: User,
  ip: string,
  userAgent: string,
  actionId: string | null = null,
): AuditRecord {
  const data: Record<string, unknown> = {
    CreationTime: isoNoZ(time),
    Id: rng.auditId(),
    Operation: 'UserLoggedIn',
    OrganizationId: tenant.tenantId,
    RecordType: 15,
    ResultStatus: 'Success',
    UserKey: user.objectId,
    UserType: 0,
    Version: 1,
    Workload: 'AzureActiveDirectory',
    ClientIP: ip,
    ObjectId: APP_EXCHANGE,
    UserId: user.upn,
    AzureActiveDirectoryEventType: 1,
    ExtendedProperties: [
      { Name: 'ResultStatusDetail', Value: 'Redirect' },
      { Name: 'UserAgent', Value: userAgent },
      { Name: 'RequestType', Value: 'OAuth2:Authorize' },
    ],
    ModifiedProperties: [],
    Actor: [
      { ID: user.objectId, Type: 0 },
      { ID: user.upn, Type: 5 },
    ],
    ActorContextId: tenant.tenantId,
    ActorIpAddress: ip,
    InterSystemsId: rng.guid(),
    IntraSystemId: rng.guid(),
    SupportTicketId: '',
    Target: [{ ID: APP_EXCHANGE, Type: 0 }],
    TargetContextId: tenant.tenantId,
    ApplicationId: APP_OUTLOOK,
    ErrorNumber: '0',
  };
  return finish(time, data, actionId);
}

export const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.0.0',
  'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17328; Pro)',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15',
];

export const OWA_CLIENT = 'Client=OWA;Action=ViaProxy';
export const OUTLOOK_CLIENT = 'Client=MSExchangeRPC';
export const REST_CLIENT = 'Client=REST;;';

/** Item id (`RgAAAA…`). */
export function itemId(rng: Rng): string {
  return `RgAAAAD${rng.alnum(40)}AAAJ`;
}
