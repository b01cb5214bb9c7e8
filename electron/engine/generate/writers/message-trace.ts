/**
 * Message trace and tracking (section C): Get-MessageTrace CSV with and without the remote-session
 * PS* columns (one row per recipient, culture dates), a Get-MessageTraceV2 export with its
 * duplicated page-boundary rows, the admin-center enhanced summary report (UTF-16LE, packed
 * recipient_status), on-premises MSGTRK logs (UTF-8 BOM, `#Fields` header, version 15.02) and the
 * same events as `Get-MessageTrackingLog | Export-Csv` run on a German server (local time, de-DE).
 */
import { deDate, gbDate, iso7Z, isoDate, isoMsZ, usDate } from '../clock.js';
import type { MailMessage } from '../model.js';
import type { Rng } from '../random.js';
import { row, type DayInfo, type Output, type Outputs, type Policy, type Writer } from './output.js';

const V1_COLUMNS = [
  'Organization',
  'MessageId',
  'Received',
  'SenderAddress',
  'RecipientAddress',
  'Subject',
  'Status',
  'ToIP',
  'FromIP',
  'Size',
  'MessageTraceId',
  'StartDate',
  'EndDate',
  'Index',
];
const PAGE = 5000;

/** Get-MessageTrace | Export-Csv; `rps` adds PSComputerName/RunspaceId/PSShowComputerName and uses en-GB dates. */
export class MessageTraceWriter implements Writer {
  private readonly out: Output;
  private readonly runspace: string;
  private n = 0;

  constructor(
    outputs: Outputs,
    private readonly policy: Policy,
    private readonly rps: boolean,
    private readonly org: string,
    private readonly domain: string,
    private readonly windowStart: number,
    private readonly windowEnd: number,
    rng: Rng,
  ) {
    this.out = rps
      ? outputs.open({
          rel: 'messagetrace/Get-MessageTrace_RPS_en-GB.csv',
          format: 'messagetrace-csv-rps',
          encoding: 'utf-8-bom',
          eol: '\r\n',
          sampled: true,
          notes: [
            'Windows PowerShell 5.1 remote session, Export-Csv -NoTypeInformation -Encoding UTF8',
            'en-GB culture: dd/MM/yyyy HH:mm:ss (ambiguous with M/d for days <= 12)',
            'StartDate/EndDate echo the query window',
          ],
        })
      : outputs.open({
          rel: 'messagetrace/Get-MessageTrace.csv',
          format: 'messagetrace-csv',
          encoding: 'utf-8',
          eol: '\r\n',
          sampled: false,
          notes: [
            'primary message-trace file (full volume)',
            'EXO v3 module, PowerShell 7, en-US culture; one row per recipient',
            'the real cmdlet only reaches back 10 days; the window here is the whole run',
          ],
        });
    this.runspace = rng.guid();
    this.out.file.line(row(rps ? ['PSComputerName', 'RunspaceId', 'PSShowComputerName', ...V1_COLUMNS] : V1_COLUMNS));
  }

  mail(m: MailMessage, day: number): void {
    const sampled = this.rps;
    if (!this.policy.accepts(sampled, m.actionId, day)) return;
    const date = this.rps ? gbDate : usDate;
    for (const r of m.recipients) {
      const cells: (string | number)[] = this.rps ? ['outlook.office365.com', this.runspace, 'False'] : [];
      cells.push(
        this.org,
        m.messageId,
        date(m.time),
        m.sender,
        r.address,
        m.subject,
        r.status,
        r.address.endsWith(`@${this.domain}`) ? '' : m.toIp,
        m.fromIp,
        m.size,
        m.networkId,
        date(this.windowStart),
        date(this.windowEnd),
        this.n++ % PAGE,
      );
      this.out.file.line(row(cells));
    }
    this.out.count(m.actionId, m.recipients.length);
  }
}

/** Get-MessageTraceV2 rows as Microsoft-Extractor-Suite v4 writes them (column set L in the doc). */
export class MessageTraceV2Writer implements Writer {
  private readonly out: Output;
  private n = 0;

