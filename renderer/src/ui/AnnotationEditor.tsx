/**
 * Star, tags and a comment on a finding, an event or a principal, stored in the case with their
 * history. Shown wherever the thing appears; saving announces the change to every window.
 */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { AnnotationKind } from '../../../shared/requests/triage';
import { useBackend, useCall } from '../app/backend-context';
import { EvidenceText } from './EvidenceText';
import { Time } from './Time';

export function AnnotationEditor({ kind, target }: { kind: AnnotationKind; target: string }) {
  const backend = useBackend();
  const current = useCall('annotations.list', { kind, target });
  const a = current.data?.[0];
  const [tags, setTags] = useState('');
  const [comment, setComment] = useState('');
  // The drafts restart from what is stored whenever the stored annotation changes (React's
  // "adjust state when a prop changes" pattern: no effect, no extra render pass).
  const [shown, setShown] = useState(a);
  if (shown !== a) {
    setShown(a);
    setTags(a?.tags.join(', ') ?? '');
    setComment(a?.comment ?? '');
  }
  const save = useMutation({
    mutationFn: (change: { starred?: boolean; tags?: string[]; comment?: string }) =>
      backend.call('annotations.set', { kind, target, ...change }),
  });
  const tagList = () =>
    tags
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
  if (current.error?.message.includes('not built')) return null;
  return (
    <section className="annotation" data-testid="annotation">
      <button
        className={a?.starred ? 'star on' : 'star'}
        aria-pressed={a?.starred ?? false}
        aria-label={a?.starred ? 'Remove star' : 'Star'}
        onClick={() => save.mutate({ starred: !(a?.starred ?? false) })}
        data-testid="annotation-star"
      >
        {a?.starred ? '★' : '☆'}
      </button>
      <input
        value={tags}
        onChange={(e) => setTags(e.target.value)}
        onBlur={() => tagList().join(',') !== (a?.tags ?? []).join(',') && save.mutate({ tags: tagList() })}
        placeholder="tags, comma separated"
        aria-label="Tags"
        data-testid="annotation-tags"
      />
      <textarea
        rows={2}
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        placeholder="Comment"
        aria-label="Comment"
        data-testid="annotation-comment"
      />
      <button
        onClick={() => save.mutate({ comment, tags: tagList() })}
        disabled={save.isPending}
        data-testid="annotation-save"
      >
        Save note
      </button>
      {a && (
        <span className="muted small">
          by <EvidenceText text={a.by} />, <Time iso={a.updatedAt} />
        </span>
      )}
      {save.error && <span className="banner error">{save.error.message}</span>}
    </section>
  );
}
