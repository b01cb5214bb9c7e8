/**
 * The large generated case the UI suite and the UI benchmark run on: the attack scenario at a size
 * that gives at least a million events (audit records plus message-trace rows) and thousands of
 * principals, built through the CLI (generate, then import the primary audit export, the primary
 * message trace and every permission dump) and cached under .dlens-tmp so repeated runs reuse it.
 * DLENS_LARGE_USERS / DLENS_LARGE_DAYS change its size.
 *
 * The generated tenant delegates sparsely (assistants, shared mailboxes, a few calendars: about one
 * edge per six principals). A large organisation's folder-permission dump is far denser, because
 * teams share calendars with each other; so before import each user's calendar is shared with the
 * next TEAM_SHARES colleagues in the dump (as Get-MailboxFolderPermission lists them: the grantee by
 * display name, rights lost to System.Collections.ArrayList as in the generated rows). That gives
 * the graph the tens of thousands of edges a real tenant of this size shows.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface LargeCase {
  casePath: string;
  users: number;
  days: number;
}

/** Colleagues each user's calendar is shared with. */
const TEAM_SHARES = 4;

/** The fields of one line of a CSV the generator wrote (every field quoted, no quote inside). */
const fields = (line: string): string[] => line.slice(1, -1).split('","');

function shareTeamCalendars(permissions: string): void {
  const mailboxes = fs.readFileSync(path.join(permissions, 'Get-EXOMailbox.csv'), 'utf8').trim().split(/\r?\n/);
  const header = fields(mailboxes[0]!);
  const at = (name: string) => header.indexOf(name);
  const people = mailboxes
    .slice(1)
    .map(fields)
    .filter((f) => f[at('RecipientTypeDetails')] === 'UserMailbox')
    .map((f) => ({ name: f[at('DisplayName')]!, address: f[at('PrimarySmtpAddress')]! }));
  // A display name two people share would not resolve to one grantee: those colleagues are listed
  // by address, as exports that expand the grantee (User.ADRecipient.PrimarySmtpAddress) show them.
  const seen = new Map<string, number>();
  for (const p of people) seen.set(p.name, (seen.get(p.name) ?? 0) + 1);
  const grantee = (p: { name: string; address: string }) => (seen.get(p.name) === 1 ? p.name : p.address);
  const rows: string[] = [];
  people.forEach((owner, i) => {
    for (let k = 1; k <= TEAM_SHARES; k++) {
      const colleague = people[(i + k) % people.length]!;
      rows.push(
        [
          'Calendar',
          grantee(colleague),
          'System.Collections.ArrayList',
          '',
          `${owner.address}:\\Calendar`,
          'True',
          'Unchanged',
        ]
          .map((v) => `"${v}"`)
          .join(','),
      );
    }
  });
  fs.appendFileSync(path.join(permissions, 'Get-MailboxFolderPermission.csv'), `${rows.join('\r\n')}\r\n`);
}

const run = (cli: string, args: string[]) => {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`dlens ${args[0]} failed: ${r.stderr || r.stdout}`);
};

export function largeCase(repoRoot: string, cli: string): LargeCase {
  const users = Number(process.env.DLENS_LARGE_USERS ?? 5400);
  const days = Number(process.env.DLENS_LARGE_DAYS ?? 32);
  const dir = path.join(repoRoot, '.dlens-tmp', `large-case-${users}u-${days}d`);
  const casePath = path.join(dir, 'case.dlens.db');
  if (fs.existsSync(casePath)) return { casePath, users, days };
  fs.rmSync(dir, { recursive: true, force: true });
  const evidence = path.join(dir, 'evidence');
  const started = Date.now();
  run(cli, [
    'generate',
    evidence,
    '--scenario',
    'attack',
    '--seed',
    '3',
    '--users',
    String(users),
    '--days',
    String(days),
  ]);
  shareTeamCalendars(path.join(evidence, 'permissions'));
  const files = [
    path.join(evidence, 'audit', 'Purview_AuditSearch_Export.csv'),
    path.join(evidence, 'messagetrace', 'Get-MessageTrace.csv'),
    ...fs
      .readdirSync(path.join(evidence, 'permissions'))
      .filter((f) => f.endsWith('.csv'))
      .map((f) => path.join(evidence, 'permissions', f)),
  ];
  run(cli, ['import', `${casePath}.partial`, ...files]);
  fs.renameSync(`${casePath}.partial`, casePath);
  // The evidence is no longer needed once imported; the case is what the tests use.
  fs.rmSync(evidence, { recursive: true, force: true });
  console.log(`large case (${users} users, ${days} days) built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { casePath, users, days };
}
