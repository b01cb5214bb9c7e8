/** Import progress pushed by the engine, as a tiny store the shell's progress bar subscribes to. */
import { useSyncExternalStore } from 'react';
import type { ImportProgress } from '../../../shared/domain';

let progress: ImportProgress | null = null;
const listeners = new Set<() => void>();

export function setImportProgress(p: ImportProgress | null): void {
  progress = p;
  for (const l of listeners) l();
}

export function useImportProgress(): ImportProgress | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => progress,
  );
}
