/**
 * Shared by the report tests: the tools they read PDFs with (Debian's poppler-utils), the system
 * Chromium they print with, and where page images are saved for a person to look at.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findChromium } from '../electron/cli/report-print.js';
import { repoRoot } from './helpers.js';

const has = (tool: string) => spawnSync(tool, ['-v'], { encoding: 'utf8' }).error === undefined;

/** Why the PDF tests cannot run here, or false. */
export const pdfToolsMissing: string | false = !findChromium()
  ? 'no Chromium (set DLENS_CHROMIUM or install chromium): skipping the PDF report test'
  : !has('pdftotext') || !has('pdftoppm')
    ? 'pdftotext/pdftoppm missing (apt-get install poppler-utils): skipping the PDF report test'
    : false;

/** The PDF's text, one string per page (pdftotext separates pages with form feeds). */
export function pdfPages(pdf: Uint8Array, dir: string, name: string): string[] {
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr}`);
  const pages = r.stdout.split('\f');
  if (pages[pages.length - 1]?.trim() === '') pages.pop();
  return pages;
}

/** Save page images (first pages and a few chosen ones) under test-results/report/<name>/. */
export function savePageImages(pdf: Uint8Array, name: string, pages: readonly number[]): string {
  const out = path.join(repoRoot, 'test-results', 'report', name);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  const file = path.join(out, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  for (const p of pages) {
    const r = spawnSync('pdftoppm', [
      '-png',
      '-r',
      '50',
      '-f',
      String(p),
      '-l',
      String(p),
      file,
      path.join(out, 'page'),
    ]);
    if (r.status !== 0) throw new Error(`pdftoppm failed on page ${p}`);
  }
  return out;
}

/** Attacker-written text: markup, script, an event handler, a bidi override and a spreadsheet formula. */
export const HOSTILE =
  '=HYPERLINK("http://evil.example","x")<script>alert(1)</script><img src=x onerror=alert(2)>\u202egnp.exe';

/**
 * A small case whose trustee (and the actor of its SendAs) and a sent subject are hostile, written
 * as a Purview export carries them (JSON inside CSV), plus a hostile annotation.
 */
export async function buildHostileCase(dir: string): Promise<string> {
  const { Engine } = await import('../electron/engine/engine.js');
  const { fixture } = await import('./helpers.js');
  const inJson = JSON.stringify(HOSTILE).slice(1, -1).replaceAll('"', '""');
  const text = fs
    .readFileSync(fixture('purview-new-fullaccess.csv'), 'utf8')
    // Inside the AuditData JSON (escaped as JSON, then for CSV), and as the plain UserId column (quoted for CSV).
    .replaceAll('""helpdesk7@example.com""', `""${inJson}@example.com""`)
    .replaceAll(',helpdesk7@example.com,', `,"${HOSTILE.replaceAll('"', '""')}@example.com",`)
    .replaceAll('Updated bank details', `Updated bank details ${inJson}`);
  const file = path.join(dir, 'hostile-ual.csv');
  fs.writeFileSync(file, text);
  const casePath = path.join(dir, 'hostile.dlens.db');
  const engine = Engine.open({ casePath });
  try {
    const [outcome] = await engine.call('import.files', { files: [{ path: file }] });
    if (!outcome?.ok)
      throw new Error(`hostile evidence did not import: ${outcome && !outcome.ok ? outcome.error : ''}`);
    await engine.call('annotations.set', {
      kind: 'principal',
      target: 'ceo@example.com',
      tags: ['victim'],
      comment: HOSTILE,
    });
  } finally {
    await engine.close();
  }
  return casePath;
}
