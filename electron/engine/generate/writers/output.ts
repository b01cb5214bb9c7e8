/**
 * The set of files one run writes: where they go, their format id, encoding, record counts and which
 * planted actions each file shows (for truth.json). Also the sampling policy for large runs.
 */
import path from 'node:path';
import { encodingLabel, TextFile, type FileEncoding, type LineEnding } from '../encoding.js';
import type { AuditRecord, MailMessage } from '../model.js';

export interface DayInfo {
  day: number;
  dayStart: number;
  /** Audit records the whole day produces (baseline + planted). */
  auditTotal: number;
  /** Planted audit records of the day. */
  auditPlanted: number;
}

export interface Writer {
  beginDay?(d: DayInfo): void;
  audit?(r: AuditRecord, day: number): void;
  mail?(m: MailMessage, day: number): void;
  /** Called once after the last day, before files close. */
  end?(): void | Promise<void>;
}

/**
 * Large runs write the full volume only to the primary files; every other variant gets the
 * baseline of the first `sampleDays` days plus every planted record, so it still shows each action.
 */
export class Policy {
  constructor(
    readonly full: boolean,
    readonly sampleDays: number,
  ) {}

  accepts(sampled: boolean, actionId: string | null, day: number): boolean {
    return !sampled || this.full || actionId !== null || day < this.sampleDays;
  }

  /** Whether a sampled writer takes every record of `day`. */
  takesWholeDay(sampled: boolean, day: number): boolean {
    return !sampled || this.full || day < this.sampleDays;
  }

  coverage(sampled: boolean): string {
    if (!sampled || this.full) return 'full';
    return (
      `sample: baseline of the first ${this.sampleDays} day(s) plus every planted record ` +
      '(full volume is in the primary files)'
    );
  }
}

export interface OutputSpec {
  rel: string;
  format: string;
  encoding: FileEncoding;
  eol: LineEnding;
  sampled: boolean;
  notes?: string[];
}

export class Output {
  records = 0;
  readonly actions = new Set<string>();
  readonly file: TextFile;

  constructor(
    readonly spec: OutputSpec,
    outDir: string,
    readonly coverage: string,
  ) {
    this.file = new TextFile(path.join(outDir, ...spec.rel.split('/')), spec.encoding, spec.eol);
  }

  count(actionId: string | null, n = 1): void {
    this.records += n;
    if (actionId) this.actions.add(actionId);
  }

  /** Mark an action as visible in this file without counting a record (dump rows count themselves). */
  shows(actionId: string | null): void {
    if (actionId) this.actions.add(actionId);
  }
}

export class Outputs {
  readonly list: Output[] = [];

  constructor(
    readonly outDir: string,
    readonly policy: Policy,
  ) {}

  open(spec: OutputSpec): Output {
    const out = new Output(spec, this.outDir, this.policy.coverage(spec.sampled));
    this.list.push(out);
    return out;
  }

  async drain(): Promise<void> {
    for (const o of this.list) await o.file.drain();
  }

  async closeAll(): Promise<void> {
    for (const o of this.list) await o.file.close();
  }

  describe(): {
    path: string;
    format: string;
    encoding: string;
    encodingLabel: string;
    lineEnding: string;
    records: number;
    coverage: string;
    notes: string[];
  }[] {
    return this.list.map((o) => ({
      path: o.spec.rel,
      format: o.spec.format,
      encoding: o.spec.encoding,
      encodingLabel: encodingLabel(o.spec.encoding),
      lineEnding: o.spec.eol === '\r\n' ? 'CRLF' : 'LF',
      records: o.records,
      coverage: o.coverage,
      notes: o.spec.notes ?? [],
    }));
  }
}

/** CSV cell, always quoted, embedded quotes doubled (Export-Csv default). */
export const q = (v: string | number | boolean): string => `"${String(v).replace(/"/g, '""')}"`;

/** CSV cell quoted only when it must be (portal exports). */
export function qn(v: string): string {
  return /[",\r\n]/.test(v) ? q(v) : v;
}

export const row = (cells: readonly (string | number | boolean)[]): string => cells.map(q).join(',');
