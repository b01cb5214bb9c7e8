/**
 * Keyboard navigation for lists and grids: j / k or the arrow keys move the selection, Enter opens
 * it, Escape closes, `/` focuses the view's search box. Keys typed into inputs are left alone.
 */
import { useEffect } from 'react';

export interface ListKeys {
  count: number;
  index: number;
  onMove: (index: number) => void;
  onOpen?: (index: number) => void;
  onClose?: () => void;
  /** The search input `/` focuses. */
  search?: { current: HTMLInputElement | null };
  /** Rows a Page Up / Page Down moves. */
  page?: number;
}

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

export function useListKeys({ count, index, onMove, onOpen, onClose, search, page = 10 }: ListKeys): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'Escape') {
        if (typing(e.target)) (e.target as HTMLElement).blur();
        else onClose?.();
        return;
      }
      if (typing(e.target)) return;
      const clamp = (i: number) => Math.max(0, Math.min(count - 1, i));
      const go = (i: number) => {
        e.preventDefault();
        if (count > 0) onMove(clamp(i));
      };
      switch (e.key) {
        case 'j':
        case 'ArrowDown':
          return go(index < 0 ? 0 : index + 1);
        case 'k':
        case 'ArrowUp':
          return go(index < 0 ? 0 : index - 1);
        case 'PageDown':
          return go(index + page);
        case 'PageUp':
          return go(index - page);
        case 'Home':
          return go(0);
        case 'End':
          return go(count - 1);
        case 'Enter':
          if (index >= 0 && onOpen) {
            e.preventDefault();
            onOpen(index);
          }
          return;
        case '/':
          if (search?.current) {
            e.preventDefault();
            search.current.focus();
            search.current.select();
          }
          return;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [count, index, onMove, onOpen, onClose, search, page]);
}
