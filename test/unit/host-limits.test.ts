/**
 * The browser host under hostile requests (issue 14 point 11): bodies over their limit get a 413
 * with a message (not a reset connection), uploads are capped on their way to disk, malformed
 * percent-encoding is a 400, `import.files` reads no server path outside the evidence folders the
 * host was started with, and a refused file's content never comes back in the answer.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { EngineClient } from '../../electron/engine/worker/engine-client.js';
import { startHost, type RunningHost } from '../../electron/host/server.js';
import { fixture, tempDir } from '../helpers.js';

const UPLOAD_CAP = 64 * 1024;
const SECRET = 'SECRET-first-line-4711';

let engine: EngineClient;
/** No evidence folder: uploads only. */
let plain: RunningHost;
/** Started with an evidence folder and a small upload cap. */
let withEvidence: RunningHost;
const staticDir = tempDir();
const evidenceDir = fs.realpathSync(tempDir('dlens-evidence-'));
const outsideDir = tempDir('dlens-outside-');
fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');

before(async () => {
  engine = await EngineClient.start({ casePath: path.join(tempDir(), 'case.db') });
  plain = await startHost({ engine, port: 0, staticDir });
  withEvidence = await startHost({
    engine,
    port: 0,
    staticDir,
    evidenceDirs: [evidenceDir],
    maxUploadBytes: UPLOAD_CAP,
  });
  fs.copyFileSync(fixture('purview-new-fullaccess.csv'), path.join(evidenceDir, 'ual.csv'));
  fs.writeFileSync(path.join(evidenceDir, 'notes.txt'), `${SECRET}\nmore\n`);
  fs.writeFileSync(path.join(evidenceDir, 'odd.csv'), `SecretColumnA,SecretColumnB. Supported: x,C\n1,2,3\n`);
  fs.writeFileSync(path.join(outsideDir, 'shadow'), `${SECRET}\n`);
  fs.symlinkSync(path.join(outsideDir, 'shadow'), path.join(evidenceDir, 'link-out'));
});
after(async () => {
  await plain.close();
  await withEvidence.close();
  await engine.close();
});

interface Answer {
  status: number;
  body: string;
  /** A transport error instead of an answer (ECONNRESET when the host resets the connection). */
  error?: string;
}

/** Send a request; a body given as chunks goes out chunked (no Content-Length), as a streaming client sends it. */
function send(
  host: RunningHost,
  method: string,
  pathname: string,
  body: Buffer | Buffer[] = Buffer.alloc(0),
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: host.port,
        method,
        path: pathname,
        headers: { Authorization: `Bearer ${host.token}`, ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', (e) => resolve({ status: 0, body: '', error: e.message }));
    if (Array.isArray(body)) {
      for (const chunk of body) req.write(chunk);
      req.end();
    } else req.end(body);
  });
}

const errorOf = (a: Answer) => (JSON.parse(a.body) as { error: { code: string; message: string } }).error;
const call = (host: RunningHost, name: string, args: unknown) =>
  send(host, 'POST', `/api/call/${name}`, Buffer.from(JSON.stringify(args)), { 'Content-Type': 'application/json' });

test('a call body over 1 MiB gets 413 with a message, declared or streamed, and the connection is not reset', async () => {
  const big = Buffer.alloc(2 * 1024 * 1024, 0x20);
  const declared = await send(plain, 'POST', '/api/call/case.info', big, { 'Content-Type': 'application/json' });
  assert.equal(declared.error, undefined, 'answered, not reset');
  assert.equal(declared.status, 413);
  assert.match(errorOf(declared).message, /request body is over the limit of 1 MiB/);

  const chunks = Array.from({ length: 32 }, () => Buffer.alloc(64 * 1024, 0x20));
  const streamed = await send(plain, 'POST', '/api/call/case.info', chunks, { 'Content-Type': 'application/json' });
  assert.equal(streamed.error, undefined, 'answered, not reset');
  assert.equal(streamed.status, 413);
  // The host still answers on a fresh request afterwards.
  assert.equal((await call(plain, 'case.info', {})).status, 200);
});

