/**
 * The engine's two connections to one case. Imports and analysis write through the writer; queries
 * read through a read-only connection, so a query during an import sees the last committed state
 * instead of waiting or seeing half a file. A bulk import may suspend the reader: the writer alone
 * on the case can use a rollback journal, which writes each page once instead of twice (see
 * pipelines/import/import-file.ts); queries then wait until it is reopened.
 *
 * A case that cannot be written where it is (a read-only file, folder or medium) opens for viewing:
 * read in place when it is current, otherwise through a private copy that can be migrated and
 * re-analysed (store/case-copy.ts). Either way imports and settings changes are refused, by name.
 */
import { ApiError } from '../../../shared/contract.js';
import { copyCase, type CaseCopy } from '../store/case-copy.js';
import {
  caseIsWritable,
  CaseNeedsCopyError,
  closeDb,
  openCase,
  openCaseInPlace,
  openCaseReader,
  type ReadDb,
  type WriteDb,
} from '../store/db.js';

export interface ConnectionOptions {
  nativeBinding?: string | undefined;
  /** Create the case when missing (default true); otherwise the file must already be a case. */
  create?: boolean | undefined;
  /** Whether a case read in place needs no writing (its findings are current); else a copy is used. */
  current?: ((db: ReadDb) => boolean) | undefined;
}

export class CaseConnections {
  private readonly writeDb: WriteDb | null;
  private reader: ReadDb | null;
  /** Settled while the reader is open; pending while a bulk import holds the case alone. */
  private readerOpen: Promise<void> = Promise.resolve();
  private readonly copy: CaseCopy | null = null;
  /** Why the case is open for viewing only; null when it can be written. */
  readonly readOnly: string | null = null;
  /** The file the connections are on: the case, or its private copy. */
  private readonly file: string;

  constructor(
    private readonly casePath: string,
    private readonly options: ConnectionOptions = {},
  ) {
    this.file = casePath;
    if (caseIsWritable(casePath)) {
      this.writeDb = openCase(casePath, { nativeBinding: options.nativeBinding, create: options.create });
      this.reader = this.openReader();
      return;
    }
    this.readOnly = 'the case file or its folder cannot be written: open for viewing only';
    try {
      const inPlace = openCaseInPlace(casePath, { nativeBinding: options.nativeBinding });
      if (options.current?.(inPlace) ?? true) {
        this.writeDb = null;
        this.reader = inPlace;
        return;
      }
      closeDb(inPlace);
    } catch (err) {
      if (!(err instanceof CaseNeedsCopyError)) throw err;
    }
    this.copy = copyCase(casePath);
    this.file = this.copy.file;
    this.readOnly += ' (through a private temporary copy; the original is never written)';
    try {
      this.writeDb = openCase(this.file, { nativeBinding: options.nativeBinding, create: false });
      this.reader = this.openReader();
    } catch (err) {
      this.copy.remove();
      throw err;
    }
  }

  private openReader(): ReadDb {
    return openCaseReader(this.file, { nativeBinding: this.options.nativeBinding });
  }

  /** The write connection (the copy's, for a read-only case: analysis may bring it up to date). */
  get writer(): WriteDb {
    if (!this.writeDb) throw new ApiError('unavailable', `${this.casePath}: ${this.readOnly ?? 'no writer'}`);
    return this.writeDb;
  }

  get hasWriter(): boolean {
    return this.writeDb !== null;
  }

  /** Refuse a change the analyst asked for (import, settings) on a case open for viewing only. */
  assertWritable(what: string): void {
    if (this.readOnly) throw new ApiError('unavailable', `${this.casePath}: ${what} is not possible: ${this.readOnly}`);
  }

  /** The read-only connection, once it is open (it waits out a bulk import). */
  async read(): Promise<ReadDb> {
    await this.readerOpen;
    return this.reader!;
  }

  /** Close the reader so the writer is alone on the case; queries wait until `resume`. */
  suspendReads(): { resume: () => void } {
    if (this.reader) closeDb(this.reader);
    this.reader = null;
    let resume!: () => void;
    this.readerOpen = new Promise<void>((resolve) => {
      resume = () => {
        this.reader = this.openReader();
        resolve();
      };
    });
    return { resume };
  }

  close(): void {
    if (this.reader) closeDb(this.reader);
    this.reader = null;
    if (this.writeDb) closeDb(this.writeDb);
    this.copy?.remove();
  }
}
