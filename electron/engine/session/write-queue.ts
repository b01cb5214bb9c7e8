/**
 * Writers run one at a time: SQLite has one writer, and a file's import needs a clean transaction.
 * Work is queued in arrival order; a failed item does not stop the ones after it.
 */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  constructor(
    /** Called after every write (success or not): derived caches are stale from then on. */
    private readonly afterEach: () => void = () => undefined,
  ) {}

  run<T>(work: () => Promise<T> | T): Promise<T> {
    this.pending++;
    const step = async () => {
      try {
        return await work();
      } finally {
        this.pending--;
        this.afterEach();
      }
    };
    const next = this.tail.then(step, step);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Resolves when every write queued so far has finished. */
  async drained(): Promise<void> {
    while (this.pending > 0) await this.tail;
  }
}
