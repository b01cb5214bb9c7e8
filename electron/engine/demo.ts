/**
 * The built-in demo case: a small generated tenant with every attack story, imported into a case so
 * a newcomer sees a populated investigation without finding evidence first (`npm start` on first
 * run, `dlens serve --demo`). Deterministic: the same seed gives the same case content.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from './engine.js';
import { generateEvidence } from './generate/generate.js';

/** The files a responder typically has: the portal audit export, the trace, and the main dumps. */
const DEMO_FORMATS = [
  'purview-csv-8',
  'messagetrace-csv',
  'get-mailboxpermission-csv',
  'get-mailbox-csv',
  'get-mailboxfolderpermission-csv',
  'extractor-suite-mailboxpermissions-csv',
];

export async function buildDemoCase(
  casePath: string,
  options: { nativeBinding?: string | undefined; seed?: number } = {},
): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dlens-demo-'));
  try {
    const evidence = path.join(work, 'evidence');
    const generated = await generateEvidence(evidence, {
      scenario: 'demo',
      seed: options.seed ?? 1,
      users: 25,
      days: 7,
    });
    const chosen = generated.files.filter((f) => DEMO_FORMATS.includes(f.format));
    const files = (chosen.length > 0 ? chosen : generated.files).map((f) => ({
      path: path.join(evidence, f.path),
      name: path.basename(f.path),
    }));
    const engine = Engine.open({ casePath, nativeBinding: options.nativeBinding });
    try {
      const outcomes = await engine.call('import.files', { files });
      const failed = outcomes.filter((o) => !o.ok);
      if (failed.length > 0)
        throw new Error(`demo evidence did not import: ${failed.map((o) => (o.ok ? '' : o.error)).join('; ')}`);
    } finally {
      await engine.close();
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
