/**
 * A local draft of a value held elsewhere (a search parameter, a stored setting), restarted from
 * the value whenever the value changes. React's "adjust state when a prop changes" pattern: the
 * reset happens during render, so no effect runs and no stale draft is ever painted.
 */
import { useState } from 'react';

export function useDraft<T>(value: T): [T, (next: T) => void] {
  const [draft, setDraft] = useState(value);
  const [source, setSource] = useState(value);
  if (!Object.is(source, value)) {
    setSource(value);
    setDraft(value);
  }
  return [draft, setDraft];
}
