/**
 * A parser's sink calls, recorded as flat batches so a parse worker can hand them to the thread that
 * owns the write connection. Audit and message rows (nearly all of a large file) travel as their
 * stored columns in one flat array: structured-cloning numbers and strings is cheap, cloning an
 * object per row is not, and the columns are computed (JSON.stringify, natural key) on the parsing
 * side where there is CPU to spare. Order is kept: rows apply exactly as the parser emitted them.
 */
import type { EvidenceSink } from '../../ingest/format.js';
import { auditColumns, messageColumns, type AuditColumns, type MessageColumns } from '../../records/columns.js';
import type {
  NormalizedAuditEvent,
  NormalizedInboxRule,
  NormalizedMessage,
  NormalizedPermission,
} from '../../records/types.js';
import type { EvidenceWriter } from '../../store/evidence-writer.js';

const AUDIT = 1;
const MESSAGE = 2;
const PERMISSION = 3;
const INBOX_RULE = 4;
const ALIAS = 5;
const REJECT = 6;
const NOTE = 7;
const COLLECTED = 8;
const AUDIT_COLUMNS = 12;
const MESSAGE_COLUMNS = 12;

export type BatchOps = unknown[];

export interface BatchLimits {
  rows: number;
  /** Approximate UTF-16 length of the batch's strings. */
  chars: number;
}

/**
 * Records sink calls; `take()` hands over what was recorded since the last take. `onFull` is called
 * when the current batch reaches a limit, so a long run of rows between progress calls still ships.
 */
export class BatchingSink implements EvidenceSink {
  private ops: BatchOps = [];
  /** Records (accepted, duplicate or rejected rows) in the current batch. */
  rows = 0;
  private chars = 0;

  constructor(
    private readonly limits: BatchLimits,
    private readonly onFull: () => void,
  ) {}

  private added(chars: number): void {
    this.rows++;
    this.chars += chars;
    if (this.rows >= this.limits.rows || this.chars >= this.limits.chars) this.onFull();
  }

  audit(row: number, line: number, event: NormalizedAuditEvent): void {
    const c = auditColumns(event);
    this.ops.push(AUDIT, row, line, ...c);
    this.added(c[11].length + c[10].length + 200);
  }

  message(row: number, line: number, message: NormalizedMessage): void {
    const c = messageColumns(message);
    this.ops.push(MESSAGE, row, line, ...c);
    this.added(c[11].length + 200);
  }

  permission(row: number, line: number, entry: NormalizedPermission): void {
    this.ops.push(PERMISSION, row, line, entry);
    this.added(1000);
  }

  inboxRule(row: number, line: number, rule: NormalizedInboxRule): void {
    this.ops.push(INBOX_RULE, row, line, rule);
    this.added(1000);
  }

  alias(principal: string, alias: string): void {
    this.ops.push(ALIAS, principal, alias);
  }

  reject(row: number, line: number, reason: string, raw: string): void {
    this.ops.push(REJECT, row, line, reason, raw);
    this.added(reason.length + raw.length);
  }

  note(text: string): void {
    this.ops.push(NOTE, text);
  }

  collected(at: string, basis: string): void {
    this.ops.push(COLLECTED, at, basis);
  }

  take(): BatchOps {
    const ops = this.ops;
    this.ops = [];
    this.rows = 0;
    this.chars = 0;
    return ops;
  }
}

/** Where a batch is applied: the evidence writer, plus the importer's own handling of rejections and notes. */
export interface BatchTarget {
  writer: EvidenceWriter;
  evidenceId: number;
  reject(row: number, line: number, reason: string, raw: string): void;
  note(text: string): void;
  collected(at: string, basis: string): void;
}

export function applyBatch(ops: BatchOps, t: BatchTarget): void {
  const { writer, evidenceId } = t;
  let i = 0;
  while (i < ops.length) {
    const tag = ops[i] as number;
    switch (tag) {
      case AUDIT:
        writer.addAuditColumns(
          evidenceId,
          ops[i + 1] as number,
          ops[i + 2] as number,
          ops.slice(i + 3, i + 3 + AUDIT_COLUMNS) as AuditColumns,
        );
        i += 3 + AUDIT_COLUMNS;
        break;
      case MESSAGE:
        writer.addMessageColumns(
          evidenceId,
          ops[i + 1] as number,
          ops[i + 2] as number,
          ops.slice(i + 3, i + 3 + MESSAGE_COLUMNS) as MessageColumns,
        );
        i += 3 + MESSAGE_COLUMNS;
        break;
      case PERMISSION:
        writer.addPermission(
          evidenceId,
          ops[i + 1] as number,
          ops[i + 2] as number,
          ops[i + 3] as NormalizedPermission,
        );
        i += 4;
        break;
      case INBOX_RULE:
        writer.addInboxRule(evidenceId, ops[i + 1] as number, ops[i + 2] as number, ops[i + 3] as NormalizedInboxRule);
        i += 4;
        break;
      case ALIAS:
        writer.addAlias(evidenceId, ops[i + 1] as string, ops[i + 2] as string);
        i += 3;
        break;
      case REJECT:
        t.reject(ops[i + 1] as number, ops[i + 2] as number, ops[i + 3] as string, ops[i + 4] as string);
        i += 5;
        break;
      case NOTE:
        t.note(ops[i + 1] as string);
        i += 2;
        break;
      case COLLECTED:
        t.collected(ops[i + 1] as string, ops[i + 2] as string);
        i += 3;
        break;
      default:
        throw new Error(`parse batch: unknown operation ${String(tag)} at ${i}`);
    }
  }
}