test('an upload over the configured cap gets 413 naming the cap; the partial copy is removed and nothing is imported', async () => {
  const before = (JSON.parse((await call(withEvidence, 'case.info', {})).body) as { evidence: unknown[] }).evidence;
  const tooBig = Buffer.from(fs.readFileSync(fixture('purview-new-fullaccess.csv'), 'utf8').repeat(40));
  assert.ok(tooBig.length > UPLOAD_CAP);
  const tmp = tempDir('dlens-upload-tmp-');
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  let streamed: Answer;
  let declared: Answer;
  try {
    const chunks = Array.from({ length: Math.ceil(tooBig.length / 8192) }, (_, i) =>
      tooBig.subarray(i * 8192, (i + 1) * 8192),
    );
    streamed = await send(withEvidence, 'POST', '/api/upload?name=big.csv', chunks);
    declared = await send(withEvidence, 'POST', '/api/upload?name=big.csv', tooBig);
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
  for (const a of [streamed, declared]) {
    assert.equal(a.error, undefined, 'answered, not reset');
    assert.equal(a.status, 413);
    assert.match(errorOf(a).message, /upload big\.csv is over the limit of 65536 bytes/);
  }
  for (let i = 0; i < 100 && fs.readdirSync(tmp).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(fs.readdirSync(tmp), [], 'no partial upload left behind');
  const afterwards = (JSON.parse((await call(withEvidence, 'case.info', {})).body) as { evidence: unknown[] }).evidence;
  assert.equal(afterwards.length, before.length, 'nothing imported');
});

test('malformed percent-encoding is a 400, not a 500', async () => {
  for (const p of ['/api/call/%E0%A4%A', '/api/call/case.info%', '/%E0%A4%A', '/assets/%ZZ.js', '/x%00.html']) {
    const a = p.startsWith('/api/') ? await send(plain, 'POST', p, Buffer.from('{}')) : await send(plain, 'GET', p);
    assert.equal(a.status, 400, p);
    assert.match(errorOf(a).message, /percent-encoding/, p);
  }
});

test('import.files through the host reads no server path: uploads only, or files under --evidence folders', async () => {
  const answers = [
    // No evidence folder: every path is refused, even an evidence file.
    await call(plain, 'import.files', { files: [{ path: fixture('purview-new-fullaccess.csv') }] }),
    await call(plain, 'import.files', { files: [{ path: '/etc/passwd' }] }),
    // With one: a server file elsewhere, a symbolic link out of it, a way out by "..", a relative
    // path and a file that does not exist all get the same refusal.
    await call(withEvidence, 'import.files', { files: [{ path: path.join(outsideDir, 'shadow') }] }),
    await call(withEvidence, 'import.files', { files: [{ path: path.join(evidenceDir, 'link-out') }] }),
    await call(withEvidence, 'import.files', {
      files: [{ path: `${evidenceDir}/../${path.basename(outsideDir)}/shadow` }],
    }),
    await call(withEvidence, 'import.files', { files: [{ path: 'ual.csv' }] }),
    await call(withEvidence, 'import.files', { files: [{ path: path.join(evidenceDir, 'missing.csv') }] }),
    // One bad path refuses the whole call: nothing of it is imported.
    await call(withEvidence, 'import.files', {
      files: [{ path: path.join(evidenceDir, 'ual.csv') }, { path: '/etc/hostname' }],
    }),
  ];
  for (const a of answers) {
    assert.equal(a.status, 403, a.body);
    assert.doesNotMatch(a.body, new RegExp(SECRET));
    assert.doesNotMatch(a.body, /root:/);
  }
  assert.match(errorOf(answers[0]!).message, /imports uploaded files only; start it with dlens serve --evidence DIR/);
  assert.match(errorOf(answers[2]!).message, /shadow: not a file under the evidence folders/);
  assert.equal(errorOf(answers[6]!).message.replace('missing.csv', 'shadow'), errorOf(answers[2]!).message);

  const ok = await call(withEvidence, 'import.files', { files: [{ path: path.join(evidenceDir, 'ual.csv') }] });
  assert.equal(ok.status, 200, ok.body);
  const [outcome] = JSON.parse(ok.body) as Array<{ ok: boolean; result: { file: string; accepted: number } }>;
  assert.deepEqual([outcome!.ok, outcome!.result.file, outcome!.result.accepted], [true, 'ual.csv', 4]);
});

test("a refused file's content never comes back: not its first line, not its columns", async () => {
  const viaPath = await call(withEvidence, 'import.files', {
    files: [{ path: path.join(evidenceDir, 'notes.txt') }, { path: path.join(evidenceDir, 'odd.csv') }],
  });
  const viaUpload = await send(plain, 'POST', '/api/upload?name=notes.txt', Buffer.from(`${SECRET}\nmore\n`));
  const outcomes = [
    ...(JSON.parse(viaPath.body) as Array<{ ok: boolean; error: string }>),
    ...(JSON.parse(viaUpload.body) as Array<{ ok: boolean; error: string }>),
  ];
  assert.deepEqual(
    outcomes.map((o) => o.ok),
    [false, false, false],
  );
  for (const o of outcomes) {
    assert.doesNotMatch(o.error, /SECRET|Secret/i);
    assert.match(o.error, /unsupported format: /);
    assert.match(o.error, /Supported: /, 'the list of supported formats is still given');
  }
  assert.match(outcomes[0]!.error, /^notes\.txt: unsupported format: a text file \(its first line is not shown\)/);
  assert.match(
    outcomes[1]!.error,
    /^odd\.csv: unsupported format: a comma-separated file \(its columns are not shown\)/,
  );
});
