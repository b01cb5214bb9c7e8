import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { ImportOutcome } from '../../shared/domain.js';
import { Engine } from '../../electron/engine/engine.js';
import { corpus, corpusMissing, fixture, tempDir } from '../helpers.js';

function openEngine() {
  const casePath = path.join(tempDir(), 'case.db');
  return { engine: Engine.open({ casePath }), casePath };
}
function only(outcomes: ImportOutcome[]) {
  assert.equal(outcomes.length, 1);
  const o = outcomes[0]!;
  if (!o.ok) assert.fail(o.error);
  return o.result;
}

test('Purview new-search export (8 columns): all rows accepted, registry records hash, format and times', async () => {
  const { engine } = openEngine();
  const file = fixture('purview-new-fullaccess.csv');
  const r = only(await engine.call('import.files', { files: [{ path: file }] }));
  assert.equal(r.format, 'purview-csv-8');
  assert.deepEqual([r.accepted, r.rejected, r.duplicates], [4, 0, 0]);
  const info = await engine.call('case.info', {});
  const ev = info.evidence[0]!;
  assert.equal(
    ev.sha256,
    (await import('node:crypto')).createHash('sha256').update(fs.readFileSync(file)).digest('hex'),
  );
  assert.equal(ev.size, fs.statSync(file).size);
  assert.equal(ev.encoding, 'UTF-8');
  // The fixture's first record (the Discovery grant) is at 08:00:00, its last (the SendAs) at 11:40:05.
  assert.equal(ev.firstTime, '2024-03-04T08:00:00.000Z');
  assert.equal(ev.lastTime, '2024-03-04T11:40:05.000Z');
  assert.equal(info.counts.auditEvents, 4);
  await engine.close();
});

test(
  'normalized record: UTC time, actor, target mailbox, ' + 'bare client IP, parameters, raw AuditData and source row',
  async () => {
    const { engine, casePath } = openEngine();
    await engine.call('import.files', { files: [{ path: fixture('purview-new-fullaccess.csv') }] });
    await engine.close();
    const db = new Database(casePath, { readonly: true });
    const row = db
      .prepare("SELECT * FROM audit_event WHERE record_id = '3f1c2a9e-7b44-4c1e-9d51-08dc3c1a0001'")
      .get() as Record<string, unknown>;
    assert.equal(row.time, '2024-03-04T09:15:02.000Z');
    assert.equal(row.operation, 'Add-MailboxPermission');
    assert.equal(row.record_type, 1);
    assert.equal(row.actor, 'it-admin@example.com');
    assert.equal(row.target, 'ceo@example.com');
    assert.equal(row.client_ip, '203.0.113.45');
    // The third data row, on line 4 after the header.
    assert.equal(row.row, 3);
    assert.equal(row.line, 4);
    assert.deepEqual(JSON.parse(row.parameters as string), {
      Identity: 'ceo@example.com',
      User: 'helpdesk7@example.com',
      AccessRights: 'FullAccess',
      InheritanceType: 'All',
      AutoMapping: 'False',
    });
    assert.match(row.raw as string, /^\{"AppAccessContext".*"SessionId":"6b0f9a8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"\}$/);
    assert.match(row.raw as string, /Hosted Organizations\\\/example/, "raw text keeps the service's \\/ escaping");
    db.close();
  },
);

