/**
 * Microsoft Sentinel `OfficeActivity` rows as a Log Analytics CSV download (the azure-sentinel
 * corpus file): BOM, LF, unquoted header, culture dates with milliseconds, nested values as
 * pretty-printed JSON inside quoted multi-line cells. A subset of the table's 131 columns.
 */
import { sentinelDate } from '../clock.js';
import type { AuditRecord } from '../model.js';
import type { Rng } from '../random.js';
import { qn, type Output, type Outputs, type Policy, type Writer } from './output.js';

const COLUMNS = [
  'TenantId',
  'UserAgent',
  'RecordType',
  'TimeGenerated [UTC]',
  'Operation',
  'OrganizationId',
  'UserType',
  'UserKey',
  'OfficeWorkload',
  'ResultStatus',
  'OfficeObjectId',
  'UserId',
  'ClientIP',
  'Site_',
  'ItemType',
  'EventSource',
  'Site_Url',
  'SourceRelativeUrl',
  'SourceFileName',
  'SourceFileExtension',
  'Event_Data',
  'Parameters',
  'ExternalAccess',
  'OriginatingServer',
  'OrganizationName',
  'Logon_Type',
  'InternalLogonType',
  'MailboxGuid',
  'MailboxOwnerUPN',
  'MailboxOwnerSid',
  'LogonUserSid',
  'ClientInfoString',
  'Client_IPAddress',
  'ClientProcessName',
  'ClientVersion',
  'Folders',
  'AffectedItems',
  'Item',
  'ModifiedProperties',
  'SendAsUserSmtp',
  'SendOnBehalfOfUserSmtp',
  'ExtendedProperties',
  'Actor',
  'ActorIpAddress',
  'SourceSystem',
  'OfficeId',
  'SourceRecordId',
  'TargetUserOrGroupName',
  'TargetUserOrGroupType',
  'OperationProperties',
  'AppId',
  'ClientAppId',
  'Type',
];
const USER_TYPES = [
  'Regular',
  'Reserved',
  'Admin',
  'DcAdmin',
  'System',
  'Application',
  'ServicePrincipal',
  'CustomPolicy',
  'SystemPolicy',
];
const LOGON_TYPES = ['Owner', 'Admin', 'Delegated', 'Transport', 'SystemService', 'BestAccess', 'DelegatedAdmin'];
// Sentinel's RecordType enum predates 50 (MailItemsAccessed); the corpus shows the bare number.
const RECORD_TYPES: Record<number, string> = {
  1: 'ExchangeAdmin',
  2: 'ExchangeItem',
  3: 'ExchangeItemGroup',
  8: 'AzureActiveDirectory',
  14: 'SharePointSharingOperation',
  15: 'AzureActiveDirectoryStsLogon',
};

const pretty = (v: unknown): string => (v === undefined ? '' : JSON.stringify(v, null, 2));
const text = (v: unknown): string =>
  v === undefined || v === null
    ? ''
    : typeof v === 'boolean'
      ? v
        ? 'TRUE'
        : 'FALSE'
      : typeof v === 'string'
        ? v
        : JSON.stringify(v);

export class SentinelWriter implements Writer {
  private readonly out: Output;

  constructor(
    outputs: Outputs,
    private readonly policy: Policy,
    private readonly workspace: string,
    private readonly rng: Rng,
  ) {
    this.out = outputs.open({
      rel: 'audit/Sentinel_OfficeActivity.csv',
      format: 'sentinel-officeactivity-csv',
      encoding: 'utf-8-bom',
      eol: '\n',
      sampled: true,
      notes: [
        `subset of the OfficeActivity columns: ${COLUMNS.length} of 131`,
        'Log Analytics export: BOM, LF, multi-line quoted JSON cells',
      ],
    });
    this.out.file.line(COLUMNS.join(','));
  }

  audit(r: AuditRecord, day: number): void {
    if (!this.policy.accepts(true, r.actionId, day)) return;
    const d = r.data;
    const status = d.ResultStatus === 'True' ? 'TRUE' : text(d.ResultStatus);
    const ops = Array.isArray(d.OperationProperties)
      ? JSON.stringify(
          (d.OperationProperties as { Name: string; Value: string }[]).map((p) => ({ Value: p.Value, Name: p.Name })),
        )
      : '';
    const values: Record<string, string> = {
      TenantId: this.workspace,
      UserAgent: text(d.UserAgent),
      RecordType: RECORD_TYPES[r.recordType] ?? String(r.recordType),
      'TimeGenerated [UTC]': sentinelDate(r.time + (4 + this.rng.int(9)) * 60_000 + this.rng.int(1000)),
      Operation: r.operation,
      OrganizationId: text(d.OrganizationId),
      UserType: USER_TYPES[d.UserType as number] ?? text(d.UserType),
      UserKey: text(d.UserKey),
      OfficeWorkload: text(d.Workload),
      ResultStatus: status,
      OfficeObjectId: text(d.ObjectId),
      UserId: r.userId,
      ClientIP: text(d.ClientIP),
      Site_: text(d.Site),
      ItemType: text(d.ItemType),
      EventSource: text(d.EventSource),
      Site_Url: text(d.SiteUrl),
      SourceRelativeUrl: text(d.SourceRelativeUrl),
      SourceFileName: text(d.SourceFileName),
      SourceFileExtension: text(d.SourceFileExtension),
      Event_Data: text(d.EventData),
      Parameters: pretty(d.Parameters),
      ExternalAccess: d.ExternalAccess === undefined ? '' : text(d.ExternalAccess).toUpperCase(),
      OriginatingServer: text(d.OriginatingServer).replace(/\r\n$/, '\n'),
      OrganizationName: text(d.OrganizationName),
      Logon_Type: typeof d.LogonType === 'number' ? (LOGON_TYPES[d.LogonType] ?? String(d.LogonType)) : '',
      InternalLogonType: text(d.InternalLogonType),
      MailboxGuid: text(d.MailboxGuid),
      MailboxOwnerUPN: text(d.MailboxOwnerUPN),
      MailboxOwnerSid: text(d.MailboxOwnerSid),
      LogonUserSid: text(d.LogonUserSid),
      ClientInfoString: text(d.ClientInfoString),
      Client_IPAddress: text(d.ClientIPAddress),
      ClientProcessName: text(d.ClientProcessName),
      ClientVersion: text(d.ClientVersion),
      Folders: pretty(d.Folders),
      AffectedItems: pretty(d.AffectedItems),
      Item: pretty(d.Item),
      ModifiedProperties: pretty(d.ModifiedProperties),
      SendAsUserSmtp: text(d.SendAsUserSmtp),
      SendOnBehalfOfUserSmtp: text(d.SendOnBehalfOfUserSmtp),
      ExtendedProperties: pretty(d.ExtendedProperties),
      Actor: pretty(d.Actor),
      ActorIpAddress: text(d.ActorIpAddress),
      SourceSystem: 'OfficeActivityManager',
      OfficeId: r.id,
      SourceRecordId: r.id,
      TargetUserOrGroupName: text(d.TargetUserOrGroupName),
      TargetUserOrGroupType: text(d.TargetUserOrGroupType),
      OperationProperties: ops,
      AppId: text(d.AppId),
      ClientAppId: text(d.ClientAppId),
      Type: 'OfficeActivity',
    };
    this.out.file.line(COLUMNS.map((c) => qn(values[c] ?? '')).join(','));
    this.out.count(r.actionId);
  }
}
