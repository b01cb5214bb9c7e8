import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { EngineClient } from '../../electron/engine/worker/engine-client.js';
import { startHost, type RunningHost } from '../../electron/host/server.js';
import { LATEST_SCHEMA_VERSION } from '../../electron/engine/store/migrations/index.js';
import { fixture, tempDir } from '../helpers.js';

let engine: EngineClient;
let host: RunningHost;
const staticDir = tempDir();
fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>t</title>');

before(async () => {
  engine = await EngineClient.start({ casePath: path.join(tempDir(), 'case.db') });
  host = await startHost({ engine, port: 0, staticDir });
});
after(async () => {
  await host.close();
  await engine.close();
});

function request(
  method: string,
  pathname: string,
  opts: { headers?: Record<string, string>; body?: Buffer | string } = {},
) {
  return new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: host.port, method, path: pathname, headers: opts.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}
const auth = () => ({ Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' });

/** Whether a TCP connection to `address` on the host's port is accepted (a refusal or 2 s of silence: no). */
function connects(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port: host.port });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 2_000);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

test("listens on 127.0.0.1 only (not on ::1 or the machine's other IPv4 addresses) and prints a tokenized URL", async () => {
  assert.match(host.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{20,}$/);
  assert.equal(await connects('127.0.0.1'), true);
  const elsewhere = [
    '::1',
    ...Object.values(os.networkInterfaces())
      .flat()
      .filter((a) => a !== undefined && a.family === 'IPv4' && !a.internal)
      .map((a) => a!.address),
  ];
  for (const address of elsewhere) assert.equal(await connects(address), false, `reachable on ${address}`);
});

test('every API call needs the per-run token', async () => {
  assert.equal((await request('POST', '/api/call/case.info', { body: '{}' })).status, 401);
  assert.equal(
    (await request('POST', '/api/call/case.info', { headers: { Authorization: 'Bearer wrong' }, body: '{}' })).status,
    401,
  );
  assert.equal((await request('GET', '/api/events')).status, 401);
  const ok = await request('POST', '/api/call/case.info', { headers: auth(), body: '{}' });
  assert.equal(ok.status, 200);
  assert.equal((JSON.parse(ok.body) as { schemaVersion: number }).schemaVersion, LATEST_SCHEMA_VERSION);
  assert.match(String(ok.headers['content-security-policy']), /default-src 'none'/);
});

test('foreign Host and Origin headers are refused (DNS rebinding, cross-site requests)', async () => {
  const rebound = await request('POST', '/api/call/case.info', {
    headers: { ...auth(), Host: `evil.example:${host.port}` },
    body: '{}',
  });
  assert.equal(rebound.status, 403);
  const crossSite = await request('POST', '/api/call/case.info', {
    headers: { ...auth(), Origin: 'http://evil.example' },
    body: '{}',
  });
  assert.equal(crossSite.status, 403);
});

test('routes come from the contract: unknown names 404, bad arguments 400 with the field named', async () => {
  const unknown = await request('POST', '/api/call/fs.readFile', { headers: auth(), body: '{}' });
  assert.equal(unknown.status, 404);
  const bad = await request('POST', '/api/call/evidence.rejections', { headers: auth(), body: '{"evidenceId":"x"}' });
  assert.equal(bad.status, 400);
  const badError = (JSON.parse(bad.body) as { error: { code: string; message: string } }).error;
  assert.equal(badError.code, 'invalid_args');
  assert.match(badError.message, /evidenceId/);
  const notJson = await request('POST', '/api/call/case.info', { headers: auth(), body: '{' });
  assert.equal(notJson.status, 400);
});

test('upload imports a file under its own name and returns the outcome; the temp copy is gone', async () => {
  const body = fs.readFileSync(fixture('purview-new-fullaccess.csv'));
  // The host copies an upload into the system temp folder (os.tmpdir()): point that at a private folder for
  // this request, see the copy there while the body is still arriving, and see it gone after the answer.
  const uploadTmp = tempDir('dlens-upload-tmp-');
  const savedTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = uploadTmp;
  let duringUpload: string[] = [];
  let res: { status: number; body: string };
  try {
    res = await new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: host.port,
          method: 'POST',
          path: '/api/upload?name=evidence%20one.csv',
          headers: { Authorization: `Bearer ${host.token}` },
        },
        (r) => {
          let text = '';
          r.setEncoding('utf8');
          r.on('data', (c: string) => (text += c));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.write(body.subarray(0, 100));
      void (async () => {
        for (let i = 0; i < 250 && fs.readdirSync(uploadTmp).length === 0; i++)
          await new Promise((r) => setTimeout(r, 20));
        duringUpload = fs.readdirSync(uploadTmp);
        req.end(body.subarray(100));
      })();
    });
  } finally {
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
  }
  assert.equal(res.status, 200, res.body);
  assert.equal(duringUpload.length, 1, 'one temp folder while the upload arrives');
  assert.match(duringUpload[0]!, /^dlens-upload-/);
  // The host answers, then removes its copy: allow it a moment to finish.
  for (let i = 0; i < 100 && fs.readdirSync(uploadTmp).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(fs.readdirSync(uploadTmp), [], 'no copy of the upload is left in the temp folder');
  const [outcome] = JSON.parse(res.body) as Array<{ ok: boolean; result: { file: string; accepted: number } }>;
  assert.equal(outcome!.ok, true);
  assert.equal(outcome!.result.file, 'evidence one.csv');
  assert.equal(outcome!.result.accepted, 4, 'the 4 data rows of purview-new-fullaccess.csv');
  const findings = JSON.parse(
    (await request('POST', '/api/call/findings.list', { headers: auth(), body: '{}' })).body,
  ) as Array<{ rule: string }>;
  assert.ok(findings.some((f) => f.rule === 'mailbox-delegation-granted'));
});

test('static files are served without escaping the renderer folder', async () => {
  assert.equal((await request('GET', '/')).status, 200);
  // The URL parser folds /../ and %2e%2e away; an encoded slash survives it and must be refused.
  assert.equal((await request('GET', '/../../etc/passwd')).status, 404);
  assert.equal((await request('GET', '/..%2f..%2f..%2fetc%2fpasswd')).status, 403);
});