  constructor(
    outputs: Outputs,
    private readonly policy: Policy,
    stamp: string,
  ) {
    this.out = outputs.open({
      rel: `messagetrace/Microsoft-Extractor-Suite/${stamp}-MessageTrace.csv`,
      format: 'messagetrace-v2-csv',
      encoding: 'utf-8',
      eol: '\r\n',
      sampled: true,
      notes: [
        'Get-MessageTraceV2 via Extractor-Suite v4, PowerShell 7, en-US dates',
        `paging by EndDate repeats the last row of every ${PAGE}-row page ` +
          '(deduplicate on MessageTraceId, RecipientAddress, Received, Status)',
        'column set and order not confirmed by a real sample (an assumption)',
      ],
    });
    this.out.file.line(
      row([
        'Received',
        'SenderAddress',
        'RecipientAddress',
        'Subject',
        'Status',
        'ToIP',
        'FromIP',
        'Size',
        'MessageId',
        'MessageTraceId',
      ]),
    );
  }

  mail(m: MailMessage, day: number): void {
    if (!this.policy.accepts(true, m.actionId, day)) return;
    for (const r of m.recipients) {
      const line = row([
        usDate(m.time),
        m.sender,
        r.address,
        m.subject,
        r.status,
        m.toIp,
        m.fromIp,
        m.size,
        m.messageId,
        m.networkId,
      ]);
      this.out.file.line(line);
      this.out.count(m.actionId);
      if (++this.n % PAGE === 0) {
        this.out.file.line(line);
        this.out.count(m.actionId);
      }
    }
  }
}

const EVENTS: Record<string, string> = {
  Delivered: 'Receive, Deliver',
  Failed: 'Receive, Fail',
  FilteredAsSpam: 'Receive, Deliver',
  Quarantined: 'Receive, Quarantine',
  Expanded: 'Receive, Expand',
};

/** Enhanced summary report downloaded from the admin center: UTF-16LE with BOM, one row per message. */
export class EnhancedSummaryWriter implements Writer {
  private readonly out: Output;

  constructor(
    outputs: Outputs,
    private readonly policy: Policy,
    private readonly domain: string,
    requestId: string,
  ) {
    this.out = outputs.open({
      rel: `messagetrace/MTSummary_Report_${requestId}.csv`,
      format: 'messagetrace-enhanced-summary',
      encoding: 'utf-16le-bom',
      eol: '\r\n',
      sampled: true,
      notes: [
        'admin center enhanced summary report (Start-HistoricalSearch -ReportType MessageTrace)',
        'one row per message; recipient_status packs every recipient as address##events joined by ;',
        'quoting of the real download not verified; every cell quoted here',
      ],
    });
    this.out.file.line(
      row([
        'origin_timestamp_utc',
        'sender_address',
        'recipient_status',
        'message_subject',
        'total_bytes',
        'message_id',
        'network_message_id',
        'original_client_ip',
        'directionality',
        'connector_id',
        'delivery_priority',
      ]),
    );
  }

  mail(m: MailMessage, day: number): void {
    if (!this.policy.accepts(true, m.actionId, day)) return;
    const status = m.recipients
      .map((r) => {
        const events = r.address.endsWith(`@${this.domain}`)
          ? EVENTS[r.status]
          : r.status === 'Delivered'
            ? 'Receive, Send'
            : EVENTS[r.status];
        return `${r.address}##${events}`;
      })
      .join(';');
    this.out.file.line(
      row([
        iso7Z(m.time, m.size % 10000),
        m.sender,
        status,
        m.subject,
        m.size,
        m.messageId,
        m.networkId,
        m.fromIp,
        m.direction,
        m.connector,
        'Normal',
      ]),
    );
    this.out.count(m.actionId);
  }
}

const MSGTRK_FIELDS =
  'date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,source,event-id,internal-message-id,message-id,network-message-id,recipient-address,recipient-status,total-bytes,recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,message-info,directionality,tenant-id,original-client-ip,original-server-ip,custom-data,transport-traffic-type,log-id,schema-version';
