import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 5,
  name: 'application version per evidence file, case digest',
  up(db) {
    db.exec(`
      -- Which Delegation Lens imported the file (parser_version already says which parsers): with
      -- it the case names the software behind every row. NULL for files imported before version 5.
      ALTER TABLE evidence ADD COLUMN app_version TEXT;

      -- SHA-256 over the evidence registry and the findings as the analysis left them (see
      -- store/case-digest.ts): dlens verify recomputes it, so a change made outside the app shows.
      ALTER TABLE analysis_state ADD COLUMN case_digest TEXT;
    `);
  },
};
