/**
 * Writes one evidence file's rows. Callers own the transaction (see ingest/import-file.ts).
 */
import type Database from 'better-sqlite3';
import type { NormalizedAuditEvent } from '../ingest/audit-record.js';
import type { NormalizedInboxRule, NormalizedMessage, NormalizedPermission } from '../ingest/normalized.js';
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
  private readonly insertPermission: Database.Statement;
  private readonly insertMessage: Database.Statement;
  private readonly insertRule: Database.Statement;
  private readonly insertAlias: Database.Statement;
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
    this.insertPermission = db.prepare(`
      INSERT INTO permission (evidence_id, row, line, kind, mailbox, trustee, rights, folder, inherited, deny, values_lost, observed_at, raw)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertMessage = db.prepare(`
      INSERT OR IGNORE INTO message (evidence_id, row, line, natural_key, time, sender, recipient, subject, status, message_id, trace_id, size, direction, client_ip, raw)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertRule = db.prepare(`
      INSERT INTO inbox_rule (evidence_id, row, line, mailbox, name, enabled, forward_to, forward_as_attachment_to, redirect_to, delete_message, move_to_folder, mark_as_read, conditions, raw)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    // The first evidence to name an alias wins; later contradictions are not silently merged.
    this.insertAlias = db.prepare('INSERT OR IGNORE INTO principal_alias (alias, principal_key, evidence_id) VALUES (?, ?, ?)');
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
    this.counted(ev.time);
    if (ev.actor) this.principal(ev.actor);
    if (ev.target) this.principal(ev.target);
  }

  private counted(time: string | null): void {
    this.counts.accepted++;
    if (time === null) return;
    if (this.firstTime === null || time < this.firstTime) this.firstTime = time;
    if (this.lastTime === null || time > this.lastTime) this.lastTime = time;
  }

  /** Principals already written in this import: most rows repeat a few hundred identities. */
  private readonly knownPrincipals = new Set<string>();

  private principal(key: string): void {
    if (this.knownPrincipals.has(key)) return;
    this.knownPrincipals.add(key);
    this.insertPrincipal.run(key, key);
  }

  addPermission(evidenceId: number, row: number, line: number, p: NormalizedPermission): void {
    this.insertPermission.run(
      evidenceId, row, line, p.kind, p.mailbox, p.trustee, p.rights.join(', '), p.folder, bool(p.inherited), bool(p.deny),
      p.valuesLost ? 1 : 0, p.observedAt, JSON.stringify(p.raw),
    );
    this.counted(p.observedAt);
    this.principal(p.mailbox);
    if (p.trustee) this.principal(p.trustee);
  }

  addMessage(evidenceId: number, row: number, line: number, m: NormalizedMessage): void {
    const key = [m.traceId ?? m.messageId ?? '', m.recipient ?? '', m.time, m.status ?? ''].join('|').toLowerCase();
    const info = this.insertMessage.run(
      evidenceId, row, line, key, m.time, m.sender, m.recipient, m.subject, m.status, m.messageId, m.traceId, m.size, m.direction,
      m.clientIp, JSON.stringify(m.raw),
    );
    if (info.changes === 0) {
      this.counts.duplicates++;
      return;
    }
    this.counted(m.time);
    if (m.sender) this.principal(m.sender);
    if (m.recipient) this.principal(m.recipient);
  }

  addInboxRule(evidenceId: number, row: number, line: number, r: NormalizedInboxRule): void {
    this.insertRule.run(
      evidenceId, row, line, r.mailbox, r.name, bool(r.enabled), r.forwardTo, r.forwardAsAttachmentTo, r.redirectTo,
      bool(r.deleteMessage), r.moveToFolder, bool(r.markAsRead), JSON.stringify(r.conditions), JSON.stringify(r.raw),
    );
    this.counted(null);
    this.principal(r.mailbox);
  }

  addAlias(evidenceId: number, principal: string, alias: string): void {
    if (alias.trim() === '' || alias === principal) return;
    this.insertAlias.run(alias.trim(), principal, evidenceId);
  }

  addRejection(evidenceId: number, row: number, line: number, reason: string, raw: string): void {
    this.insertRejection.run(evidenceId, row, line, reason, raw);
    this.counts.rejected++;
  }

  recordsSoFar(): EvidenceCounts {
    return { ...this.counts };
  }

  finishEvidence(evidenceId: number, notes: string[]): EvidenceCounts {
    this.db
      .prepare(`UPDATE evidence SET rows_accepted = ?, rows_rejected = ?, rows_duplicate = ?, first_time = ?, last_time = ?, notes = ?
                WHERE id = ?`)
      .run(this.counts.accepted, this.counts.rejected, this.counts.duplicates, this.firstTime, this.lastTime, JSON.stringify(notes), evidenceId);
    return { ...this.counts };
  }
}

const bool = (v: boolean | null): number | null => (v === null ? null : v ? 1 : 0);
