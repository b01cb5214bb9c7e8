import { useCallback, useEffect, useState } from 'react';
import type { CaseInfo, Finding, ImportOutcome, ImportProgress } from '../../shared/domain';
import type { Backend } from './api/backend';
import { ImportControls } from './views/ImportControls';
import { Overview } from './views/Overview';
import { FindingsView } from './views/FindingsView';
import { GraphView } from './views/GraphView';

type Tab = 'overview' | 'findings' | 'graph';

export function App({ backend }: { backend: Backend }) {
  const [info, setInfo] = useState<CaseInfo | null>(null);
  const [findings, setFindings] = useState<Finding[]>([]);
  const [tab, setTab] = useState<Tab>('overview');
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [outcomes, setOutcomes] = useState<ImportOutcome[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  /** Bumped whenever the case changes, so views that load their own data reload. */
  const [version, setVersion] = useState(0);

  const reload = useCallback(
    () =>
      Promise.all([backend.call('case.info', {}), backend.call('findings.list', {})]).then(
        ([i, f]) => {
          setInfo(i);
          setFindings(f);
          setVersion((v) => v + 1);
        },
        (err: Error) => setError(err.message),
      ),
    [backend],
  );

  useEffect(() => {
    void reload();
    const offProgress = backend.on('import.progress', setProgress);
    const offChanged = backend.on('case.changed', () => void reload());
    return () => {
      offProgress();
      offChanged();
    };
  }, [backend, reload]);

  const runImport = useCallback(
    async (work: () => Promise<ImportOutcome[] | null>) => {
      setBusy(true);
      setOutcomes(null);
      setError(null);
      try {
        const result = await work();
        // Fresh counts first, so the outcome banner never sits beside the case as it was before.
        await reload();
        if (result) setOutcomes(result);
      } catch (err) {
        setError((err as Error).message);
        await reload(); // files before the failure are committed
      } finally {
        setBusy(false);
        setProgress(null);
      }
    },
    [reload],
  );

  // A dialog or case that fails to open says so in the error banner instead of failing silently.
  const openCase = (create: boolean) => void backend.openCase?.(create).catch((err: Error) => setError(err.message));

  const onDrop = (e: React.DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const files = [...e.dataTransfer.files];
    if (files.length > 0) void runImport(() => backend.importFiles(files));
  };

  return (
    <div
      className="app"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <header className="topbar">
        <div className="brand">
          Delegation Lens{' '}
          <span className="case-name" data-testid="case-name">
            {info?.name ?? ''}
          </span>
        </div>
        <nav className="tabs">
          <button
            className={tab === 'overview' ? 'active' : ''}
            onClick={() => setTab('overview')}
            data-testid="tab-overview"
          >
            Case overview
          </button>
          <button
            className={tab === 'findings' ? 'active' : ''}
            onClick={() => setTab('findings')}
            data-testid="tab-findings"
          >
            Findings <span className="badge">{findings.length}</span>
          </button>
          <button className={tab === 'graph' ? 'active' : ''} onClick={() => setTab('graph')} data-testid="tab-graph">
            Delegation graph
          </button>
        </nav>
        {backend.openCase && (
          <div className="case-controls">
            <button onClick={() => openCase(false)} data-testid="open-case">
              Open case…
            </button>
            <button onClick={() => openCase(true)} data-testid="new-case">
              New case…
            </button>
          </div>
        )}
        <ImportControls backend={backend} busy={busy} onImport={runImport} />
      </header>
      {progress && <ProgressBar progress={progress} />}
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      {outcomes && <ImportOutcomes outcomes={outcomes} onClose={() => setOutcomes(null)} />}
      <main>
        {tab === 'overview' && <Overview backend={backend} info={info} />}
        {tab === 'findings' && <FindingsView backend={backend} findings={findings} />}
        {tab === 'graph' && <GraphView backend={backend} version={version} />}
      </main>
      {dragging && <div className="dropzone">Drop evidence files to import them</div>}
    </div>
  );
}

function ProgressBar({ progress }: { progress: ImportProgress }) {
  const pct = progress.bytesTotal > 0 ? Math.round((progress.bytesRead / progress.bytesTotal) * 100) : 100;
  return (
    <div className="progress" data-testid="import-progress">
      <div className="progress-fill" style={{ width: `${pct}%` }} />
      <span>
        Importing {progress.file}: {pct}% · {progress.rows.toLocaleString('en-US')} rows
        {progress.etaSeconds !== null ? ` · about ${progress.etaSeconds} s left` : ''}
        {progress.caseLocked ? ' · a large file holds the case: other views refresh when it is in' : ''}
      </span>
    </div>
  );
}

function ImportOutcomes({ outcomes, onClose }: { outcomes: ImportOutcome[]; onClose: () => void }) {
  return (
    <div className="banner outcomes" data-testid="import-outcomes">
      <button className="close" onClick={onClose} aria-label="Dismiss">
        ×
      </button>
      {outcomes.map((o, i) =>
        o.ok ? (
          <div key={i} className={o.result.rejected > 0 ? 'warn' : 'ok'}>
            <strong>{o.result.file}</strong>:{' '}
            {o.result.alreadyImported
              ? 'already in the case (same SHA-256); nothing changed'
              : `${o.result.formatLabel}: ${o.result.accepted} accepted, ` +
                `${o.result.rejected} rejected, ${o.result.duplicates} duplicates`}
          </div>
        ) : (
          <div key={i} className="bad">
            {o.error}
          </div>
        ),
      )}
    </div>
  );
}
