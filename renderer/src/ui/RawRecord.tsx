/**
 * A raw source record, pretty-printed when it is JSON, wrapped inside its panel (never wider than
 * it), shown as inert text. Very long records are cut for display with their full length stated.
 */
import { useState } from 'react';
import { visibleControls } from './EvidenceText';

const SHOW = 20_000;

export function prettyJson(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}

export function RawRecord({ raw }: { raw: string }) {
  const [all, setAll] = useState(false);
  const text = visibleControls(prettyJson(raw));
  const cut = !all && text.length > SHOW;
  return (
    <div className="raw-wrap">
      <pre className="raw" data-testid="raw-record">
        {cut ? text.slice(0, SHOW) : text}
      </pre>
      {cut && (
        <button className="link" onClick={() => setAll(true)}>
          Show all {text.length.toLocaleString('en-US')} characters
        </button>
      )}
      <button className="link" onClick={() => void navigator.clipboard?.writeText(raw)}>
        Copy raw record
      </button>
    </div>
  );
}
