/**
 * Ctrl+C (SIGINT) and `kill` (SIGTERM) for long-running commands (`dlens serve`): the first asks
 * for a clean stop (close the host and the case, remove temporary files), and is remembered even
 * while the command is still starting; a second one, for a stop that takes too long, runs the
 * synchronous cleanup and exits at once.
 */
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export interface StopSignals {
  /** Resolves with the first signal received. */
  readonly stopped: Promise<NodeJS.Signals>;
  /** Whether a signal has arrived. */
  readonly requested: boolean;
  /** Remove the handlers (default signal behaviour again). */
  dispose(): void;
}

export function listenForStop(forceCleanup: () => void): StopSignals {
  let requested = false;
  let resolveStopped!: (s: NodeJS.Signals) => void;
  const stopped = new Promise<NodeJS.Signals>((resolve) => (resolveStopped = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    if (requested) {
      forceCleanup();
      // 128 + signal number, as a shell reports a process ended by it.
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
    requested = true;
    resolveStopped(signal);
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  return {
    stopped,
    get requested() {
      return requested;
    },
    dispose: () => {
      for (const s of SIGNALS) process.off(s, onSignal);
    },
  };
}
