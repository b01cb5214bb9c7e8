/**
 * Small evidence files built in tests (hardening: deep JSON, stray quotes, encodings, accounting,
 * read-only cases, verify), and running the CLI of the build the test itself belongs to.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImportOutcome } from '../shared/domain.js';
import { Engine } from '../electron/engine/engine.js';
import { tempDir } from './helpers.js';

/** The CLI compiled beside this file (dist/ or a private --outDir build alike). */
export const ownCli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'electron', 'cli', 'dlens.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `dlens`; `asUser` runs it as that uid (root tests of read-only files: root ignores file modes). */
export function dlens(args: string[], options: { asUser?: number; input?: string } = {}): CliRun {
  const cmd = options.asUser === undefined ? process.execPath : 'setpriv';
  const argv =
    options.asUser === undefined
      ? [ownCli, ...args]
      : [`--reuid=${options.asUser}`, `--regid=${options.asUser}`, '--clear-groups', process.execPath, ownCli, ...args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', env: { ...process.env, TMPDIR: '/tmp' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** An unprivileged uid to run as when this process is root (file modes do not bind root), else null. */
export const NOBODY = 65534;
export const runningAsRoot = process.getuid?.() === 0;

/** An audit record (AuditData object): an Add-MailboxPermission grant when `grant`, else a sign-in. */
export function auditRecord(i: number, extra: Record<string, unknown> = {}, grant = false): Record<string, unknown> {
  const id = `${(0x10000000 + i).toString(16)}-0000-4000-8000-08dc3c1a0001`;
  const time = new Date(Date.UTC(2024, 2, 4, 9) + i * 60_000).toISOString().slice(0, 19);
  const base = grant
    ? {
        CreationTime: time,
        Id: id,
        Operation: 'Add-MailboxPermission',
        RecordType: 1,
        ResultStatus: 'True',
        UserType: 2,
        Workload: 'Exchange',
        ClientIP: '203.0.113.45:51544',
        ObjectId: 'EURPR01A001.PROD.OUTLOOK.COM/Microsoft Exchange Hosted Organizations/example.onmicrosoft.com/ceo',
        UserId: 'it-admin@example.com',
        OrganizationName: 'example.onmicrosoft.com',
        Parameters: [
          { Name: 'Identity', Value: 'ceo@example.com' },
          { Name: 'User', Value: `helpdesk${i}@example.com` },
          { Name: 'AccessRights', Value: 'FullAccess' },
        ],
      }
    : {
        CreationTime: time,
        Id: id,
        Operation: 'UserLoggedIn',
        RecordType: 15,
        ResultStatus: 'Success',
        UserType: 0,
        Workload: 'AzureActiveDirectory',
        ClientIP: '203.0.113.45',
        UserId: `user${i}@example.com`,
      };
  return { ...base, ...extra };
}

/** `levels` nested arrays: JSON nested exactly that deep. */
export const nested = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels);

/** AuditData text nested `depth` levels deep in all (its own object is level 1). */
export function deepAuditData(i: number, depth: number): string {
  const text = JSON.stringify(auditRecord(i));
  return `${text.slice(0, -1)},"Deep":${nested(depth - 1)}}`;
}

export const PURVIEW_HEADER =
  'RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames';

/** One Purview (8-column) row carrying `auditData` text. */
export function purviewRow(auditData: string, id = 'id'): string {
  return `${id},3/4/2024 9:00:00 AM,1,Op,user@example.com,"${auditData.replaceAll('"', '""')}",,`;
}

export const purviewCsv = (auditData: string[]): string =>
  [PURVIEW_HEADER, ...auditData.map((a, i) => purviewRow(a, `r${i}`))].join('\r\n') + '\r\n';

export const jsonLines = (records: string[]): string => records.join('\n') + '\n';
export const jsonArray = (records: string[]): string => `[\n${records.join(',\n')}\n]\n`;

/** Write `files` (name -> content) into a fresh folder; returns the folder. */
export function writeFiles(files: Record<string, string | Buffer>): string {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

/** Import files into a fresh case through the engine; the outcomes and the case path. */
export async function importFiles(paths: string[]): Promise<{ casePath: string; outcomes: ImportOutcome[] }> {
  const casePath = path.join(tempDir(), 'case.db');
  const engine = Engine.open({ casePath });
  try {
    const outcomes = await engine.call('import.files', { files: paths.map((p) => ({ path: p })) });
    return { casePath, outcomes };
  } finally {
    await engine.close();
  }
}

/** The one outcome's result, failing the test when the file was refused. */
export function okResult(outcome: ImportOutcome | undefined) {
  assert.ok(outcome, 'an outcome');
  if (!outcome.ok) assert.fail(outcome.error);
  return outcome.result;
}
