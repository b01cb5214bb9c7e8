/**
 * The frame around every view: case name, navigation, display preferences, import (button, drop
 * anywhere, progress, outcome) and the view itself. Its own failures are banners, never a blank app.
 */
import { Link, Outlet } from '@tanstack/react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import type { ImportOutcome } from '../../../shared/domain';
import { useBackend, useCall } from './backend-context';
import { useImportProgress } from './import-progress';
import { ImportControls } from './ImportControls';
import { ImportOutcomes, ProgressBar } from './ImportStatus';
import { PreferenceControls } from './PreferenceControls';
import { SavedViews } from './SavedViews';
import { ReportDialog } from '../views/report/ReportDialog';

export function AppShell() {
  const backend = useBackend();
  const queryClient = useQueryClient();
  const info = useCall('case.info', {});
  const findings = useCall('findings.list', { evidenceLimit: 0 });
  const progress = useImportProgress();
  const [outcomes, setOutcomes] = useState<ImportOutcome[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [reporting, setReporting] = useState(false);
  // The desktop menu's "Report…" opens the same dialog as the button.
  useEffect(() => backend.on('report.requested', () => setReporting(true)), [backend]);

  const runImport = useCallback(
    async (work: () => Promise<ImportOutcome[] | null>) => {
      setBusy(true);
      setOutcomes(null);
      setError(null);
      try {
        const result = await work();
        if (result) setOutcomes(result);
      } catch (err) {
        setError((err as Error).message);
      } finally {
        // Files before a failure are committed: whatever happened, every view reloads.
        await queryClient.invalidateQueries();
        setBusy(false);
      }
    },
    [queryClient],
  );

  const openCase = (create: boolean) => void backend.openCase?.(create).catch((err: Error) => setError(err.message));
  const loadError = info.error ?? findings.error;

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
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        const files = [...e.dataTransfer.files];
        if (files.length > 0) void runImport(() => backend.importFiles(files));
      }}
    >
      <header className="topbar">
        <div className="brand">
          Delegation Lens
          <span className="case-name" data-testid="case-name">
            {info.data?.name ?? ''}
          </span>
          {info.data?.readOnly && (
            <span className="read-only" title={info.data.readOnly}>
              read-only
            </span>
          )}
        </div>
        <nav className="tabs" aria-label="Views">
          <Link to="/overview" data-testid="tab-overview" activeProps={{ className: 'active' }}>
            Overview
          </Link>
          <Link to="/findings" data-testid="tab-findings" activeProps={{ className: 'active' }}>
            Findings <span className="badge">{findings.data?.length ?? '…'}</span>
          </Link>
          <Link to="/timeline" data-testid="tab-timeline" activeProps={{ className: 'active' }}>
            Timeline
          </Link>
          <Link to="/volume" data-testid="tab-volume" activeProps={{ className: 'active' }}>
            Send volume
          </Link>
          <Link to="/graph" data-testid="tab-graph" activeProps={{ className: 'active' }}>
            Delegation graph
          </Link>
          <Link to="/annotations" data-testid="tab-annotations" activeProps={{ className: 'active' }}>
            Notes
          </Link>
        </nav>
        <SavedViews />
        <PreferenceControls />
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
        <button
          className="report-button"
          onClick={() => setReporting(true)}
          data-testid="open-report"
          title="Build the case report"
        >
          Report…
        </button>
        <ImportControls busy={busy} onImport={runImport} />
      </header>
      {progress && busy && <ProgressBar progress={progress} />}
      {(error ?? loadError) && (
        <div className="banner error" role="alert">
          {error ?? loadError?.message}
        </div>
      )}
      {outcomes && <ImportOutcomes outcomes={outcomes} onClose={() => setOutcomes(null)} />}
      <main className="view">
        <Outlet />
      </main>
      {reporting && <ReportDialog onClose={() => setReporting(false)} />}
      {dragging && <div className="dropzone">Drop evidence files to import them</div>}
    </div>
  );
}