test(
  'Purview classic 4-column and Search-UnifiedAuditLog RPS (#TYPE, BOM, German dates) layouts: every row imports, ' +
    'at its UTC time',
  async () => {
    const { engine } = openEngine();
    const outcomes = await engine.call('import.files', {
      files: [{ path: fixture('purview-old-sendonbehalf.csv') }, { path: fixture('sual-rps-german.csv') }],
    });
    const [old, rps] = outcomes.map((o) => (o.ok ? o.result : assert.fail(o.error)));
    // 3 and 4 data rows; the RPS file's #TYPE line and header are not rows.
    assert.equal(old!.format, 'purview-csv-4');
    assert.deepEqual([old!.accepted, old!.rejected], [3, 0]);
    assert.equal(rps!.format, 'sual-csv-rps');
    assert.deepEqual([rps!.accepted, rps!.rejected], [4, 0]);
    assert.ok(
      rps!.notes.some((n) =>
        n.includes('#TYPE Deserialized.Microsoft.Exchange.Data.ApplicationLogic.UnifiedAuditLogEvent'),
      ),
    );
    const info = await engine.call('case.info', {});
    assert.equal(info.evidence[1]!.encoding, 'UTF-8 with BOM');
    // CreationDate "04.03.2024 12:01:00" … "04.03.2024 12:04:00": 4 March, as the AuditData CreationTimes say.
    assert.deepEqual(
      [info.evidence[1]!.firstTime, info.evidence[1]!.lastTime],
      ['2024-03-04T12:01:00.000Z', '2024-03-04T12:04:00.000Z'],
    );
    // The classic export's CreationDate is ISO-8601 UTC: 2024-03-04T09:17:44Z to 2024-03-05T10:05:00Z.
    assert.deepEqual(
      [info.evidence[0]!.firstTime, info.evidence[0]!.lastTime],
      ['2024-03-04T09:17:44.000Z', '2024-03-05T10:05:00.000Z'],
    );
    await engine.close();
  },
);

test('bad rows are rejected with row, line and reason; the good row still imports', async () => {
  const { engine } = openEngine();
  const r = only(await engine.call('import.files', { files: [{ path: fixture('purview-new-bad-rows.csv') }] }));
  // Of the 5 data rows only row 2 (the ReadPermission grant) is whole.
  assert.equal(r.accepted, 1);
  assert.deepEqual(
    r.rejections.map((x) => [x.row, x.line, x.reason.replace(/ \(.*\)$/, '')]),
    [
      [1, 2, 'AuditData is not valid JSON'],
      [3, 4, 'record has no Operation'],
      [4, 5, 'row has 3 fields, the header has 8'],
      [5, 6, 'unterminated quoted field'],
    ],
  );
  const info = await engine.call('case.info', {});
  const stored = await engine.call('evidence.rejections', { evidenceId: info.evidence[0]!.id });
  assert.equal(stored.length, 4);
  // A rejected row keeps its whole CSV text as written (not only its AuditData, not cut at 300 characters).
  assert.match(
    stored[0]!.raw,
    /^bb000001-0000-4000-8000-08dc3c1a0200,3\/6\/2024 8:29:00 AM,1,Set-Mailbox,.*,"\{""CreationTime""/,
  );
  await engine.close();
});

test(
  're-importing the same bytes is a no-op that says so; ' + 'overlapping exports are deduplicated by record Id',
  async () => {
    const { engine } = openEngine();
    const first = only(await engine.call('import.files', { files: [{ path: fixture('purview-new-fullaccess.csv') }] }));
    assert.equal(first.alreadyImported, false);
    const again = only(await engine.call('import.files', { files: [{ path: fixture('purview-new-fullaccess.csv') }] }));
    assert.equal(again.alreadyImported, true);
    assert.equal((await engine.call('case.info', {})).evidence.length, 1);

    // Same records, different bytes (re-saved with LF endings): every record is a duplicate.
    const dir = tempDir();
    const copy = path.join(dir, 'copy.csv');
    fs.writeFileSync(copy, fs.readFileSync(fixture('purview-new-fullaccess.csv'), 'utf8').replaceAll('\r\n', '\n'));
    const dup = only(await engine.call('import.files', { files: [{ path: copy }] }));
    assert.deepEqual([dup.accepted, dup.rejected, dup.duplicates], [0, 0, 4]);
    assert.equal((await engine.call('case.info', {})).counts.auditEvents, 4);
    await engine.close();
  },
);

