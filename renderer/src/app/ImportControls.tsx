import { useRef } from 'react';
import type { ImportOutcome } from '../../../shared/domain';
import { useBackend } from './backend-context';

interface Props {
  busy: boolean;
  onImport: (work: () => Promise<ImportOutcome[] | null>) => Promise<void>;
}

/** "Import evidence": the native dialog on the desktop, a file input in the browser; both also accept drops. */
export function ImportControls({ busy, onImport }: Props) {
  const backend = useBackend();
  const input = useRef<HTMLInputElement>(null);
  const pick = backend.pickAndImport;
  return (
    <div className="import-controls">
      <button
        className="primary"
        disabled={busy}
        data-testid="import-button"
        onClick={() => (pick ? void onImport(pick) : input.current?.click())}
      >
        {busy ? 'Importing…' : 'Import evidence'}
      </button>
      {!pick && (
        <input
          ref={input}
          type="file"
          multiple
          hidden
          data-testid="import-input"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            if (files.length > 0) void onImport(() => backend.importFiles(files));
          }}
        />
      )}
    </div>
  );
}
