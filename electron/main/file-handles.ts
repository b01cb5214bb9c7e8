/**
 * Files the analyst chose in the desktop app (the open dialog, or dropped on the window) stay in the
 * main process: the renderer gets an opaque handle per file and imports by handle. A script that
 * ever ran in the page could otherwise name any path on the machine to `import.files`; with
 * handles it can only import what the analyst picked. No electron import: tested in plain Node.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { ApiError, type Args } from '../../shared/contract.js';

type ImportFiles = Args<'import.files'>['files'];

/** More than any collection has files; a page minting handles in a loop cannot grow the map without end. */
const MAX_HANDLES = 100_000;

export class FileHandles {
  private readonly paths = new Map<string, string>();
  private readonly handles = new Map<string, string>();

  /** The handle of an absolute path the analyst chose (the same path keeps its handle). */
  register(absolutePath: string): string {
    if (!path.isAbsolute(absolutePath)) throw new ApiError('invalid_args', 'a chosen file must have an absolute path');
    const known = this.handles.get(absolutePath);
    if (known) return known;
    if (this.paths.size >= MAX_HANDLES) throw new ApiError('unavailable', 'too many files chosen in this session');
    const handle = `file-${crypto.randomBytes(18).toString('base64url')}`;
    this.paths.set(handle, absolutePath);
    this.handles.set(absolutePath, handle);
    return handle;
  }

  /**
   * `import.files` as the renderer sends it (handles in `path`) turned into what the engine takes:
   * the chosen paths, each registered under its own base name (a `name` from the page is ignored). Anything that is not a handle this
   * session gave out (an absolute path typed by a script, a guessed handle) is refused whole.
   */
  resolveImport(files: ImportFiles): ImportFiles {
    return files.map((f, i) => {
      const chosen = this.paths.get(f.path);
      if (chosen === undefined)
        throw new ApiError('invalid_args', `import.files: files.${i}.path: not a file chosen in this window`);
      // The registered name is the real one: provenance is not the page's to rename.
      return { path: chosen, name: path.basename(chosen) };
    });
  }
}
