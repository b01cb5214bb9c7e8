import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { nameApplications } from '../../electron/engine/analysis/delegation/apps.js';
import { stateAt } from '../../electron/engine/analysis/delegation/graph.js';
import type { DelegationChange } from '../../electron/engine/records/delegation.js';
import { cliPath, fixture, tempDir } from '../helpers.js';

let seq = 0;
function change(p: Partial<DelegationChange> & Pick<DelegationChange, 'action' | 'time'>): DelegationChange {
  return {
    kind: 'mailbox',
    mailbox: 'ceo@example.com',
    trustee: 'eve@example.com',
    rights: ['FullAccess'],
    folder: null,
    actor: 'admin@example.com',
    clientIp: null,
    succeeded: true,
    auditEventId: ++seq,
    permissionId: null,
    inboxRuleId: null,
    detail: {},
    ...p,
  };
}

test('replay: a grant exists from its time until its removal', () => {
  const changes = [
    change({ action: 'grant', time: '2024-03-05T02:00:00.000Z' }),
    change({ action: 'remove', time: '2024-03-06T08:00:00.000Z' }),
  ];
  assert.equal(stateAt(changes, '2024-03-05T01:59:59.000Z').length, 0);
  const during = stateAt(changes, '2024-03-05T12:00:00.000Z');
  assert.equal(during.length, 1);
  assert.deepEqual(
    [during[0]!.since, during[0]!.grantedBy, during[0]!.rights, during[0]!.origin],
    ['2024-03-05T02:00:00.000Z', 'admin@example.com', ['FullAccess'], 'audit'],
  );
  assert.equal(stateAt(changes, '2024-03-06T08:00:01.000Z').length, 0);
  assert.equal(stateAt(changes, null).length, 0, 'after all evidence the removal holds');
});

test('replay: removing one right keeps the others; a failed grant changes nothing', () => {
  const changes = [
    change({ action: 'grant', time: '2024-03-05T02:00:00.000Z', rights: ['FullAccess', 'ReadPermission'] }),
    change({ action: 'remove', time: '2024-03-05T03:00:00.000Z', rights: ['FullAccess'] }),
    change({ action: 'grant', time: '2024-03-05T04:00:00.000Z', trustee: 'mallory@example.com', succeeded: false }),
  ];
  const state = stateAt(changes, null);
  assert.deepEqual(
    state.map((e) => [e.from, e.rights]),
    [['eve@example.com', ['ReadPermission']]],
  );
});

test('replay: a dump-only edge predates the window; clearing GrantSendOnBehalfTo ends every delegate', () => {
  const changes = [
    change({ action: 'observed', time: null, trustee: 'svc@example.com', auditEventId: null, permissionId: 7 }),
    change({
      action: 'grant',
      time: '2024-03-05T02:00:00.000Z',
      kind: 'send-on-behalf',
      trustee: 'eve@example.com',
      rights: ['SendOnBehalf'],
    }),
    change({
      action: 'remove',
      time: '2024-03-07T00:00:00.000Z',
      kind: 'send-on-behalf',
      trustee: '*',
      rights: ['SendOnBehalf'],
    }),
  ];
  const early = stateAt(changes, '2024-03-01T00:00:00.000Z');
  assert.deepEqual(
    early.map((e) => [e.from, e.origin, e.since]),
    [['svc@example.com', 'dump', null]],
  );
  assert.deepEqual(
    stateAt(changes, '2024-03-06T00:00:00.000Z')
      .map((e) => [e.from, e.kind])
      .sort(),
    [
      ['eve@example.com', 'send-on-behalf'],
      ['svc@example.com', 'mailbox'],
    ],
    'between the grant and the clearing: the dump edge and the send-on-behalf delegate',
  );
  assert.deepEqual(
    stateAt(changes, null).map((e) => e.from),
    ['svc@example.com'],
  );
});

test(
  'dlens graph --as-of answers who could access what, with the evidence row behind each edge; ' +
    'an unreadable --as-of is a usage error',
  () => {
    const casePath = path.join(tempDir(), 'case.db');
    assert.equal(
      spawnSync(process.execPath, [cliPath, 'import', casePath, fixture('purview-new-fullaccess.csv')]).status,
      0,
    );
    const at = (asOf: string) =>
      JSON.parse(
        spawnSync(process.execPath, [cliPath, 'graph', casePath, '--as-of', asOf, '--json'], { encoding: 'utf8' })
          .stdout,
      ) as {
        edges: Array<{
          from: string;
          to: string;
          kind: string;
          rights: string[];
          since: string;
          grantedBy: string;
          evidence: Array<{ row: number }>;
        }>;
        nodes: Array<{ id: string; type: string }>;
      };
    assert.deepEqual(at('2024-03-04T09:00:00Z').edges, [], 'before the grant, nobody but the owner');
    const after = at('2024-03-04T10:00:00Z');
    assert.equal(after.edges.length, 1, 'the Discovery Management provisioning grant is not delegation');
    const e = after.edges[0]!;
    assert.deepEqual(
      [e.from, e.to, e.kind, e.rights, e.since, e.grantedBy],
      [
        'helpdesk7@example.com',
        'ceo@example.com',
        'mailbox',
        ['FullAccess'],
        '2024-03-04T09:15:02.000Z',
        'it-admin@example.com',
      ],
    );
    // Data row 3 of purview-new-fullaccess.csv is the Add-MailboxPermission (rows 1 and 2: the Discovery grant
    // and a sign-in).
    assert.deepEqual(
      e.evidence.map((r) => r.row),
      [3],
    );
    assert.equal(spawnSync(process.execPath, [cliPath, 'graph', casePath, '--as-of', 'yesterday']).status, 2);
  },
);

