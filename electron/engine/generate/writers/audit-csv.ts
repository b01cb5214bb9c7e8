/**
 * Unified audit log as CSV: the Purview portal export (new 8-column and classic 4-column layouts,
 * A.4a) and `Search-UnifiedAuditLog | Export-Csv` in its RPS, EXO v2 and EXO v3 header variants
 * (A.4b). AuditData is the service serialisation, inside one quoted cell with doubled quotes.
 */
import { deDate, iso7Z, usDate } from '../clock.js';
import type { FileEncoding } from '../encoding.js';
import { recordTypeName, type AuditRecord } from '../model.js';
import type { Rng } from '../random.js';
import { q, qn, row, type DayInfo, type Output, type Outputs, type Policy, type Writer } from './output.js';

/** Purview "new search" export: unquoted header, US dates, integer RecordType, rows end `,,`. */
export class PurviewNewWriter implements Writer {
  private readonly out: Output;

  constructor(
    outputs: Outputs,
    private readonly policy: Policy,
  ) {
    this.out = outputs.open({
      rel: 'audit/Purview_AuditSearch_Export.csv',
      format: 'purview-csv-8',
      encoding: 'utf-8',
      eol: '\r\n',
      sampled: false,
      notes: [
        'primary audit file (full volume)',
        'browser download: no BOM, CRLF, header not quoted, only AuditData and cells that need it quoted',
      ],
    });
    this.out.file.line(
      'RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames',
    );
  }

  audit(r: AuditRecord, day: number): void {
    if (!this.policy.accepts(false, r.actionId, day)) return;
    this.out.file.line(`${r.id},${usDate(r.time)},${r.recordType},${qn(r.operation)},${qn(r.userId)},${q(r.json)},,`);
    this.out.count(r.actionId);
  }
}

/** Purview classic compliance-center export: CreationDate,UserIds,Operations,AuditData with ISO 7-digit dates. */
export class PurviewClassicWriter implements Writer {
  private readonly out: Output;

  constructor(
    outputs: Outputs,
    private readonly policy: Policy,
  ) {
    this.out = outputs.open({
      rel: 'audit/Purview_AuditLog_classic.csv',
      format: 'purview-csv-4',
      encoding: 'utf-8',
      eol: '\r\n',
      sampled: true,
      notes: ['classic compliance-center export (until ~2023)'],
    });
    this.out.file.line('CreationDate,UserIds,Operations,AuditData');
  }

  audit(r: AuditRecord, day: number): void {
    if (!this.policy.accepts(true, r.actionId, day)) return;
    this.out.file.line(`${iso7Z(r.time)},${qn(r.userId)},${qn(r.operation)},${q(r.json)}`);
    this.out.count(r.actionId);
  }
}

export type SualVariant = 'rps' | 'exo-v2' | 'exo-v3';

const SUAL_TAIL = [
  'RecordType',
  'CreationDate',
  'UserIds',
  'Operations',
  'AuditData',
  'ResultIndex',
  'ResultCount',
  'Identity',
  'IsValid',
  'ObjectState',
];
const SUAL: Record<
  SualVariant,
  {
    rel: string;
    format: string;
    encoding: FileEncoding;
    header: string[];
    date: (ms: number) => string;
    typeLine: boolean;
    notes: string[];
  }
> = {
  rps: {
    rel: 'audit/Search-UnifiedAuditLog_RPS_de-DE.csv',
    format: 'sual-csv-rps',
    encoding: 'utf-8-bom',
    typeLine: true,
    date: deDate,
    header: ['PSComputerName', 'RunspaceId', 'PSShowComputerName', ...SUAL_TAIL],
    notes: [
      'Windows PowerShell 5.1, remote PowerShell session, Export-Csv -Encoding UTF8 without -NoTypeInformation',
      'German culture: CreationDate dd.MM.yyyy HH:mm:ss (UTC values)',
    ],
  },
  'exo-v2': {
    rel: 'audit/Search-UnifiedAuditLog_EXOv2.csv',
    format: 'sual-csv-exo-v2',
    encoding: 'utf-8',
    typeLine: false,
    date: usDate,
    header: ['RunspaceId', ...SUAL_TAIL],
    notes: ['EXO v2 module, PowerShell 7, -NoTypeInformation, en-US culture'],
  },
  'exo-v3': {
    rel: 'audit/Search-UnifiedAuditLog_EXOv3.csv',
    format: 'sual-csv-exo-v3',
    encoding: 'utf-8',
    typeLine: false,
    date: usDate,
    header: SUAL_TAIL,
    notes: ['EXO v3 (REST) module, PowerShell 7, en-US culture, as in the Hawk sample'],
  },
};

/** `Search-UnifiedAuditLog | Export-Csv`: every cell quoted, RecordType as its name, paging counters per day window. */
export class SualWriter implements Writer {
  private readonly out: Output;
  private readonly runspace: string;
  private index = 0;
  private count = 0;

  constructor(
    outputs: Outputs,
    private readonly policy: Policy,
    private readonly variant: SualVariant,
    rng: Rng,
  ) {
    const v = SUAL[variant];
    this.out = outputs.open({
      rel: v.rel,
      format: v.format,
      encoding: v.encoding,
      eol: '\r\n',
      sampled: true,
      notes: [
        ...v.notes,
        'ResultIndex/ResultCount restart for each one-day query window ' +
          '(the real 5,000/50,000-row caps are not simulated)',
      ],
    });
    this.runspace = rng.guid();
    if (v.typeLine)
      this.out.file.line('#TYPE Deserialized.Microsoft.Exchange.Data.ApplicationLogic.UnifiedAuditLogEvent');
    this.out.file.line(row(v.header));
  }

  beginDay(d: DayInfo): void {
    this.index = 0;
    this.count = this.policy.takesWholeDay(true, d.day) ? d.auditTotal : d.auditPlanted;
  }

  audit(r: AuditRecord, day: number): void {
    if (!this.policy.accepts(true, r.actionId, day)) return;
    const v = SUAL[this.variant];
    const cells: (string | number)[] = [];
    if (this.variant === 'rps') cells.push('outlook.office365.com', this.runspace, 'False');
    if (this.variant === 'exo-v2') cells.push(this.runspace);
    cells.push(
      recordTypeName(r.recordType),
      v.date(r.time),
      r.userId,
      r.operation,
      r.json,
      ++this.index,
      this.count,
      r.id,
      'True',
      'Unchanged',
    );
    this.out.file.line(row(cells));
    this.out.count(r.actionId);
  }
}
