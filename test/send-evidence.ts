/**
 * Evidence for the send-volume and campaign tests, written straight into a case file: a benign
 * month of business-hours mail in a small tenant (per-user volume of a few mails a day, reply-all
 * threads, a weekly newsletter to 500 recipients in batches) plus the attacks each test plants.
 */
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Finding } from '../shared/domain.js';
import { runAnalysis } from '../electron/engine/pipelines/analysis/run-analysis.js';
import { saveSettings } from '../electron/engine/analysis/settings.js';
import { openCase, sqlite, type WriteDb } from '../electron/engine/store/db.js';
import { listFindings } from '../electron/engine/store/finding-reads.js';
import { tempDir } from './helpers.js';

export const DOMAIN = 'contoso.com';
const FIRST = [
  'anna',
  'ben',
  'carla',
  'david',
  'emil',
  'fiona',
  'georg',
  'hanna',
  'ivan',
  'julia',
  'karl',
  'lena',
  'marco',
  'nina',
  'oskar',
  'paula',
  'quentin',
  'rita',
  'sven',
  'tina',
];
const LAST = ['berg', 'cole', 'diaz', 'eck', 'frost', 'gruber', 'hale', 'ito'];
/** 80 internal people: first.last@contoso.com. */
export const USERS = Array.from(
  { length: 80 },
  (_, i) => `${FIRST[i % FIRST.length]!}.${LAST[Math.floor(i / FIRST.length) % LAST.length]!}@${DOMAIN}`,
);
export const firstName = (address: string): string =>
  address.charAt(0).toUpperCase() + address.slice(1, address.indexOf('.'));
export const NEWSLETTER = `news@${DOMAIN}`;
/** Monday 4 March 2024 to Sunday 31 March: four working weeks. */
export const MONTH_START = Date.parse('2024-03-04T00:00:00.000Z');
const DAY = 86_400_000;
const HOUR = 3_600_000;
const TOPICS = [
  'budget',
  'roadmap',
  'hiring',
  'vendor review',
  'quarterly numbers',
  'customer visit',
  'release notes',
  'travel',
  'training',
  'contract draft',
  'team lunch',
  'security review',
];

export class SendCase {
  readonly db: WriteDb;
  private readonly evidenceId: number;
  private row = 0;
  private seq = 0;
  private seed = 7;
  private readonly insertMessage: Database.Statement;
  private readonly insertAudit: Database.Statement;

  constructor() {
    const casePath = path.join(tempDir('dlens-send-'), 'case.db');
    this.db = openCase(casePath);
    saveSettings(this.db, { tenantDomains: [DOMAIN] });
    this.evidenceId = Number(
      sqlite(this.db)
        .prepare(
          `INSERT INTO evidence (file_name, size, sha256, format, format_label, encoding, imported_at, parser_version,
                                rows_accepted, rows_rejected, rows_duplicate)
           VALUES ('synthetic-trace.csv', 0, ?, 'messagetrace-csv', 'test', 'utf-8', '2024-04-01T00:00:00.000Z', 'test',
                   0, 0, 0)`,
        )
        .run('0'.repeat(64)).lastInsertRowid,
    );
    this.insertMessage = sqlite(this.db)
      .prepare(`INSERT INTO message (evidence_id, row, line, natural_key, time, sender, recipient, subject, status,
                                  message_id, trace_id, size, direction, client_ip, raw)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'Delivered', ?, ?, 20000, NULL, '10.0.0.5', '{}')`);
    this.insertAudit = sqlite(this.db)
      .prepare(`INSERT INTO audit_event (evidence_id, row, line, record_id, time, record_type, workload, operation,
                                      result_status, actor, user_type, target, client_ip, parameters, raw)
                VALUES (?, ?, ?, ?, ?, ?, 'Exchange', ?, 'True', ?, 0, ?, '203.0.113.9', ?, ?)`);
  }

