/** Severity as a word on a colour (the word carries it for colour-blind readers; the colour only helps). */
import type { Severity as Level } from '../../../shared/domain';

export function Severity({ level }: { level: Level }) {
  return <span className={`sev sev-${level}`}>{level}</span>;
}
