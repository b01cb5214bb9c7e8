/** Import progress (bar) and outcome (one line per file: accepted, rejected, duplicates, or the error). */
import type { ImportOutcome, ImportProgress } from '../../../shared/domain';
import { EvidenceText } from '../ui/EvidenceText';

export function ProgressBar({ progress }: { progress: ImportProgress }) {
  const pct = progress.bytesTotal > 0 ? Math.round((progress.bytesRead / progress.bytesTotal) * 100) : 100;
  return (
    <div className="progress" data-testid="import-progress" role="progressbar" aria-valuenow={pct}>
      <div className="progress-fill" style={{ width: `${pct}%` }} />
      <span>
        Importing <EvidenceText text={progress.file} />: {pct}% · {progress.rows.toLocaleString('en-US')} rows
        {progress.etaSeconds !== null ? ` · about ${progress.etaSeconds} s left` : ''}
        {progress.caseLocked ? ' · a large file holds the case: other views refresh when it is in' : ''}
      </span>
    </div>
  );
}

export function ImportOutcomes({ outcomes, onClose }: { outcomes: ImportOutcome[]; onClose: () => void }) {
  return (
    <div className="banner outcomes" data-testid="import-outcomes">
      <button className="close" onClick={onClose} aria-label="Dismiss">
        ×
      </button>
      {outcomes.map((o, i) =>
        o.ok ? (
          <div key={i} className={o.result.rejected > 0 ? 'warn' : 'ok'}>
            <strong>
              <EvidenceText text={o.result.file} />
            </strong>
            :{' '}
            {o.result.alreadyImported
              ? 'already in the case (same SHA-256); nothing changed'
              : `${o.result.formatLabel}: ${o.result.accepted} accepted, ` +
                `${o.result.rejected} rejected, ${o.result.duplicates} duplicates`}
          </div>
        ) : (
          <div key={i} className="bad">
            <EvidenceText text={o.error} />
          </div>
        ),
      )}
    </div>
  );
}
