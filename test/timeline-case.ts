/**
 * Cases for the timeline tests: fixture files or a generated tenant imported through the engine,
 * the stream as the store holds it (read independently, in SQL), and the stream as paged through
 * the API.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { ArgsIn } from '../shared/contract.js';
import type { TimelineRow } from '../shared/requests/timeline.js';
import { Engine } from '../electron/engine/engine.js';
import { generateEvidence } from '../electron/engine/generate/generate.js';
import { fixture, tempDir } from './helpers.js';

/**
 * test/fixtures/timeline: events of three sources at the same instants, pinning the stream's order
 * (time, then audit < message < dump, then id). `ual-ties.jsonl`: four AuditData records, two at
 * 09:00:00 sharing a SessionId (written in two cases), one at 09:30 with only
 * AppAccessContext.AADSessionId, one at 10:00 by a display-name actor from an IPv6 address.
 * `Get-MessageTrace-ties.csv`: a row at 09:00:00 and two at 10:00:00 (one message, two recipients).
 * `20240304-100000-MailboxPermissions.csv`: a permission dump stamped 10:00:00 by its name (a
 * snapshot tied with the 10:00 events). `MailboxRules-undated.csv`: a rule dump with no collection time.
 */
export const timelineFixtures = (): string[] =>
  fs.readdirSync(fixture('timeline')).map((f) => fixture(path.join('timeline', f)));

export interface TimelineCase {
  engine: Engine;
  casePath: string;
  /** A read-only query on the case file. */
  query<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[];
  close(): Promise<void>;
}

export async function openTimelineCase(files: string[]): Promise<TimelineCase> {
  const casePath = path.join(tempDir(), 'case.db');
  const engine = Engine.open({ casePath });
  const outcomes = await engine.call('import.files', { files: files.map((p) => ({ path: p })) });
  for (const o of outcomes) if (!o.ok) throw new Error(o.error);
  return {
    engine,
    casePath,
    query: <T>(sql: string, ...params: unknown[]) => {
      const db = new Database(casePath, { readonly: true });
      try {
        return db.prepare(sql).all(...params) as T[];
      } finally {
        db.close();
      }
    },
    close: () => engine.close(),
  };
}

/** A small generated tenant's audit export, message trace and permission dumps (seeded: the same every run). */
export async function generatedFiles(
  users = 20,
  days = 3,
): Promise<{ dir: string; audit: string; classic: string; files: string[] }> {
  const dir = path.join(tempDir(), 'evidence');
  const result = await generateEvidence(dir, { scenario: 'attack', seed: 11, users, days });
  const file = (format: string) => {
    const f = result.files.find((x) => x.format === format);
    if (!f) throw new Error(`the generator wrote no ${format}`);
    return path.join(dir, ...f.path.split('/'));
  };
  const dumps = result.files
    .filter((f) => f.path.startsWith('permissions/'))
    .map((f) => path.join(dir, ...f.path.split('/')));
  return {
    dir,
    audit: file('purview-csv-8'),
    classic: file('purview-csv-4'),
    files: [file('purview-csv-8'), file('messagetrace-csv'), ...dumps],
  };
}

/** Every event key of the case in stream order, read straight from the tables: (time, audit < message < dump, id). */
export function storedStream(c: TimelineCase): string[] {
  return c
    .query<{ key: string }>(
      `SELECT key FROM (
         SELECT 'audit:' || id AS key, time, 0 AS rank, id FROM audit_event
         UNION ALL SELECT 'message:' || id, time, 1, id FROM message
         UNION ALL SELECT 'dump:' || id, collected_at, 2, id FROM evidence WHERE kind = 'dump' AND collected_at IS NOT NULL
       ) ORDER BY time, rank, id`,
    )
    .map((r) => r.key);
}

type PageArgs = ArgsIn<'timeline.page'>;

/** The whole stream through the API, forward page by page from `start`; checks the cursors link up. */
export async function pageForward(c: TimelineCase, args: PageArgs): Promise<TimelineRow[]> {
  const out: TimelineRow[] = [];
  let page = await c.engine.call('timeline.page', args);
  for (let guard = 0; ; guard++) {
    if (guard > 100_000) throw new Error('paging does not end');
    out.push(...page.rows);
    if (page.after === null) return out;
    page = await c.engine.call('timeline.page', { ...args, at: undefined, after: page.after });
  }
}

/** The whole stream backward from `before` (or from the end of a forward read), oldest first. */
export async function pageBackward(c: TimelineCase, args: PageArgs): Promise<TimelineRow[]> {
  const pages: TimelineRow[][] = [];
  let page = await c.engine.call('timeline.page', args);
  for (let guard = 0; ; guard++) {
    if (guard > 100_000) throw new Error('paging does not end');
    pages.unshift(page.rows);
    if (page.before === null) return pages.flat();
    page = await c.engine.call('timeline.page', { ...args, before: page.before });
  }
}
