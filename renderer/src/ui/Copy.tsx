/** A long value (SHA-256, record id) shown shortened, with a button copying it whole. */
import { useState } from 'react';

export function Copyable({ value, keep = 12, label }: { value: string; keep?: number; label?: string }) {
  const [copied, setCopied] = useState(false);
  const short = value.length > keep * 2 + 1 ? `${value.slice(0, keep)}…${value.slice(-4)}` : value;
  return (
    <span className="copyable mono" title={value}>
      {short}
      <button
        className="icon"
        aria-label={`Copy ${label ?? 'value'}`}
        onClick={(e) => {
          e.stopPropagation();
          void navigator.clipboard?.writeText(value).then(() => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1200);
          });
        }}
      >
        {copied ? 'copied' : 'copy'}
      </button>
    </span>
  );
}
