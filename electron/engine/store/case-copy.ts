/**
 * A private copy of a case that cannot be used where it is (read-only file or medium, older schema,
 * stale findings): the engine migrates and re-analyses the copy and shows it, and the original is
 * never written. The copy lives in the system's temporary folder and is removed when the case closes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CaseOpenError } from './db.js';

export interface CaseCopy {
  file: string;
  remove(): void;
}

/** Copy the case file and its write-ahead log (committed transactions not yet checkpointed into it). */
export function copyCase(file: string): CaseCopy {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlens-view-'));
  const copy = path.join(dir, path.basename(file));
  try {
    fs.copyFileSync(file, copy);
    if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    const reason = (err as NodeJS.ErrnoException).code === 'ENOSPC' ? 'no space left' : (err as Error).message;
    throw new CaseOpenError(`${file}: read-only, and a copy to view could not be made in ${os.tmpdir()} (${reason})`);
  }
  return { file: copy, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
