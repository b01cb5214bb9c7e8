/**
 * `dlens findings --csv | head -1`: once the reader of stdout (or stderr) goes away, writing to it
 * fails with EPIPE. That is the reader's choice, not a failure of the command: the command finishes
 * what it does (an import still commits and is analysed), its later output is dropped, and it exits
 * with its own code, without Node's stack trace for an unhandled stream error.
 */
import type { Writable } from 'node:stream';

export function toleratePipeClosing(streams: readonly Writable[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      // Writes after this are dropped by the destroyed stream without another error.
      stream.destroy();
      // Any other write failure (EIO, a full disk behind a redirect) means output was lost: exit 1,
      // still without a stack trace (there is nowhere left to print one).
      if (error.code !== 'EPIPE') process.exitCode = 1;
    });
  }
}