test(
  'unreadable, empty, binary and unknown files are refused whole with the file and reason; the rest of the batch ' +
    'imports',
  async () => {
    const { engine } = openEngine();
    const dir = tempDir();
    const empty = path.join(dir, 'empty.csv');
    fs.writeFileSync(empty, '');
    const binary = path.join(dir, 'junk.bin');
    fs.writeFileSync(binary, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    const unknown = path.join(dir, 'notes.csv');
    fs.writeFileSync(unknown, 'Name,Colour\nApple,Red\n');
    const outcomes = await engine.call('import.files', {
      files: [
        { path: path.join(dir, 'missing.csv') },
        { path: empty },
        { path: binary },
        { path: unknown },
        { path: fixture('purview-new-fullaccess.csv') },
      ],
    });
    const errors = outcomes.filter((o): o is Extract<ImportOutcome, { ok: false }> => !o.ok).map((o) => o.error);
    assert.deepEqual(
      errors.map((e) => e.replace(/: (file not found|file is empty|unsupported format).*$/, ': $1')),
      [
        'missing.csv: file not found',
        'empty.csv: file is empty',
        'junk.bin: unsupported format',
        'notes.csv: unsupported format',
      ],
    );
    assert.match(
      errors[3]!,
      /comma-separated file with columns Name, Colour\. Supported: .*Unified audit log CSV: Purview portal export/,
    );
    assert.match(errors[2]!, /binary/);
    assert.equal((await engine.call('case.info', {})).counts.auditEvents, 4, 'the good file in the batch was imported');
    await engine.close();
  },
);

test('a file that is not valid UTF-8 is re-read as Windows-1252 and says so', async () => {
  const { engine, casePath } = openEngine();
  const dir = tempDir();
  const file = path.join(dir, 'ansi.csv');
  const text = fs.readFileSync(fixture('purview-new-fullaccess.csv'), 'utf8');
  // Put a Windows-1252 "ë" (0xEB) deep in the file, past the 64 KiB sniffed head, inside the Subject.
  const padded = text.replace('Updated bank details', `Updated bank details ${'x'.repeat(70_000)} Zo\u00eb`);
  fs.writeFileSync(file, Buffer.from(padded, 'latin1'));
  const r = only(await engine.call('import.files', { files: [{ path: file }] }));
  assert.equal(r.accepted, 4);
  assert.ok(
    r.notes.some((n) => /read as Windows-1252/.test(n)),
    r.notes.join('; '),
  );
  await engine.close();
  const db = new Database(casePath, { readonly: true });
  const raw = (db.prepare("SELECT raw FROM audit_event WHERE operation = 'SendAs'").get() as { raw: string }).raw;
  assert.ok(raw.endsWith('Zo\u00eb"},"SendAsUserSmtp":"ceo@example.com"}'));
  db.close();
});

test(
  'Hawk Search-UnifiedAuditLog export (real sample) imports fully; the in-file duplicate is counted',
  { skip: corpusMissing },
  async () => {
    const { engine } = openEngine();
    const [a, b] = (
      await engine.call('import.files', {
        files: [{ path: corpus('hawk/AuditLog.csv') }, { path: corpus('hawk/AuditLog_Updated.csv') }],
      })
    ).map((o) => (o.ok ? o.result : assert.fail(o.error)));
    assert.equal(a!.format, 'sual-csv-exo-v3');
    // SOURCES.md: 100 rows, 99 unique records; AuditData Id e3326c01-… (a Set-ConditionalAccessPolicy) is in two rows.
    assert.deepEqual([a!.accepted, a!.rejected, a!.duplicates], [99, 0, 1]);
    assert.deepEqual(
      [b!.accepted, b!.rejected, b!.duplicates],
      [0, 0, 100],
      'the LocalTime variant carries the same records',
    );
    assert.ok(b!.notes.includes('extra columns ignored: LocalTime'));
    const info = await engine.call('case.info', {});
    assert.equal(info.counts.auditEvents, 99);
    // The SHA-256 SOURCES.md gives for hawk/AuditLog.csv.
    assert.equal(info.evidence[0]!.sha256, 'a636426a08a8f92c5025e99ce349cb42be5a7a3ddb5b6021343f651d1599f699');
    await engine.close();
  },
);
