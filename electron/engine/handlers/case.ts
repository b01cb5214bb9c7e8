/** The case as a whole: its name, schema, evidence registry, counts, coverage warnings and analysis state. */
import path from 'node:path';
import { ANALYSIS_VERSION, analysisIsStale } from '../pipelines/analysis/run-analysis.js';
import { readAnalysisState } from '../store/analysis-state.js';
import { storedCaseDigest } from '../store/case-digest.js';
import { caseWarnings } from '../store/completeness.js';
import { schemaVersion } from '../store/db.js';
import { caseCounts, listEvidence } from '../store/evidence-reads.js';
import type { HandlerContext, Handlers } from './context.js';

export const caseHandlers = (ctx: HandlerContext): Pick<Handlers, 'case.info'> => ({
  'case.info': async () => {
    const db = await ctx.db.read();
    const state = readAnalysisState(db);
    return {
      name: path.basename(ctx.casePath),
      schemaVersion: schemaVersion(db),
      evidence: listEvidence(db),
      counts: caseCounts(db),
      warnings: caseWarnings(db),
      analysis: {
        current: !analysisIsStale(db),
        analysedAt: state?.analysedAt ?? null,
        version: state?.engineVersion ?? null,
        currentVersion: ANALYSIS_VERSION,
        failures: state?.failures ?? [],
      },
      readOnly: ctx.db.readOnly,
      digest: storedCaseDigest(db),
    };
  },
});
