/**
 * Text that comes from evidence (display names, subjects, rule names) is attacker-written. React
 * renders it as text, never markup; <bdi> isolates its direction so a right-to-left override in a
 * display name cannot reverse the sentence around it, and the override itself is shown as a mark.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

export const visibleControls = (text: string): string =>
  text.replace(BIDI_CONTROLS, (c) => `\u2039U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}\u203a`);

export function EvidenceText({ text, className }: { text: string | null | undefined; className?: string }) {
  if (text === null || text === undefined || text === '') return <span className="muted">—</span>;
  return <bdi className={className}>{visibleControls(text)}</bdi>;
}
