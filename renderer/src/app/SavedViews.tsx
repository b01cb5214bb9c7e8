/** Save the current view (its URL state) under a name, and go back to any saved one. */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useBackend, useCall } from './backend-context';

export function SavedViews() {
  const backend = useBackend();
  const views = useCall('views.list', {});
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const save = useMutation({
    mutationFn: () => backend.call('views.save', { name: name.trim(), url: window.location.hash || '#/overview' }),
    onSuccess: () => {
      setNaming(false);
      setName('');
    },
  });
  if (views.error?.message.includes('not built')) return null;
  return (
    <div className="saved-views">
      {naming ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) save.mutate();
          }}
        >
          <input
            autoFocus
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="View name"
            aria-label="View name"
            data-testid="view-name"
          />
          <button type="submit" data-testid="view-save">
            Save
          </button>
        </form>
      ) : (
        <button
          onClick={() => setNaming(true)}
          title="Save this view (filters, time range, focus) in the case"
          data-testid="save-view"
        >
          Save view
        </button>
      )}
      <select
        value=""
        onChange={(e) => {
          if (e.target.value) window.location.hash = e.target.value;
        }}
        aria-label="Saved views"
        data-testid="saved-view-select"
      >
        <option value="">Saved views ({views.data?.length ?? 0})</option>
        {views.data?.map((v) => (
          <option key={v.id} value={v.url}>
            {v.name}
          </option>
        ))}
      </select>
    </div>
  );
}
