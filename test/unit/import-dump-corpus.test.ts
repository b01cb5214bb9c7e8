/**
 * The real Microsoft-Extractor-Suite dumps in ../shared/corpus (described in SOURCES.md): inbox rules
 * and OAuth permissions, with the counts SOURCES.md gives and no rejections.
 */
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import path from 'node:path';
import { test } from 'node:test';
import type { ImportFileResult } from '../../shared/domain.js';
import { Engine } from '../../electron/engine/engine.js';
import { corpus, corpusMissing, tempDir } from '../helpers.js';

type Row = Record<string, unknown>;

async function importCorpus(
  rel: string,
): Promise<{ r: ImportFileResult; query: (sql: string, ...p: unknown[]) => Row[] }> {
  const casePath = path.join(tempDir(), 'case.db');
  const engine = Engine.open({ casePath });
  const [o] = await engine.call('import.files', { files: [{ path: corpus(rel) }] });
  await engine.close();
  if (!o?.ok) assert.fail(o?.error ?? 'no outcome');
  return {
    r: o.result,
    query: (sql, ...p) => {
      const db = new Database(casePath, { readonly: true });
      try {
        return db.prepare(sql).all(...p) as Row[];
      } finally {
        db.close();
      }
    },
  };
}

test(
  'Extractor-Suite MailboxRules.csv: 110 rules across 16 mailboxes, 20 forwarding/redirecting, 11 deleting',
  { skip: corpusMissing },
  async () => {
    const { r, query } = await importCorpus('microsoft-extractor-suite/MailboxRules.csv');
    // Counts from SOURCES.md; the rule values below are as written in the file.
    assert.equal(r.format, 'extractor-mailbox-rules-csv');
    assert.deepEqual([r.accepted, r.rejected, r.duplicates], [110, 0, 0]);
    assert.deepEqual(query('SELECT COUNT(*) n, COUNT(DISTINCT mailbox) m FROM inbox_rule')[0], { n: 110, m: 16 });
    assert.equal(
      query(
        'SELECT COUNT(*) n FROM inbox_rule ' +
          'WHERE forward_to IS NOT NULL OR redirect_to IS NOT NULL OR forward_as_attachment_to IS NOT NULL',
      )[0]!.n,
      20,
    );
    assert.equal(query('SELECT COUNT(*) n FROM inbox_rule WHERE delete_message = 1')[0]!.n, 11);

    const [bec] = query(
      "SELECT * FROM inbox_rule WHERE mailbox = 'jacksone@bonacu.onmicrosoft.com' AND name = 'forward'",
    );
    assert.ok(bec);
    assert.equal(bec.forward_to, 'law1234567890@protonmail.com');
    assert.equal(bec.delete_message, 1);
    assert.equal(bec.enabled, 1);
    assert.deepEqual(JSON.parse(bec.conditions as string), {
      SubjectContainsWords: 'invoice, payment, project, money',
    });
    const raw = JSON.parse(bec.raw as string) as Record<string, string>;
    assert.match(
      raw.Description!,
      /^If the message:\n\tthe message includes specific words in the subject 'invoice'.*\n\tdelete the message\n/s,
      'multi-line Description kept verbatim',
    );

    assert.deepEqual(
      query('SELECT redirect_to FROM inbox_rule WHERE redirect_to IS NOT NULL').map((x) => x.redirect_to),
      ['marydavis@gmail.com', 'marydavis@gmail.com'],
    );
    assert.ok(query("SELECT 1 FROM inbox_rule WHERE forward_to = 'sarah.r1991@gmail.com'").length === 1);
    // Two recipients in one cell: an EX directory entry (legacy DN kept) and an SMTP address.
    const [two] = query("SELECT forward_to FROM inbox_rule WHERE forward_to LIKE '%richardd16@bauscn.com'");
    assert.equal(
      two!.forward_to,
      '/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=0f7204523c84455bb4111f614af6d18b-4305399d-d0; richardd16@bauscn.com',
    );
    // The file's ForwardTo cells name three recipients only as "Name" [EX:/o=ExchangeLabs/…] with no SMTP form:
    // Patricia Davis, William Jackson (next to richardd16@bauscn.com) and Richard Davis.
    assert.ok(r.notes.some((n) => n.startsWith('3 rule recipients are given only as a directory entry (EX:)')));
  },
);

