/**
 * Who is making a change, as the case records it ("by" on triage, annotations, history and saved
 * views): DLENS_ANALYST when set (a shared workstation, a service account, a name the team agreed
 * on), else the operating-system user name. Read at each change, so a long-running engine follows
 * the environment it was started with and tests can set it per process.
 */
import os from 'node:os';

/** Longest name stored; an environment value is the analyst's own, but a case file is shared. */
const MAX_LENGTH = 200;

export function analystName(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.DLENS_ANALYST?.trim();
  if (explicit) return explicit.slice(0, MAX_LENGTH);
  try {
    const name = os.userInfo().username.trim();
    if (name) return name.slice(0, MAX_LENGTH);
  } catch {
    // A uid with no passwd entry (containers, setpriv): userInfo() throws; fall through to the uid.
  }
  const fromEnv = (env.USER ?? env.USERNAME ?? '').trim();
  return fromEnv ? fromEnv.slice(0, MAX_LENGTH) : `uid ${process.getuid?.() ?? 'unknown'}`;
}
