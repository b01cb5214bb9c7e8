/**
 * Runs `work` and records its duration as a performance measure named `name`, which the UI
 * benchmark (test/bench/bench-ui.ts) and a profiler read. Costs two clock reads.
 */
export function timed<T>(name: string, work: () => T): T {
  const start = performance.now();
  try {
    return work();
  } finally {
    performance.measure(name, { start });
  }
}