test(
  'Extractor-Suite OAuthPermissions.csv: 508 rows, 302 delegated grants and 206 app roles across 34 apps',
  { skip: corpusMissing },
  async () => {
    const { r, query } = await importCorpus('microsoft-extractor-suite/21042025121726-OAuthPermissions.csv');
    // Counts and app grants from SOURCES.md; the per-user grant and the AppId below are as written in the file.
    assert.equal(r.format, 'extractor-oauth-permissions-csv');
    assert.deepEqual([r.accepted, r.rejected, r.duplicates], [508, 0, 0]);
    assert.ok(r.notes.includes('302 delegated and 206 application permission rows across 34 apps'));
    assert.deepEqual(query('SELECT kind, COUNT(*) n FROM permission GROUP BY kind ORDER BY kind'), [
      { kind: 'app-role', n: 206 },
      { kind: 'delegated-grant', n: 302 },
    ]);
    assert.equal(query('SELECT COUNT(DISTINCT trustee) n FROM permission')[0]!.n, 34);

    assert.deepEqual(
      query("SELECT kind, mailbox, trustee, rights FROM permission WHERE rights = 'full_access_as_app'"),
      [
        {
          kind: 'app-role',
          mailbox: 'Office 365 Exchange Online',
          trustee: 'test18092024',
          rights: 'full_access_as_app',
        },
      ],
    );
    const malapp = query(
      'SELECT rights FROM permission ' +
        "WHERE trustee = 'Malapp' AND kind = 'delegated-grant' AND mailbox = 'AllPrincipals'",
    ).map((x) => x.rights);
    assert.ok(malapp.includes('EWS.AccessAsUser.All') && malapp.includes('Mail.Read'));
    const graphJoey = query(
      "SELECT rights FROM permission WHERE trustee = 'GraphJoey' AND kind = 'app-role' AND mailbox = 'Microsoft Graph'",
    ).map((x) => x.rights);
    for (const scope of ['Mail.Read', 'Mail.ReadWrite', 'Mail.Send']) assert.ok(graphJoey.includes(scope), scope);
    // A per-user grant names the consenting principal; the app's AppId resolves to its display name.
    assert.ok(
      query("SELECT 1 FROM permission WHERE kind = 'delegated-grant' AND mailbox = 'Administrator'").length > 0,
    );
    const [appIdAlias] = query(
      "SELECT principal_key FROM principal_alias WHERE alias = '5d9fff84-5b34-4204-bc91-3aaf5f298c5d'",
    );
    assert.equal(appIdAlias!.principal_key, 'SharePointPnP.ProvisioningApp.Tenant');
  },
);

test(
  'Extractor-Suite MailboxRules.csv: RuleIdentity (unsigned 64-bit) stays text, 35 of 110 above the Int64 maximum',
  { skip: corpusMissing },
  async () => {
    const { query } = await importCorpus('microsoft-extractor-suite/MailboxRules.csv');
    const ids = query('SELECT raw FROM inbox_rule').map(
      (x) => (JSON.parse(x.raw as string) as Record<string, unknown>).RuleIdentity,
    );
    assert.equal(ids.length, 110);
    assert.ok(
      ids.every((id) => typeof id === 'string' && /^\d+$/.test(id)),
      'every RuleIdentity is a digit string',
    );
    const big = (ids as string[]).filter((id) => BigInt(id) > 2n ** 63n - 1n);
    assert.equal(big.length, 35);
    assert.ok(big.includes('17750924737141276673') && big.includes('16461219587992584193'));
  },
);
