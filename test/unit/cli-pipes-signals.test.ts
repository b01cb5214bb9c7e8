/**
 * The CLI in a pipeline and under signals (issue 14 point 12): a reader that stops early
 * (`dlens findings --csv | head -1`) costs no stack trace and no failure exit, for every command;
 * `dlens serve --demo` removes its temporary case folder when stopped by SIGTERM or SIGINT, also
 * while the demo case is still being built.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cliPath, fixture, tempDir } from '../helpers.js';

/** Run the CLI with its stdout pipe already closed by the reader; its exit code and stderr. */
function withClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (c: string) => (stderr += c));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

test('a reader that closes stdout early gets no EPIPE stack trace, and the command exits 0', async () => {
  const dir = tempDir();
  const casePath = path.join(dir, 'case.db');
  const imported = spawnSync(process.execPath, [cliPath, 'import', casePath, fixture('purview-new-fullaccess.csv')]);
  assert.equal(imported.status, 0);
  // The handler is the CLI's own (dlens.ts), so one of each kind of output stands for every command.
  const commands = [
    ['findings', casePath, '--csv'],
    ['findings', casePath],
    ['info', casePath],
    ['help'],
    // An import whose reader went away still imports (and says nothing more).
    ['import', path.join(dir, 'second.db'), fixture('purview-new-fullaccess.csv')],
  ];
  for (const args of commands) {
    const r = await withClosedStdout(args);
    assert.equal(r.stderr, '', `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.code, 0, args.join(' '));
  }
  const info = spawnSync(process.execPath, [cliPath, 'info', path.join(dir, 'second.db'), '--json'], {
    encoding: 'utf8',
  });
  assert.equal((JSON.parse(info.stdout) as { counts: { auditEvents: number } }).counts.auditEvents, 4);

  // The shell pipeline itself, where a shell is at hand.
  const sh = spawnSync('sh', ['-c', `"${process.execPath}" "${cliPath}" findings "${casePath}" --csv | head -1`], {
    encoding: 'utf8',
  });
  if (sh.error === undefined) {
    assert.equal(
      sh.stdout,
      'id,severity,time,rule,techniques,title,principals,summary,evidence,triage,triage_reason,triage_by,triage_at\r\n',
    );
    assert.equal(sh.stderr, '');
  }
});

const rendererBuilt = fs.existsSync(fileURLToPath(new URL('../../renderer/index.html', import.meta.url)));
const noRenderer = rendererBuilt
  ? false
  : 'the renderer is not built beside these tests (npm run build); serve needs it';

/**
 * Start `dlens serve --demo` with its temp folder in a private place, send `signal` once `when`
 * appears on its stdout, and report how it ended and what it left behind.
 */
async function serveDemoUntil(signal: NodeJS.Signals, when: RegExp) {
  const tmp = tempDir('dlens-serve-tmp-');
  const child = spawn(process.execPath, [cliPath, 'serve', '--demo'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TMPDIR: tmp, TEMP: tmp, TMP: tmp },
  });
  let stdout = '';
  let stderr = '';
  let during: string[] = [];
  let sent = false;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (c: string) => (stderr += c));
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (c: string) => {
    stdout += c;
    if (!sent && when.test(stdout)) {
      sent = true;
      during = fs.readdirSync(tmp);
      child.kill(signal);
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  return { code, stdout, stderr, during, after: fs.readdirSync(tmp) };
}

test('serve --demo removes its temporary case folder on SIGTERM while serving', { skip: noRenderer }, async () => {
  const r = await serveDemoUntil('SIGTERM', /^open http:\/\/127\.0\.0\.1:\d+\/\?token=/m);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.during.length, 1, 'the demo case lived in one temporary folder while serving');
  assert.match(r.during[0]!, /^dlens-demo-case-/);
  assert.deepEqual(r.after, [], 'nothing left in the temp folder');
});

test(
  'serve --demo removes its temporary case folder on SIGINT during the demo build',
  { skip: noRenderer },
  async () => {
    const r = await serveDemoUntil('SIGINT', /building the demo case/);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /^open http/m, 'stopped before serving');
    assert.deepEqual(r.after, [], 'nothing left in the temp folder');
  },
);

test('serve refuses a missing --evidence folder and an upload cap below 1 MiB before starting anything', () => {
  const casePath = path.join(tempDir(), 'case.db');
  const missing = spawnSync(process.execPath, [cliPath, 'serve', casePath, '--evidence', '/nonexistent/evidence'], {
    encoding: 'utf8',
  });
  assert.equal(missing.status, 1);
  assert.equal(missing.stderr.trim(), 'dlens: --evidence /nonexistent/evidence: no such folder');
  const zero = spawnSync(process.execPath, [cliPath, 'serve', casePath, '--max-upload-mb', '0'], { encoding: 'utf8' });
  assert.equal(zero.status, 2);
  assert.match(zero.stderr, /--max-upload-mb must be between 1 and /);
  assert.equal(fs.existsSync(casePath), false);
});

test('serve passes --max-upload-mb and --evidence to the host it starts', { skip: noRenderer }, async () => {
  const dir = tempDir();
  const evidence = path.join(dir, 'evidence');
  fs.mkdirSync(evidence);
  fs.copyFileSync(fixture('purview-new-fullaccess.csv'), path.join(evidence, 'ual.csv'));
  const child = spawn(
    process.execPath,
    [cliPath, 'serve', path.join(dir, 'case.db'), '--max-upload-mb', '1', '--evidence', evidence],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    let stdout = '';
    child.stdout.setEncoding('utf8');
    const url = await new Promise<URL>((resolve, reject) => {
      child.stdout.on('data', (c: string) => {
        stdout += c;
        const m = /^open (http\S+)$/m.exec(stdout);
        // The banner's last line: every line about the host has been printed (chunks may split it).
        if (m && stdout.includes('Ctrl+C stops')) resolve(new URL(m[1]!));
      });
      child.once('exit', () => reject(new Error(`serve exited: ${stdout}`)));
    });
    assert.match(stdout, /the browser may import files under .*evidence/);
    const headers = { Authorization: `Bearer ${url.searchParams.get('token')}` };
    const big = await fetch(new URL('/api/upload?name=big.csv', url), {
      method: 'POST',
      headers,
      body: Buffer.alloc(1024 * 1024 + 1, 0x41),
    });
    assert.equal(big.status, 413);
    assert.match(((await big.json()) as { error: { message: string } }).error.message, /over the limit of 1 MiB/);
    const byPath = await fetch(new URL('/api/call/import.files', url), {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ files: [{ path: path.join(fs.realpathSync(evidence), 'ual.csv') }] }),
    });
    assert.equal(byPath.status, 200);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('close', r));
  }
});
