/**
 * The files a `dlens import` names, folders walked recursively. A responder must be told about every
 * entry that is not imported, by name: nothing is skipped silently.
 *
 * - Symbolic links are followed, to files and to folders; a folder reached twice (a link loop, or
 *   two links to one folder) is walked once and the second visit reported.
 * - Hidden files (".name") are read like any other file: evidence is recognised by content, and a
 *   file that is not evidence is reported as skipped with what it looks like. Hidden folders (.git,
 *   .Trashes, .Spotlight-V100: version-control and OS metadata, which collection tools do not write)
 *   are reported by name and not walked.
 * - FIFOs, sockets and devices are reported and never opened (reading a FIFO would block).
 * - A folder that cannot be listed, a broken link, a named path that does not exist, and a folder
 *   with no file to import are errors naming the path: the command then exits non-zero, after
 *   importing everything else.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface EvidenceWalk {
  files: Array<{ path: string; fromFolder: boolean }>;
  /** Entries not read, each `path: why`. */
  skipped: string[];
  /** Entries that could not be used, each `path: why`: the command fails. */
  errors: string[];
}

export function collectEvidence(inputs: readonly string[]): EvidenceWalk {
  const walk: EvidenceWalk = { files: [], skipped: [], errors: [] };
  const visited = new Set<string>();
  for (const input of inputs) {
    let st: fs.Stats;
    try {
      st = fs.statSync(input);
    } catch (err) {
      walk.errors.push(`${input}: ${linkProblem(input, err) ?? ioReason(err, 'file')}`);
      continue;
    }
    if (!st.isDirectory()) {
      walk.files.push({ path: input, fromFolder: false });
      continue;
    }
    const before = walk.files.length;
    walkFolder(input, walk, visited);
    if (walk.files.length === before) walk.errors.push(`${input}: the folder holds no file to import`);
  }
  return walk;
}

function walkFolder(dir: string, walk: EvidenceWalk, visited: Set<string>): void {
  let real: string;
  let entries: fs.Dirent[];
  try {
    real = fs.realpathSync(dir);
    if (visited.has(real)) {
      walk.skipped.push(`${dir}: the same folder as ${real}, already walked (a link loop or a second link to it)`);
      return;
    }
    visited.add(real);
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    walk.errors.push(`${dir}: ${ioReason(err, 'folder')}`);
    return;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, e.name);
    let st: fs.Stats;
    try {
      st = e.isSymbolicLink() ? fs.statSync(full) : fs.lstatSync(full);
    } catch (err) {
      walk.errors.push(`${full}: ${linkProblem(full, err) ?? ioReason(err, 'file')}`);
      continue;
    }
    if (st.isDirectory()) {
      if (e.name.startsWith('.'))
        walk.skipped.push(`${full}: hidden folder (system or version-control data), not walked`);
      else walkFolder(full, walk, visited);
    } else if (st.isFile()) walk.files.push({ path: full, fromFolder: true });
    else walk.skipped.push(`${full}: ${specialKind(st)}, not a file; not read`);
  }
}

/** For a symbolic link that cannot be followed: what it points to and why. */
function linkProblem(file: string, err: unknown): string | null {
  let target: string;
  try {
    target = fs.readlinkSync(file);
  } catch {
    return null; // not a link
  }
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `broken symbolic link (its target ${target} does not exist)`;
  if (code === 'ELOOP') return `symbolic link loop (it points to ${target})`;
  return `symbolic link to ${target} cannot be followed (${ioReason(err, 'file')})`;
}

function ioReason(err: unknown, what: 'file' | 'folder'): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${what} not found`;
  if (code === 'EACCES' || code === 'EPERM')
    return what === 'folder' ? 'cannot list the folder (permission denied)' : 'permission denied';
  if (code === 'ELOOP') return 'symbolic link loop';
  return `cannot be read (${(err as Error).message})`;
}

function specialKind(st: fs.Stats): string {
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isBlockDevice() || st.isCharacterDevice()) return 'a device';
  return 'a special file';
}
