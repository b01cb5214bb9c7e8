/**
 * The engine's two connections to one case. Imports and analysis write through the writer; queries
 * read through a read-only connection, so a query during an import sees the last committed state
 * instead of waiting or seeing half a file. A bulk import may suspend the reader: the writer alone
 * on the case can use a rollback journal, which writes each page once instead of twice (see
 * pipelines/import/import-file.ts); queries then wait until it is reopened.
 */
import { closeDb, openCase, openCaseReader, type ReadDb, type WriteDb } from '../store/db.js';

export class CaseConnections {
  readonly writer: WriteDb;
  private reader: ReadDb | null;
  /** Settled while the reader is open; pending while a bulk import holds the case alone. */
  private readerOpen: Promise<void> = Promise.resolve();

  constructor(
    private readonly casePath: string,
    private readonly nativeBinding: string | undefined,
  ) {
    this.writer = openCase(casePath, { nativeBinding });
    this.reader = this.openReader();
  }

  private openReader(): ReadDb {
    return openCaseReader(this.casePath, { nativeBinding: this.nativeBinding });
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
    closeDb(this.writer);
  }
}
