/**
 * The case report of the demo case printed to PDF by the system Chromium: its page count, the text
 * pdftotext extracts (findings, hashes, principals, remediation cmdlets), contents whose page numbers
 * are the pages the headings are on, and the same text on a second build apart from the generation
 * time. Page images are saved under test-results/report/demo/ for a person to look at.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { openPrinter, printReport } from '../../electron/cli/report-print.js';
import { buildDemoCase } from '../../electron/engine/demo.js';
import { Engine } from '../../electron/engine/engine.js';
import { pdfPageCount, withTocPages } from '../../shared/report-paging.js';
import { tempDir } from '../helpers.js';
import { pdfPages, pdfToolsMissing, savePageImages } from '../report-support.js';

test(
  'the demo report prints to PDF with findings, hashes, principals, remediation and a correct contents',
  { skip: pdfToolsMissing },
  async () => {
    const dir = tempDir();
    const casePath = path.join(dir, 'demo.dlens.db');
    await buildDemoCase(casePath);
    const engine = Engine.open({ casePath });
    try {
      const findings = await engine.call('findings.list', { evidenceLimit: 1 });
      const granted = findings.find((f) => f.rule === 'mailbox-delegation-granted' && f.severity === 'critical')!;
      const routine = findings.find((f) => f.rule === 'delegation-before-window')!;
      await engine.call('triage.set', { findingIds: [granted.id], state: 'confirmed', reason: 'used 31 h later' });
      await engine.call('triage.set', { findingIds: [routine.id], state: 'benign', reason: 'pre-existing access' });
      await engine.call('annotations.set', {
        kind: 'principal',
        target: 'kevin.walsh@northwindtraders.example',
        tags: ['attacker'],
        comment: 'took over the account',
      });

      const options = {
        tz: 'Europe/Berlin',
        tlp: 'amber' as const,
        analyst: 'J. Doe',
        client: 'Northwind Traders',
        parts: true,
      };
      const t0 = Date.now();
      const doc = await engine.call('report.build', options);
      const built = Date.now() - t0;
      const printed = await printReport(doc);
      const printedMs = Date.now() - t0 - built;
      assert.equal(printed.warning, null);
      assert.equal(printed.pages, pdfPageCount(printed.pdf));
      assert.ok(printed.pages > 30, `only ${printed.pages} pages`);
      const pages = pdfPages(printed.pdf, dir, 'demo');
      assert.equal(pages.length, printed.pages);
      const text = pages.join('\n');
      const flat = text.replace(/\s+/g, ' ');

      // Cover, marking, running header and footer on every page.
      assert.match(pages[0]!, /Mailbox delegation investigation/);
      assert.match(pages[0]!, /Northwind Traders/);
      assert.match(pages[0]!, /J\. Doe/);
      const info = await engine.call('case.info', {});
      assert.ok(info.digest && pages[0]!.includes(info.digest), 'the cover shows the case digest');
      pages.forEach((p, i) => {
        assert.match(p, /TLP:AMBER/, `page ${i + 1} carries the marking`);
        assert.match(p, new RegExp(`Page ${i + 1} of ${pages.length}`), `page ${i + 1} is numbered`);
      });

      // Findings, their citations' hashes, principals, and the remediation cmdlets.
      for (const f of findings.filter((x) => x.severity === 'critical').slice(0, 10))
        assert.ok(flat.includes(f.title.slice(0, 60)), `finding title missing: ${f.title}`);
      for (const e of info.evidence) assert.ok(text.includes(e.sha256), `hash of ${e.file} missing`);
      for (const p of [
        'kevin.walsh@northwindtraders.example',
        'tom.becker@northwindtraders.example',
        'margaret.holloway@northwindtraders.example',
      ])
        assert.ok(text.includes(p), `principal ${p} missing`);
      for (const cmd of [
        'Remove-MailboxPermission',
        'Remove-RecipientPermission',
        '-GrantSendOnBehalfTo',
        'Remove-InboxRule',
        '-IncludeHidden',
        '-ForwardingSmtpAddress $null',
        'Remove-TransportRule',
        'Remove-MgOauth2PermissionGrant',
        'Remove-MobileDevice',
        'Revoke-MgUserSignInSession',
        'Get-MailboxPermission',
      ])
        assert.ok(flat.includes(cmd), `remediation ${cmd} missing`);
      assert.match(flat, /The analyst confirmed 1 finding/);
      assert.match(flat, /pre-existing access/, 'the benign finding is listed as ruled out with its reason');
      assert.match(flat, /took over the account/, 'annotations are in');

      // The contents: every section on the page its number says, as pdftotext finds its heading.
      const contents = pages.findIndex((p) => /^\s*Contents\s*$/m.test(p));
      assert.equal(contents, 1, 'the contents follow the cover');
      const entries = [...pages[contents]!.matchAll(/^\s*(\d+)\s{2,}(\S.*?)\s{2,}(\d+)\s*$/gm)].map((m) => ({
        n: m[1]!,
        title: m[2]!,
        page: Number(m[3]),
      }));
      assert.equal(entries.length, 12, 'twelve sections listed');
      for (const e of entries) {
        const title = e.title.replace(/[.*+?^$|()[\]{}\\]/g, (c) => `\\${c}`);
        const heading = new RegExp(`^\\s*${e.n}\\. ${title}\\s*$`, 'm');
        const found: number = pages.findIndex((p, i) => i > contents && heading.test(p)) + 1;
        assert.equal(found, e.page, `contents say ${e.title} is on page ${e.page}; its heading is on page ${found}`);
      }

      // Same case, same options: the same text apart from the generation time.
      const again = await engine.call('report.build', options);
      await assert.rejects(printReport({ ...again, parts: [] }), /without its parts/, 'printing needs the parts');
      const printer = await openPrinter(again);
      const secondPdf = await printer.print(withTocPages(again.html, printed.starts)).finally(() => printer.close());
      const mask = (pagesText: string[]) => pagesText.join('\f').replace(/^\s*Generated .*$/m, 'Generated <time>');
      assert.equal(mask(pdfPages(secondPdf, dir, 'demo-again')), mask(pages));
      assert.equal(
        again.html.replace(/Generated<\/td><td>.*?<\/td>/, ''),
        doc.html.replace(/Generated<\/td><td>.*?<\/td>/, ''),
      );

      const out = savePageImages(printed.pdf, 'demo', [
        1,
        2,
        3,
        entries.find((e) => e.title.startsWith('Delegation graph'))!.page,
        entries.find((e) => e.title.startsWith('Remediation'))!.page,
      ]);
      console.log(
        `demo report: ${printed.pages} pages, built in ${built} ms, printed in ${printedMs} ms; images in ${out}`,
      );
    } finally {
      await engine.close();
    }
  },
);
