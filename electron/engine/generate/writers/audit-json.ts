/**
 * Unified audit log as JSON written by collection tools (A.4c): Microsoft-Extractor-Suite `Get-UAL`
 * JSON (PowerShell 7, pretty array, AuditData as a nested object) and JSONL (Windows PowerShell 5.1
 * `ConvertTo-Json -Compress`, AuditData as a string, `\/Date(ms)\/` dates), and DFIR-O365RC's raw
 * AuditData lines (one file per day).
 */
import { compactStamp, isoDate, isoNoZ, msDateJson } from '../clock.js';
import { recordTypeName, type AuditRecord } from '../model.js';
import type { DayInfo, Output, Outputs, Policy, Writer } from './output.js';

function wrapperCounts(policy: Policy, d: DayInfo): number {
  return policy.takesWholeDay(true, d.day) ? d.auditTotal : d.auditPlanted;
}

/** Extractor-Suite `Get-UAL -Output JSON` under PowerShell 7: `[`, 2-space indented objects, `]`. */
export class ExtractorJsonWriter implements Writer {
  private readonly out: Output;
  private first = true;
  private index = 0;
  private total = 0;

  constructor(
    outputs: Outputs,
    private readonly policy: Policy,
    start: number,
    end: number,
  ) {
    this.out = outputs.open({
      rel: `audit/Microsoft-Extractor-Suite/UAL-${compactStamp(start)}-${compactStamp(end)}.json`,
      format: 'extractor-suite-ual-json',
      encoding: 'utf-8',
      eol: '\r\n',
      sampled: true,
      notes: ['Get-UAL -Output JSON, PowerShell 7 (no BOM, ISO CreationDate); AuditData converted to a nested object'],
    });
  }

  beginDay(d: DayInfo): void {
    this.index = 0;
    this.total = wrapperCounts(this.policy, d);
  }

  audit(r: AuditRecord, day: number): void {
    if (!this.policy.accepts(true, r.actionId, day)) return;
    const wrapper = {
      RecordType: recordTypeName(r.recordType),
      CreationDate: isoNoZ(r.time),
      UserIds: r.userId,
      Operations: r.operation,
      AuditData: r.data,
      ResultIndex: ++this.index,
      ResultCount: this.total,
      Identity: r.id,
      IsValid: true,
      ObjectState: 'Unchanged',
    };
    const eol = this.out.file.eol;
    const body = `  ${JSON.stringify(wrapper, null, 2).split('\n').join(`${eol}  `)}`;
    this.out.file.write(this.first ? `[${eol}${body}` : `,${eol}${body}`);
    this.first = false;
    this.out.count(r.actionId);
  }

  end(): void {
    const eol = this.out.file.eol;
    this.out.file.write(this.first ? `[]${eol}` : `${eol}]${eol}`);
  }
}

/** JavaScriptSerializer (Windows PowerShell 5.1 ConvertTo-Json) string escaping: also `<`, `>`, `&`, `'`. */
function js51(s: string): string {
  return JSON.stringify(s).replace(/[<>&']/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Extractor-Suite `Get-UAL -Output JSONL` under Windows PowerShell 5.1 (UTF-8 with BOM). */
export class ExtractorJsonlWriter implements Writer {
  private readonly out: Output;
  private index = 0;
  private total = 0;

  constructor(
    outputs: Outputs,
    private readonly policy: Policy,
    start: number,
    end: number,
  ) {
    this.out = outputs.open({
      rel: `audit/Microsoft-Extractor-Suite/UAL-${compactStamp(start)}-${compactStamp(end)}.jsonl`,
      format: 'extractor-suite-ual-jsonl',
      encoding: 'utf-8-bom',
      eol: '\r\n',
      sampled: true,
      notes: [
        'Get-UAL -Output JSONL, Windows PowerShell 5.1: BOM, CreationDate as \\/Date(ms)\\/, ' +
          "AuditData kept as a string, <>&' escaped as \\u00XX",
      ],
    });
  }

  beginDay(d: DayInfo): void {
    this.index = 0;
    this.total = wrapperCounts(this.policy, d);
  }

  audit(r: AuditRecord, day: number): void {
    if (!this.policy.accepts(true, r.actionId, day)) return;
    this.out.file.line(
      `{"RecordType":${js51(recordTypeName(r.recordType))},"CreationDate":${msDateJson(r.time)},` +
        `"UserIds":${js51(r.userId)},"Operations":${js51(r.operation)},` +
        `"AuditData":${js51(r.json)},"ResultIndex":${++this.index},"ResultCount":${this.total},` +
        `"Identity":${js51(r.id)},"IsValid":true,"ObjectState":"Unchanged"}`,
    );
    this.out.count(r.actionId);
  }
}

/**
 * DFIR-O365RC: raw AuditData strings, one per line, `.json` extension; PowerShell 7 in its Docker image (LF, no
 * BOM).
 */
export class DfirWriter implements Writer {
  private current: Output | null = null;
  private currentDay = -1;
  private dayStart = 0;

  constructor(
    private readonly outputs: Outputs,
    private readonly policy: Policy,
    private readonly tenantName: string,
  ) {}

  beginDay(d: DayInfo): void {
    this.currentDay = d.day;
    this.dayStart = d.dayStart;
    this.current = null;
  }

  audit(r: AuditRecord, day: number): void {
    if (!this.policy.accepts(true, r.actionId, day)) return;
    if (this.current === null || day !== this.currentDay) {
      const date = isoDate(this.dayStart);
      this.current = this.outputs.open({
        rel: `audit/DFIR-O365RC/O365_unified_audit_logs/${date}/UnifiedAuditLog_${this.tenantName}_${date}.json`,
        format: 'dfir-o365rc-auditdata-jsonl',
        encoding: 'utf-8',
        eol: '\n',
        sampled: true,
        notes: [
          'JSON lines of raw AuditData despite the .json extension; one file per day (the tool also splits by hour)',
          'PowerShell 7.4 in Docker: LF, no BOM',
        ],
      });
    }
    this.current.file.line(r.json);
    this.current.count(r.actionId);
  }
}
