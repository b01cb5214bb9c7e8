/**
 * Evidence text is attacker-written: markup, script, event handlers, bidi overrides and formulas in
 * a trustee, an actor, a subject and an annotation come out of the report as the literal text they
 * are, in the HTML and in the PDF; and the HTML report, opened in Chromium with JavaScript on,
 * makes no request, breaks no CSP rule and runs nothing.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fs from 'node:fs';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { findChromium, printReport } from '../../electron/cli/report-print.js';
import { Engine } from '../../electron/engine/engine.js';
import { tempDir } from '../helpers.js';
import { buildHostileCase, pdfPages, pdfToolsMissing, savePageImages } from '../report-support.js';

test('hostile evidence text is inert in the HTML report, and the report fetches and runs nothing in Chromium', async (t) => {
  const dir = tempDir();
  const casePath = await buildHostileCase(dir);
  const engine = Engine.open({ casePath });
  let html: string;
  try {
    const findings = await engine.call('findings.list', {});
    assert.ok(
      findings.some((f) => f.title.includes('<script>')),
      'a finding names the hostile trustee',
    );
    const doc = await engine.call('report.build', { tz: 'UTC', parts: true });
    html = doc.html;
    assert.doesNotMatch(html, /<script|<img|<iframe|<object|<embed|<link|<[a-z]+ [^>]*\bon[a-z]+=|@import|url\(/i);
    assert.doesNotMatch(html, /[\u202a-\u202e\u2066-\u2069]/, 'no raw bidi control');
    assert.match(
      html,
      /&lt;script&gt;alert\(1\)&lt;\/script&gt;&lt;img src=x onerror=alert\(2\)&gt;&lt;U\+202E&gt;gnp\.exe/i,
    );
    assert.match(html, /=HYPERLINK\(&quot;http:\/\/evil\.example&quot;/i);
    assert.match(
      html,
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'/,
    );
    for (const p of doc.parts) assert.doesNotMatch(p.html, /<script|<img/i);
    assert.doesNotMatch(doc.header + doc.footer, /<script|<img/i);
  } finally {
    await engine.close();
  }

  const executablePath = findChromium();
  if (!executablePath) return t.skip('no Chromium (set DLENS_CHROMIUM or install chromium): the load check is skipped');
  const file = path.join(dir, 'report.html');
  fs.writeFileSync(file, html);
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    const url = pathToFileURL(file).href;
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => {
      if (r.url() !== url) requests.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning' || /Content Security Policy|CSP/i.test(m.text()))
        problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.addInitScript({
      content:
        "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
    });
    await page.goto(url, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    await page.waitForTimeout(300);
    assert.deepEqual(requests, [], 'the report requested nothing');
    assert.deepEqual(problems, [], 'no CSP violation, console error or script ran');
    const shown = await page.evaluate<string>('document.body.innerText');
    assert.match(
      shown,
      /<script>alert\(1\)<\/script><img src=x onerror=alert\(2\)><U\+202E>gnp\.exe/i,
      'the markup shows as text',
    );
    assert.equal(await page.evaluate('document.querySelectorAll("script, img, iframe").length'), 0);
  } finally {
    await browser.close();
  }
});

test('hostile evidence text prints as literal text in the PDF report', { skip: pdfToolsMissing }, async () => {
  const dir = tempDir();
  const casePath = await buildHostileCase(dir);
  const engine = Engine.open({ casePath });
  try {
    const doc = await engine.call('report.build', { tz: 'UTC', tlp: 'red', parts: true });
    const printed = await printReport(doc);
    assert.equal(printed.warning, null);
    const text = pdfPages(printed.pdf, dir, 'hostile').join('\n');
    const flat = text.replace(/\s+/g, '');
    assert.ok(
      flat.toLowerCase().includes('<script>alert(1)</script><imgsrc=xonerror=alert(2)><u+202e>gnp.exe'),
      'hostile trustee printed literally',
    );
    assert.ok(flat.toLowerCase().includes('=hyperlink("http://evil.example","x")'), 'formula printed literally');
    assert.doesNotMatch(text, /[\u202a-\u202e\u2066-\u2069]/);
    assert.match(text, /TLP:RED/);
    savePageImages(printed.pdf, 'hostile', [1, 3]);
  } finally {
    await engine.close();
  }
});
