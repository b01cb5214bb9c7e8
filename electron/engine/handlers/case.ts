/** The case as a whole: its name, schema, evidence registry, counts and coverage warnings. */
import path from 'node:path';
import { caseWarnings } from '../store/completeness.js';
import { schemaVersion } from '../store/db.js';
import { caseCounts, listEvidence } from '../store/evidence-reads.js';
import type { HandlerContext, Handlers } from './context.js';

export const caseHandlers = (ctx: HandlerContext): Pick<Handlers, 'case.info'> => ({
  'case.info': async () => {
    const db = await ctx.db.read();
    return {
      name: path.basename(ctx.casePath),
      schemaVersion: schemaVersion(db),
      evidence: listEvidence(db),
      counts: caseCounts(db),
      warnings: caseWarnings(db),
    };
  },
});
