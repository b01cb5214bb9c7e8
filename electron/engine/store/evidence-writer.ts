/**
 * Writes one evidence file's rows. Callers own the transaction (see ingest/import-file.ts).
 */
import type Database from 'better-sqlite3';
import type { NormalizedAuditEvent } from '../ingest/audit-record.js';
import type { WriteDb } from './db.js';

export interface NewEvidence {
  file: string;
  size: number;
  sha256: string;
  format: string;
  formatLabel: string;
  encoding: string;
  parserVersion: string;
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
  private counts: EvidenceCounts = { accepted: 0, rejected: 0, duplicates: 0 };
  private firstTime: string | null = null;
  private lastTime: string | null = null;

  constructor(private readonly db: WriteDb) {
    this.insertEvent = db.prepare(`
      INSERT OR IGNORE INTO audit_event
        (evidence_id, row, line, record_id, time, record_type, workload, operation, result_status,
         actor, user_type, target, client_ip, parameters, raw)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    // A file may repeat a row number only through a parser bug; keep the first reason.
    this.insertRejection = db.prepare('INSERT OR IGNORE INTO evidence_rejection (evidence_id, row, line, reason, raw) VALUES (?, ?, ?, ?, ?)');
    this.insertPrincipal = db.prepare('INSERT OR IGNORE INTO principal (key, display) VALUES (?, ?)');
  }

  findBySha256(sha256: string): ExistingEvidence | undefined {
    return this.db
      .prepare(`SELECT file_name AS file, format, format_label AS formatLabel, rows_accepted AS accepted,
                       rows_rejected AS rejected, rows_duplicate AS duplicates
                FROM evidence WHERE sha256 = ?`)
      .get(sha256) as ExistingEvidence | undefined;
  }

  beginEvidence(e: NewEvidence): number {
    this.counts = { accepted: 0, rejected: 0, duplicates: 0 };
    this.firstTime = null;
    this.lastTime = null;
    const info = this.db
      .prepare(`INSERT INTO evidence (file_name, size, sha256, format, format_label, encoding, imported_at, parser_version,
                                      rows_accepted, rows_rejected, rows_duplicate)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0)`)
      .run(e.file, e.size, e.sha256, e.format, e.formatLabel, e.encoding, new Date().toISOString(), e.parserVersion);
    return Number(info.lastInsertRowid);
  }

  addAuditEvent(evidenceId: number, row: number, line: number, ev: NormalizedAuditEvent): void {
    const info = this.insertEvent.run(
      evidenceId, row, line, ev.recordId, ev.time, ev.recordType, ev.workload, ev.operation, ev.resultStatus,
      ev.actor, ev.userType, ev.target, ev.clientIp, JSON.stringify(ev.parameters), ev.raw,
    );
    if (info.changes === 0) {
      this.counts.duplicates++;
      return;
    }
    this.counts.accepted++;
    if (this.firstTime === null || ev.time < this.firstTime) this.firstTime = ev.time;
    if (this.lastTime === null || ev.time > this.lastTime) this.lastTime = ev.time;
    if (ev.actor) this.insertPrincipal.run(ev.actor, ev.actor);
    if (ev.target) this.insertPrincipal.run(ev.target, ev.target);
  }

  addRejection(evidenceId: number, row: number, line: number, reason: string, raw: string): void {
    this.insertRejection.run(evidenceId, row, line, reason, raw);
    this.counts.rejected++;
  }

  finishEvidence(evidenceId: number, notes: string[]): EvidenceCounts {
    this.db
      .prepare(`UPDATE evidence SET rows_accepted = ?, rows_rejected = ?, rows_duplicate = ?, first_time = ?, last_time = ?, notes = ?
                WHERE id = ?`)
      .run(this.counts.accepted, this.counts.rejected, this.counts.duplicates, this.firstTime, this.lastTime, JSON.stringify(notes), evidenceId);
    return { ...this.counts };
  }
}
