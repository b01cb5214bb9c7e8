/**
 * Writes one evidence file's rows. Callers own the transaction (see ingest/import-file.ts).
 */
import type Database from 'better-sqlite3';
import crypto from 'node:crypto';
import { auditColumns, messageColumns, type AuditColumns, type MessageColumns } from '../records/columns.js';
import type {
  NormalizedAuditEvent,
  NormalizedInboxRule,
  NormalizedMessage,
  NormalizedPermission,
} from '../records/types.js';
import { boundedSource } from '../records/errors.js';
import { isIdentityKey } from '../records/identity-keys.js';
import type { EvidenceFile } from '../../../shared/domain.js';
import { sessionIdsOf } from './audit-sessions.js';
import { sqlite, type WriteDb } from './db.js';
import { TimelineTally } from './timeline-tally.js';
import { LineLocator } from './line-locator.js';

export interface NewEvidence {
  file: string;
  size: number;
  format: string;
  formatLabel: string;
  encoding: string;
  parserVersion: string;
  /** The Delegation Lens version importing it (shared/version.ts). */
  appVersion: string;
  /** What the format's family holds; the rows the file turns out to hold decide (see finishEvidence). */
  kind: EvidenceFile['kind'];
}

export interface ExistingEvidence {
  file: string;
  format: string;
  formatLabel: string;
  accepted: number;
  rejected: number;
  duplicates: number;
}

export interface EvidenceCounts {
  accepted: number;
  rejected: number;
  duplicates: number;
}

export class EvidenceWriter {
  private readonly insertEvent: Database.Statement;
  private readonly insertRejection: Database.Statement;
  private readonly insertPrincipal: Database.Statement;
  private readonly insertPermission: Database.Statement;
  private readonly insertMessage: Database.Statement;
  private readonly insertRule: Database.Statement;
  private readonly insertAlias: Database.Statement;
  private readonly insertSession: Database.Statement;
  /** Timeline buckets of the rows inserted (not of duplicates), added when the file finishes. */
  private readonly tally = new TimelineTally();
  /** The kind the format declared, and the kinds of rows the file actually held (duplicates included). */
  private kind: EvidenceFile['kind'] = 'audit';
  private readonly held = { audit: false, trace: false, dump: false };
  private counts: EvidenceCounts = { accepted: 0, rejected: 0, duplicates: 0 };
  private firstTime: string | null = null;
  private lastTime: string | null = null;
  /** Lines whose rows the importer wants to name (bytes the decoder replaced), or null. */
  private locator: LineLocator | null = null;

  private readonly db: Database.Database;