  /** Deterministic uniform [0, 1). */
  rand(): number {
    this.seed = (Math.imul(this.seed, 1103515245) + 12345) >>> 0;
    return this.seed / 2 ** 32;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.rand() * list.length)]!;
  }

  /** One message with one trace row per recipient; returns its InternetMessageId. */
  mail(timeMs: number, sender: string, recipients: readonly string[], subject: string): string {
    const n = ++this.seq;
    const messageId = `<MSG${n}@AM6PR05MB4123.eurprd05.prod.outlook.com>`;
    const traceId = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const time = new Date(timeMs).toISOString();
    for (const r of recipients) {
      this.row++;
      this.insertMessage.run(
        this.evidenceId,
        this.row,
        this.row + 1,
        `${traceId}|${r}|${time}|delivered`,
        time,
        sender,
        r,
        subject,
        messageId,
        traceId,
      );
    }
    return messageId;
  }

  /** An audit record; `data` is the AuditData beyond the common fields. */
  audit(
    timeMs: number,
    operation: string,
    recordType: number,
    actor: string,
    target: string,
    params: Record<string, string>,
    data: Record<string, unknown> = {},
  ): number {
    this.row++;
    const time = new Date(timeMs).toISOString();
    const recordId = `aaaaaaaa-0000-4000-8000-${String(this.row).padStart(12, '0')}`;
    const raw = {
      Id: recordId,
      CreationTime: time.slice(0, 19),
      RecordType: recordType,
      Operation: operation,
      UserId: actor,
      UserType: 0,
      ResultStatus: 'True',
      ...data,
    };
    return Number(
      this.insertAudit.run(
        this.evidenceId,
        this.row,
        this.row + 1,
        recordId,
        time,
        recordType,
        operation,
        actor,
        target,
        JSON.stringify(params),
        JSON.stringify(raw),
      ).lastInsertRowid,
    );
  }

  /** An admin grant of mailbox access (Add-MailboxPermission FullAccess or Add-RecipientPermission SendAs). */
  grant(timeMs: number, mailbox: string, trustee: string, kind: 'FullAccess' | 'SendAs'): number {
    const params: Record<string, string> =
      kind === 'FullAccess'
        ? { Identity: mailbox, User: trustee, AccessRights: 'FullAccess', InheritanceType: 'All' }
        : { Identity: mailbox, Trustee: trustee, AccessRights: 'SendAs' };
    return this.audit(
      timeMs,
      kind === 'FullAccess' ? 'Add-MailboxPermission' : 'Add-RecipientPermission',
      1,
      `it-admin@${DOMAIN}`,
      mailbox,
      params,
      {
        ObjectId: mailbox,
        Parameters: Object.entries(params).map(([Name, Value]) => ({ Name, Value })),
      },
    );
  }

  /**
   * The benign month. Every person sends on working days in 2-6 distinct hours between 08:00
   * and 17:00 UTC, one message an hour (sometimes two) to 1-4 colleagues or a partner; three
   * reply-all threads of twelve people; the newsletter every Monday at 06:00 in ten batches of 50.
   */
  benignMonth(): void {
    for (let d = 0; d < 28; d++) {
      const day = MONTH_START + d * DAY;
      const weekday = d % 7; // 0 = Monday
      if (weekday >= 5) continue;
      for (const u of USERS) {
        const hours = new Set<number>();
        const n = 2 + Math.floor(this.rand() * 5);
        while (hours.size < n) hours.add(8 + Math.floor(this.rand() * 9));
        for (const h of hours) {
          const perHour = this.rand() < 0.15 ? 2 : 1;
          for (let k = 0; k < perHour; k++) {
            const to =
              this.rand() < 0.8
                ? this.colleagues(u, 1 + Math.floor(this.rand() * 4))
                : [`contact${Math.floor(this.rand() * 30)}@fabrikam.example`];
            const subject = `${this.rand() < 0.3 ? 'RE: ' : ''}${this.pick(TOPICS)} ${this.rand() < 0.5 ? `(${Math.floor(this.rand() * 900) + 100})` : 'update'}`;
            this.mail(day + h * HOUR + Math.floor(this.rand() * 55) * 60_000 + k * 60_000, u, to, subject);
          }
        }
      }
      if (weekday === 0) {
        const issue = 10 + d / 7;
        for (let b = 0; b < 10; b++) {
          const batch = Array.from({ length: 50 }, (_, i) => `staff${String(b * 50 + i).padStart(3, '0')}@${DOMAIN}`);
          this.mail(
            day + 6 * HOUR + b * 20_000,
            NEWSLETTER,
            batch,
            `Contoso Weekly #${issue}: news from around the company`,
          );
        }
      }
      if (d === 2 || d === 9 || d === 16) this.replyAllThread(day + 11 * HOUR);
    }
  }

  /** Twelve people; four of them reply to all within an hour with the same RE: subject. */
  private replyAllThread(at: number): void {
    const people = USERS.slice(20, 32);
    const subject = 'RE: Offsite planning for April';
    people.slice(0, 4).forEach((p, i) =>
      this.mail(
        at + i * 12 * 60_000,
        p,
        people.filter((x) => x !== p),
        subject,
      ),
    );
  }

  colleagues(self: string, n: number): string[] {
    const out = new Set<string>();
    while (out.size < n) {
      const c = this.pick(USERS);
      if (c !== self) out.add(c);
    }
    return [...out];
  }

  analyze(): Finding[] {
    runAnalysis(this.db);
    return listFindings(this.db);
  }

  close(): void {
    sqlite(this.db).close();
  }
}
