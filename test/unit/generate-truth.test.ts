/** truth.json is consistent with the files, and the benign baseline plants nothing alarming. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateEvidence } from '../../electron/engine/generate/generate.js';
import { Policy } from '../../electron/engine/generate/writers/output.js';

interface Truth {
  actions: {
    id: string;
    technique: string;
    kind: string;
    actor: string;
    principals: string[];
    time: string;
    inLogWindow: boolean;
    files: string[];
  }[];
  benign: { kind: string }[];
  files: { path: string; format: string; records: number; coverage: string }[];
  window: { start: string; end: string };
}
const read = (dir: string): Truth => JSON.parse(fs.readFileSync(path.join(dir, 'truth.json'), 'utf8')) as Truth;

function auditRecords(dir: string, truth: Truth): Record<string, unknown>[] {
  return truth.files
    .filter((f) => f.format === 'dfir-o365rc-auditdata-jsonl')
    .flatMap((f) =>
      fs
        .readFileSync(path.join(dir, ...f.path.split('/')), 'utf8')
        .split('\n')
        .filter((l) => l !== ''),
    )
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

test(
  'attack truth: every story kind is planted, every action is well formed, every file it names exists and is ' +
    'listed, and each mailbox grant shows in the audit log as a record at its time with AutoMapping False',
  async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'dlens-gen-truth-'));
    try {
      const dir = path.join(base, 'out');
      await generateEvidence(dir, { scenario: 'attack', seed: 5, users: 40, days: 6 });
      const truth = read(dir);
      const listed = new Set(truth.files.map((f) => f.path));
      // A floor, not a count: several stories plant more than one action (mailbox grants, folder grants, sign-ins).
      assert.ok(truth.actions.length >= 30, `${truth.actions.length} actions`);
      const kinds = new Set(truth.actions.map((a) => a.kind));
      for (const k of [
        'attacker-sign-in',
        'mailbox-permission-grant',
        'recipient-permission-grant',
        'send-on-behalf-grant',
        'folder-permission-grant',
        'activesync-device-allowed',
        'service-principal-added',
        'app-role-assignment',
        'delegated-permission-grant',
        'consent',
        'app-mail-access',
        'inbox-rule-hiding',
        'external-forwarding',
        'mail-items-accessed',
        'delegate-logon',
        'send-as',
        'send-on-behalf',
        'permission-removal',
        'pre-window-grant',
        'internal-phishing',
        'transport-rule-forwarding',
        'outlook-forwarding-rule',
        'dump-activesync-device',
        'inbox-rule-burst',
        'second-account-sign-in',
        'anonymous-sharing-link',
      ]) {
        assert.ok(kinds.has(k), `kind ${k} missing`);
      }
      const ids = new Set<string>();
      for (const a of truth.actions) {
        assert.ok(!ids.has(a.id), `duplicate id ${a.id}`);
        ids.add(a.id);
        assert.match(a.technique, /^T\d{4}(\.\d{3})?$/);
        assert.match(a.time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
        assert.ok(a.files.length > 0, `${a.id} ${a.kind} shows in no file`);
        for (const p of a.principals) assert.equal(p, p.toLowerCase());
        for (const f of a.files) {
          assert.ok(listed.has(f), `${a.id}: ${f} not in truth.files`);
          assert.ok(fs.existsSync(path.join(dir, ...f.split('/'))), `${a.id}: ${f} missing on disk`);
        }
        if (a.inLogWindow)
          assert.ok(
            a.files.some((f) => f.startsWith('audit/')),
            `${a.id} should show in the audit log`,
          );
        else
          assert.ok(
            a.files.every((f) => f.startsWith('permissions/')),
            `${a.id} predates the window: dumps only`,
          );
      }
      const pre = truth.actions.find((a) => a.kind === 'pre-window-grant')!;
      assert.ok(Date.parse(pre.time) < Date.parse(truth.window.start), `${pre.time} predates ${truth.window.start}`);
      // Each mailbox-permission-grant action is an Add-MailboxPermission by its actor at its time, with AutoMapping
      // False; the actor made no other such grant.
      const records = auditRecords(dir, truth);
      const grantActions = truth.actions.filter((a) => a.kind === 'mailbox-permission-grant');
      const byActor = (actor: string) =>
        records.filter((d) => d.Operation === 'Add-MailboxPermission' && String(d.UserId).toLowerCase() === actor);
      for (const a of grantActions) {
        const record = byActor(a.actor).find((d) => `${String(d.CreationTime)}.000Z` === a.time);
        assert.ok(record, `${a.id}: no Add-MailboxPermission by ${a.actor} at ${a.time}`);
        assert.ok(JSON.stringify(record.Parameters).includes('"AutoMapping","Value":"False"'), `${a.id} AutoMapping`);
      }
      const actors = [...new Set(grantActions.map((a) => a.actor))];
      assert.equal(actors.flatMap(byActor).length, grantActions.length, 'one audit record per planted mailbox grant');
      // The Mandiant folder dump lists only Default/Anonymous exposure of Inbox or the mailbox root, which may be none.
      for (const f of truth.files)
        assert.ok(f.records > 0 || f.format === 'mandiant-folder-permissions-csv', `${f.path} is empty`);
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  },
);

test('benign baseline plants no attack action and nothing an examiner would rate high', async () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'dlens-gen-benign-'));
  try {
    const dir = path.join(base, 'out');
    await generateEvidence(dir, { scenario: 'baseline', seed: 5, users: 60, days: 6 });
    const truth = read(dir);
    assert.deepEqual(truth.actions, []);
    assert.ok(truth.benign.some((b) => b.kind === 'system-provisioning'));
    assert.ok(truth.benign.some((b) => b.kind === 'help-desk-delegation'));
    const records = auditRecords(dir, truth);
    assert.ok(records.length > 300, `${records.length} records: 60 users over 6 days give several hundred`);
    const text = records.map((d) => JSON.stringify(d)).join('\n');
    assert.ok(!text.includes('203.0.113.'), 'no attacker address');
    for (const d of records) {
      const params = JSON.stringify(d.Parameters ?? []);
      const op = d.Operation as string;
      assert.ok(!params.includes('ForwardingSmtpAddress'), 'no external forwarding');
      assert.ok(!params.includes('"AutoMapping","Value":"False"'), 'no hidden (AutoMapping False) grants');
      assert.notEqual(d.LogonType, 2, `${op}: no delegate mailbox access`);
      assert.notEqual(d.RecordType, 8, `${op}: no directory/app permission changes`);
      if (op === 'New-InboxRule')
        assert.ok(params.includes('"Name","Value":"Newsletters"') && !params.includes('DeleteMessage'));
      if (op === 'Add-MailboxPermission' || op === 'Add-RecipientPermission' || op === 'Set-Mailbox') {
        const hour = Number((d.CreationTime as string).slice(11, 13));
        const system = d.UserId === 'NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)';
        // Sara Lindqvist is the service desk lead of the generator's fixed cast (generate/tenant.ts).
        assert.ok(
          system || (d.UserId === 'sara.lindqvist@northwindtraders.example' && hour >= 7 && hour < 17),
          `${op} by ${String(d.UserId)} at ${String(d.CreationTime)}`,
        );
      }
      assert.ok(
        ![
          'Add-MailboxFolderPermission',
          'Set-CASMailbox',
          'Remove-MailboxPermission',
          'ModifyFolderPermissions',
          'SendAs',
          'SendOnBehalf',
        ].includes(op),
        `unexpected ${op}`,
      );
    }
    const mandiant = truth.files.find((f) => f.format === 'mandiant-folder-permissions-csv')!;
    assert.equal(mandiant.records, 0, 'no Default/Anonymous exposure of Inbox or the mailbox root');
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});

test('large runs sample the variants but keep every planted record in them', async () => {
  const policy = new Policy(false, 1);
  assert.equal(policy.accepts(false, null, 9), true);
  assert.equal(policy.accepts(true, null, 0), true);
  assert.equal(policy.accepts(true, null, 1), false);
  assert.equal(policy.accepts(true, 'A01', 9), true);
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'dlens-gen-sample-'));
  try {
    const dir = path.join(base, 'out');
    await generateEvidence(dir, { scenario: 'attack', seed: 2, users: 2001, days: 10 });
    const truth = read(dir);
    const primary = truth.files.find((f) => f.format === 'purview-csv-8')!;
    const variant = truth.files.find((f) => f.format === 'sual-csv-exo-v3')!;
    assert.equal(primary.coverage, 'full');
    assert.match(variant.coverage, /^sample/);
    assert.ok(primary.records > variant.records * 3, `${primary.records} vs ${variant.records}`);
    const shown = new Set(truth.actions.filter((a) => a.files.includes(variant.path)).map((a) => a.id));
    for (const a of truth.actions)
      if (a.files.includes(primary.path)) assert.ok(shown.has(a.id), `${a.id} missing from the sampled variant`);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});
