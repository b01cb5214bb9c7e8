/**
 * Case-file schema migrations, applied in order inside one transaction (store/db.ts).
 *
 * The schema version lives in `PRAGMA user_version`. Versions only ever increase; a case written
 * by a newer Delegation Lens is refused rather than guessed at (see CaseTooNewError). One file per
 * step, never edited once released.
 */
import { migration as m1 } from './001-evidence-audit-findings.js';
import { migration as m2 } from './002-dumps-trace-rules-aliases.js';
import { migration as m3 } from './003-delegation-settings.js';
import { migration as m4 } from './004-dump-times-and-derived-data.js';
import { migration as m5 } from './005-provenance-and-case-digest.js';
import { migration as m6 } from './006-timeline.js';
import { migration as m7 } from './007-send-volume.js';
import { migration as m8 } from './008-triage-annotations.js';
import { migration as m9 } from './009-analysis-tenant-domains.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

export const migrations: readonly Migration[] = [m1, m2, m3, m4, m5, m6, m7, m8, m9];

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