test('a grant to a group reaches its members from when the evidence shows them joining', () => {
  const dir = tempDir();
  const file = path.join(dir, 'ual.csv');
  const rec = (o: Record<string, unknown>) =>
    `${String(o.Id)},1/1/2024 12:00:00 AM,${String(o.RecordType)},${String(o.Operation)},admin@example.com,` +
    `"${JSON.stringify(o).replaceAll('"', '""')}",,`;
  fs.writeFileSync(
    file,
    [
      'RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames',
      rec({
        Id: 'eeeeeeee-0000-4000-8000-000000000001',
        CreationTime: '2024-03-05T10:00:00',
        Operation: 'Add-MailboxPermission',
        RecordType: 1,
        ResultStatus: 'True',
        UserId: 'admin@example.com',
        UserType: 2,
        Parameters: [
          { Name: 'Identity', Value: 'cfo@example.com' },
          { Name: 'User', Value: 'Finance Team' },
          { Name: 'AccessRights', Value: 'FullAccess' },
        ],
      }),
      rec({
        Id: 'eeeeeeee-0000-4000-8000-000000000002',
        CreationTime: '2024-03-05T12:00:00',
        Operation: 'Add member to group.',
        RecordType: 8,
        ResultStatus: 'Success',
        UserId: 'admin@example.com',
        UserType: 0,
        ObjectId: 'eve@example.com',
        ModifiedProperties: [{ Name: 'Group.DisplayName', NewValue: 'Finance Team', OldValue: '' }],
        Target: [{ ID: 'eve@example.com', Type: 5 }],
      }),
    ].join('\r\n') + '\r\n',
  );
  const casePath = path.join(dir, 'case.db');
  assert.equal(spawnSync(process.execPath, [cliPath, 'import', casePath, file]).status, 0);
  const at = (asOf: string) =>
    (
      JSON.parse(
        spawnSync(process.execPath, [cliPath, 'graph', casePath, '--as-of', asOf, '--json'], { encoding: 'utf8' })
          .stdout,
      ) as { edges: Array<{ from: string; to: string; since: string; viaGroup: string | null }> }
    ).edges.map((e) => [e.from, e.to, e.since, e.viaGroup]);
  assert.deepEqual(at('2024-03-05T11:00:00Z'), [['Finance Team', 'cfo@example.com', '2024-03-05T10:00:00.000Z', null]]);
  assert.deepEqual(at('2024-03-05T13:00:00Z'), [
    ['eve@example.com', 'cfo@example.com', '2024-03-05T12:00:00.000Z', 'Finance Team'],
    ['Finance Team', 'cfo@example.com', '2024-03-05T10:00:00.000Z', null],
  ]);
});

test('an application named by object id in one record and by display name in another is one application', () => {
  const grantById = change({
    action: 'grant',
    time: '2024-03-05T02:26:31.000Z',
    kind: 'delegated-grant',
    mailbox: '*',
    trustee: 'app:eb497b7c-305f-4334-aecb-647ce5153e22',
    rights: ['Mail.ReadWrite'],
    detail: { spObjectId: 'eb497b7c-305f-4334-aecb-647ce5153e22' },
  });
  const roleByName = change({
    action: 'grant',
    time: '2024-03-05T02:23:10.000Z',
    kind: 'app-role',
    mailbox: '*',
    trustee: 'app:Mail Archiver Sync',
    rights: ['Mail.Read'],
    detail: { spObjectId: 'EB497B7C-305F-4334-AECB-647CE5153E22' },
  });
  const named = nameApplications([grantById, roleByName], []);
  assert.deepEqual(
    named.map((c) => c.trustee),
    ['app:Mail Archiver Sync', 'app:Mail Archiver Sync'],
  );
  const sp = {
    id: 1,
    time: '2024-03-05T02:21:04.000Z',
    recordId: 'x',
    recordType: 8,
    operation: 'Add service principal.',
    actor: 'a@example.com',
    userType: 0,
    target: null,
    clientIp: null,
    succeeded: true,
    params: {},
    data: {
      ObjectId: 'eb497b7c-305f-4334-aecb-647ce5153e22',
      ModifiedProperties: [{ Name: 'DisplayName', NewValue: '[\r\n  "Mail Archiver Sync"\r\n]' }],
    },
  };
  assert.equal(
    nameApplications([grantById], [sp])[0]!.trustee,
    'app:Mail Archiver Sync',
    'learned from the service principal record alone',
  );
});