const VERSION = '15.02.1544.004';

/** MSGTRK log field: quoted only when it contains a comma or a quote. */
const f = (v: string | number): string => {
  const s = String(v);
  return /[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const TRACKING_CSV_COLUMNS = [
  'Timestamp',
  'ClientIp',
  'ClientHostname',
  'ServerIp',
  'ServerHostname',
  'SourceContext',
  'ConnectorId',
  'Source',
  'EventId',
  'InternalMessageId',
  'MessageId',
  'NetworkMessageId',
  'Recipients',
  'RecipientStatus',
  'TotalBytes',
  'RecipientCount',
  'RelatedRecipientAddress',
  'Reference',
  'MessageSubject',
  'Sender',
  'ReturnPath',
  'Directionality',
  'TenantId',
  'OriginalClientIp',
  'OriginalServerIp',
  'MessageInfo',
  'MessageLatency',
  'MessageLatencyType',
  'EventData',
  'TransportTrafficType',
  'SchemaVersion',
];

/**
 * Europe/Berlin's UTC offset: CET, CEST from the last Sunday of March 01:00 UTC to the last Sunday of October
 * 01:00 UTC.
 */
export function berlinOffset(ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  const lastSunday = (month: number) => {
    const last = Date.UTC(year, month + 1, 0);
    return last - new Date(last).getUTCDay() * 86_400_000;
  };
  const summer = ms >= lastSunday(2) + 3_600_000 && ms < lastSunday(9) + 3_600_000;
  return (summer ? 2 : 1) * 3_600_000;
}

/** Exchange 2019 message tracking log of the hybrid organisation's hub, one file per day. */
export class MsgTrkWriter implements Writer {
  private current: Output | null = null;
  private internalId = 51539607553;
  private dayStart = 0;
  /** The same events through Get-MessageTrackingLog | Export-Csv on the hub (one file for the window). */
  private readonly trackingCsv: Output;

  constructor(
    private readonly outputs: Outputs,
    private readonly policy: Policy,
    private readonly domain: string,
  ) {
    this.trackingCsv = outputs.open({
      rel: 'messagetrace/onprem/Get-MessageTrackingLog_EX02.csv',
      format: 'message-tracking-log-csv',
      encoding: 'utf-8-bom',
      eol: '\r\n',
      sampled: true,
      notes: [
        'Get-MessageTrackingLog -Server EX02 | Select-Object * with Recipients/RecipientStatus/Reference ' +
          'joined by ";" | Export-Csv -NoTypeInformation -Encoding UTF8',
        "Timestamp in the server's local time (Europe/Berlin, CET/CEST) and de-DE culture, with no offset: " +
          "the importer infers it from MessageInfo's UTC submit times",
      ],
    });
    this.trackingCsv.file.line(row(TRACKING_CSV_COLUMNS));
  }

  beginDay(d: DayInfo): void {
    this.current = null;
    this.dayStart = d.dayStart;
  }

  private file(): Output {
    if (this.current) return this.current;
    const stamp = isoDate(this.dayStart).replace(/-/g, '');
    const out = this.outputs.open({
      rel: `messagetrace/onprem/MSGTRK${stamp}00-1.LOG`,
      format: 'msgtrk-log',
      encoding: 'utf-8-bom',
      eol: '\r\n',
      sampled: true,
      notes: [
        'Exchange Server 2019 (15.02) message tracking log: UTF-8 BOM, CRLF, #Fields header',
        'one file per day here; real logs roll over by size and hour',
        'events RECEIVE, DELIVER (internal) and SEND (external) per message',
      ],
    });
    out.file.line('#Software: Microsoft Exchange Server');
    out.file.line(`#Version: ${VERSION}`);
    out.file.line('#Log-type: Message Tracking Log');
    out.file.line(`#Date: ${isoMsZ(this.dayStart + 117)}`);
    out.file.line(`#Fields: ${MSGTRK_FIELDS}`);
    this.current = out;
    return out;
  }

  mail(m: MailMessage, day: number): void {
    if (!this.policy.accepts(true, m.actionId, day)) return;
    const out = this.file();
    const id = this.internalId++;
    const internal = m.recipients.filter((r) => r.address.endsWith(`@${this.domain}`) && r.status !== 'Failed');
    const external = m.recipients.filter((r) => !r.address.endsWith(`@${this.domain}`));
    const origin = m.direction === 'Originating';
    const line = (
      t: number,
      clientIp: string,
      clientHost: string,
      serverIp: string,
      serverHost: string,
      context: string,
      connector: string,
      source: string,
      event: string,
      recips: string[],
      statuses: string[],
      info: string,
    ): void => {
      out.file.line(
        [
          isoMsZ(t),
          clientIp,
          clientHost,
          serverIp,
          serverHost,
          context,
          connector,
          source,
          event,
          id,
          m.messageId,
          m.networkId,
          recips.join(';'),
          statuses.join(';'),
          m.size,
          recips.length,
          '',
          '',
          m.subject,
          m.sender,
          m.sender,
          info,
          m.direction,
          '',
          origin ? m.fromIp : '',
          origin ? '10.0.0.21' : m.fromIp,
          '',
          'Email',
          m.networkId,
          VERSION,
        ]
          .map(f)
          .join(','),
      );
      out.count(m.actionId);
      this.trackingCsv.file.line(
        row([
          deDate(t + berlinOffset(t)),
          clientIp,
          clientHost,
          serverIp,
          serverHost,
          context,
          connector,
          source,
          event,
          id,
          m.messageId,
          m.networkId,
          recips.join(';'),
          statuses.join(';'),
          m.size,
          recips.length,
          '',
          '',
          m.subject,
          m.sender,
          m.sender,
          m.direction,
          '',
          origin ? m.fromIp : '',
          origin ? '10.0.0.21' : m.fromIp,
          info,
          '',
          'None',
          '',
          'Email',
          VERSION,
        ]),
      );
      this.trackingCsv.count(m.actionId);
    };
    const all = m.recipients.map((r) => r.address);
    line(
      m.time,
      origin ? '10.0.0.21' : m.fromIp,
      origin ? 'EX01.corp.northwindtraders.example' : `mail.${m.sender.slice(m.sender.indexOf('@') + 1)}`,
      '10.0.0.22',
      'EX02.corp.northwindtraders.example',
      origin ? `08DC${id.toString(16).toUpperCase()};250 2.0.0 OK` : '250 2.0.0 OK',
      origin ? 'EX02\\Default EX02' : 'EX02\\Default Frontend EX02',
      origin ? 'STOREDRIVER' : 'SMTP',
      'RECEIVE',
      all,
      [],
      '',
    );
    if (internal.length > 0) {
      line(
        m.time + 600,
        '10.0.0.22',
        'EX02.corp.northwindtraders.example',
        '10.0.0.23',
        'EX03.corp.northwindtraders.example',
        'MDB:9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
        '',
        'STOREDRIVER',
        'DELIVER',
        internal.map((r) => r.address),
        internal.map(() => '250 2.0.0 OK'),
        `${isoMsZ(m.time)};SRV=EX02.corp.northwindtraders.example:TOTAL-HUB=0.6|SMR=0.110`,
      );
    }
    if (external.length > 0) {
      line(
        m.time + 1400,
        '10.0.0.22',
        'EX02.corp.northwindtraders.example',
        m.toIp,
        `mx.${external[0]!.address.slice(external[0]!.address.indexOf('@') + 1)}`,
        `250 2.6.0 ${m.messageId} Queued mail for delivery`,
        'Outbound to Internet',
        'SMTP',
        'SEND',
        external.map((r) => r.address),
        external.map(() => '250 2.1.5 Recipient OK'),
        `${isoMsZ(m.time)};SRV=EX02.corp.northwindtraders.example:TOTAL-HUB=1.402|SMR=0.110`,
      );
    }
  }
}