  constructor(db: WriteDb) {
    this.db = sqlite(db);
    this.insertEvent = this.db.prepare(`
      INSERT OR IGNORE INTO audit_event
        (evidence_id, row, line, record_id, time, record_type, workload, operation, result_status,
         actor, user_type, target, client_ip, parameters, raw)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    // A file may repeat a row number only through a parser bug; keep the first reason.
    this.insertRejection = this.db.prepare(
      'INSERT OR IGNORE INTO evidence_rejection (evidence_id, row, line, reason, raw) VALUES (?, ?, ?, ?, ?)',
    );
    this.insertPrincipal = this.db.prepare('INSERT OR IGNORE INTO principal (key, display) VALUES (?, ?)');
    this.insertPermission = this.db.prepare(`
      INSERT INTO permission (evidence_id, row, line, kind, mailbox, trustee, rights, folder, inherited, deny,
                              values_lost, observed_at, raw)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertMessage = this.db.prepare(`
      INSERT OR IGNORE INTO message (evidence_id, row, line, natural_key, time, sender, recipient, subject, status,
                                     message_id, trace_id, size, direction, client_ip, raw)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertRule = this.db.prepare(`
      INSERT INTO inbox_rule (evidence_id, row, line, mailbox, name, enabled, forward_to, forward_as_attachment_to,
                              redirect_to, delete_message, move_to_folder, mark_as_read, conditions, raw)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    // The first evidence to name an alias wins; later contradictions are not silently merged.
    this.insertAlias = this.db.prepare(
      'INSERT OR IGNORE INTO principal_alias (alias, principal_key, evidence_id) VALUES (?, ?, ?)',
    );
    this.insertSession = this.db.prepare('INSERT OR IGNORE INTO audit_session (session, event_id) VALUES (?, ?)');
  }

  findBySha256(sha256: string): ExistingEvidence | undefined {
    return this.db
      .prepare(
        `SELECT file_name AS file, format, format_label AS formatLabel, rows_accepted AS accepted,
                       rows_rejected AS rejected, rows_duplicate AS duplicates
                FROM evidence WHERE sha256 = ?`,
      )
      .get(sha256) as ExistingEvidence | undefined;
  }

  hasEvidenceOfSize(size: number): boolean {
    return this.db.prepare('SELECT 1 FROM evidence WHERE size = ?').get(size) !== undefined;
  }

  /** Starts the file's registry row; its SHA-256 (hashed while the file is parsed) comes with finishEvidence. */
  beginEvidence(e: NewEvidence): number {
    this.counts = { accepted: 0, rejected: 0, duplicates: 0 };
    this.firstTime = null;
    this.lastTime = null;
    this.tally.clear();
    this.kind = e.kind;
    this.held.audit = this.held.trace = this.held.dump = false;
    const info = this.db
      .prepare(
        `INSERT INTO evidence (file_name, size, sha256, format, format_label, encoding, imported_at, parser_version,
                                      app_version, kind, rows_accepted, rows_rejected, rows_duplicate)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0)`,
      )
      .run(
        e.file,
        e.size,
        `pending:${crypto.randomUUID()}`,
        e.format,
        e.formatLabel,
        e.encoding,
        new Date().toISOString(),
        e.parserVersion,
        e.appVersion,
        e.kind,
      );
    return Number(info.lastInsertRowid);
  }

  addAuditEvent(evidenceId: number, row: number, line: number, ev: NormalizedAuditEvent): void {
    this.addAuditColumns(evidenceId, row, line, auditColumns(ev));
  }

  /** An audit row already in stored form (parse workers send these; see ingest/sink-batch.ts). */
  addAuditColumns(evidenceId: number, row: number, line: number, c: AuditColumns): void {
    this.locator?.see(row, line);
    this.held.audit = true;
    const info = this.insertEvent.run(evidenceId, row, line, ...c);
    if (info.changes === 0) {
      this.counts.duplicates++;
      return;
    }
    this.counted(c[1]);
    this.tally.add('audit', c[1]);
    for (const session of sessionIdsOf(c[11])) this.insertSession.run(session, info.lastInsertRowid);
    if (c[6] !== null) this.principal(c[6]);
    if (c[8] !== null) this.principal(c[8]);
  }

  private counted(time: string | null): void {
    this.counts.accepted++;
    if (time === null) return;
    if (this.firstTime === null || time < this.firstTime) this.firstTime = time;
    if (this.lastTime === null || time > this.lastTime) this.lastTime = time;
  }

  /** Principals named by this file; written sorted when it finishes (cheaper than one random insert each). */
  private readonly principals = new Set<string>();

  /** Only identities count as principals (not URLs, message ids or rule object paths). */
  private principal(key: string): void {
    if (isIdentityKey(key)) this.principals.add(key);
  }

  addPermission(evidenceId: number, row: number, line: number, p: NormalizedPermission): void {
    this.held.dump = true;
    this.locator?.see(row, line);
    this.insertPermission.run(
      evidenceId,
      row,
      line,
      p.kind,
      p.mailbox,
      p.trustee,
      p.rights.join(', '),
      p.folder,
      bool(p.inherited),
      bool(p.deny),
      p.valuesLost ? 1 : 0,
      p.observedAt,
      JSON.stringify(p.raw),
    );
    this.counted(p.observedAt);
    this.principal(p.mailbox);
    if (p.trustee) this.principal(p.trustee);
  }

  addMessage(evidenceId: number, row: number, line: number, m: NormalizedMessage): void {
    this.addMessageColumns(evidenceId, row, line, messageColumns(m));
  }

  addMessageColumns(evidenceId: number, row: number, line: number, c: MessageColumns): void {
    this.locator?.see(row, line);
    this.held.trace = true;
    const info = this.insertMessage.run(evidenceId, row, line, ...c);
    if (info.changes === 0) {
      this.counts.duplicates++;
      return;
    }
    this.counted(c[1]);
    this.tally.add('message', c[1]);
    if (c[2] !== null) this.principal(c[2]);
    if (c[3] !== null) this.principal(c[3]);
  }

  addInboxRule(evidenceId: number, row: number, line: number, r: NormalizedInboxRule): void {
    this.held.dump = true;
    this.locator?.see(row, line);
    this.insertRule.run(
      evidenceId,
      row,
      line,
      r.mailbox,
      r.name,
      bool(r.enabled),
      r.forwardTo,
      r.forwardAsAttachmentTo,
      r.redirectTo,
      bool(r.deleteMessage),
      r.moveToFolder,
      bool(r.markAsRead),
      JSON.stringify(r.conditions),
      JSON.stringify(r.raw),
    );
    this.counted(null);
    this.principal(r.mailbox);
  }

  addAlias(evidenceId: number, principal: string, alias: string): void {
    if (alias.trim() === '' || alias === principal) return;
    this.insertAlias.run(alias.trim(), principal, evidenceId);
  }

  /** A rejected record keeps its source text whole, up to MAX_REJECTED_SOURCE_CHARS (records/errors.ts). */
  addRejection(evidenceId: number, row: number, line: number, reason: string, raw: string): void {
    this.locator?.see(row, line);
    this.insertRejection.run(evidenceId, row, line, reason, boundedSource(raw));
    this.counts.rejected++;
  }

  /** Name the rows `lines` fall in, as this file's records are written (read back with locatedRows). */
  locateLines(lines: readonly number[]): void {
    this.locator = lines.length > 0 ? new LineLocator(lines) : null;
  }

  /** Line -> row of the lines asked for (null: before the first record). */
  locatedRows(): Map<number, number | null> {
    const found = this.locator?.finish() ?? new Map<number, number | null>();
    this.locator = null;
    return found;
  }

  recordsSoFar(): EvidenceCounts {
    return { ...this.counts };
  }

  finishEvidence(
    evidenceId: number,
    sha256: string,
    notes: string[],
    collected: { at: string; basis: string } | null = null,
  ): EvidenceCounts {
    for (const key of [...this.principals].sort()) this.insertPrincipal.run(key, key);
    this.principals.clear();
    // Rows decide what the file holds; a file of only rejections keeps its format's kind.
    const kind = this.held.dump ? 'dump' : this.held.audit ? 'audit' : this.held.trace ? 'trace' : this.kind;
    if (kind === 'dump' && collected) this.tally.add('dump', collected.at);
    this.tally.flush(this.db);
    this.db
      .prepare(
        `UPDATE evidence SET sha256 = ?, rows_accepted = ?, rows_rejected = ?, rows_duplicate = ?,
                first_time = ?, last_time = ?, notes = ?, collected_at = ?, collected_basis = ?, kind = ?
                WHERE id = ?`,
      )
      .run(
        sha256,
        this.counts.accepted,
        this.counts.rejected,
        this.counts.duplicates,
        this.firstTime,
        this.lastTime,
        JSON.stringify(notes),
        collected?.at ?? null,
        collected?.basis ?? null,
        kind,
        evidenceId,
      );
    return { ...this.counts };
  }
}

const bool = (v: boolean | null): number | null => (v === null ? null : v ? 1 : 0);
