import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 9,
  name: 'tenant domains kept with the analysis',
  up(db) {
    db.exec(`
      -- The tenant's mail domains as the analysis derived them (configured, mailbox owners, dumps,
      -- the organisation name, domains users act from): a JSON array. Deriving them scans the audit
      -- table (over a second on a million records); the graph, replay and principal pages read
      -- them here while the analysis is current. NULL before version 9 or after a failed analysis.
      ALTER TABLE analysis_state ADD COLUMN tenant_domains TEXT;
    `);
  },
};
