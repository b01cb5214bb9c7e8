/**
 * The evidence file itself: that it is a regular file, its size and its SHA-256, with one-line
 * reasons naming it when it cannot be read.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { EvidenceError } from '../../records/errors.js';
import { fileChunks } from '../../ingest/decode.js';

export async function statRegularFile(file: string, name: string): Promise<number> {
  let st: fs.Stats;
  try {
    st = await fs.promises.stat(file);
  } catch (err) {
    throw new EvidenceError(name, ioReason(err));
  }
  if (!st.isFile()) throw new EvidenceError(name, 'not a regular file');
  return st.size;
}

/** SHA-256 of the file (read through reused buffers: it runs beside large imports). */
export async function hashFile(file: string, name: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  try {
    for await (const chunk of fileChunks(file)) hash.update(chunk);
  } catch (err) {
    throw new EvidenceError(name, ioReason(err));
  }
  return hash.digest('hex');
}

function ioReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return `cannot be read (${(err as Error).message})`;
}
