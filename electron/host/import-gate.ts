/**
 * What the browser may import. A page in the browser is less trusted than the analyst at the
 * terminal (any script that ever runs in it holds the token), so `import.files` over HTTP never
 * reads an arbitrary server path: only files under the evidence folders named on the `dlens serve`
 * command line (--evidence), and uploads, which the host itself writes (server.ts). And a file that
 * is refused never has its content sent back: the engine's reasons quote what a file starts with
 * or its columns, which is how a server file would leak one line at a time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ApiError, type Args } from '../../shared/contract.js';
import type { ImportOutcome } from '../../shared/domain.js';

/** A path the browser may not import; answered with 403. */
export class ImportPathRefused extends ApiError {
  constructor(message: string) {
    super('invalid_request', message);
    this.name = 'ImportPathRefused';
  }
}

type ImportFiles = Args<'import.files'>['files'];

/**
 * The files of an `import.files` call, each resolved to its real path (symbolic links followed) and
 * checked to lie under one of `evidenceDirs` (real paths). A missing file and a file elsewhere get
 * the same answer, so the host is no oracle for what exists on the machine.
 */
export function gateImportPaths(files: ImportFiles, evidenceDirs: readonly string[]): ImportFiles {
  if (evidenceDirs.length === 0)
    throw new ImportPathRefused(
      'this browser host imports uploaded files only; start it with dlens serve --evidence DIR to import files from a folder',
    );
  return files.map((f) => {
    const refused = () =>
      new ImportPathRefused(
        `${path.basename(f.path)}: not a file under the evidence folders this host was started with`,
      );
    if (!path.isAbsolute(f.path)) throw refused();
    let real: string;
    try {
      real = fs.realpathSync(f.path);
    } catch {
      throw refused();
    }
    if (!evidenceDirs.some((d) => real.startsWith(d.endsWith(path.sep) ? d : d + path.sep))) throw refused();
    return { path: real, name: f.name ?? path.basename(f.path) };
  });
}

/** Outcomes as they may leave the host: a refused file's reason without what the file says. */
export function withoutRefusedContent(outcomes: readonly ImportOutcome[]): ImportOutcome[] {
  return outcomes.map((o) => (o.ok ? o : { ...o, error: reasonWithoutContent(o.error) }));
}

/**
 * The engine quotes file content in a refusal as a JSON string ("a text file starting "…"") or as
 * a CSV header's column names; I/O details carry paths. Each is replaced by words saying it was cut.
 */
export function reasonWithoutContent(reason: string): string {
  return (
    reason
      .replace(/a text file starting "(?:[^"\\]|\\.)*"/g, 'a text file (its first line is not shown)')
      // Greedy: a column may itself contain ". Supported: "; the engine's own list of formats comes last.
      .replace(/(-separated file) with columns (?:.*(?=\. Supported: )|.*$)/s, '$1 (its columns are not shown)')
      .replace(/cannot be read \(.*\)/s, 'cannot be read')
      .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
  );
}
