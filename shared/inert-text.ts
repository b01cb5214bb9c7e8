/**
 * Evidence text is written by whoever the investigation is about. Before it reaches a terminal, a
 * CSV file or a report it is made inert: characters that act instead of showing are replaced by a
 * visible `<U+XXXX>` token, so the examiner sees that they were there and they can do nothing.
 *
 * - C0 controls, DEL and C1 controls: ESC and CSI start terminal sequences (OSC 52 writes the
 *   clipboard, OSC 8 makes links, `ESC[2J` clears the screen, `ESC[8m` hides text), CR and LF
 *   overwrite or forge lines of the tool's own output.
 * - Bidirectional formatting (embeddings and overrides U+202A-U+202E, isolates U+2066-U+2069, the
 *   marks U+200E, U+200F, U+061C): they reorder the tool's sentence around the evidence.
 * - Line and paragraph separators (U+2028, U+2029) break lines in some viewers.
 * - Invisible characters with no use in names (zero-width space, word joiner and invisible
 *   operators, BOM, Unicode tags): they hide or smuggle text. ZWNJ/ZWJ stay: scripts and emoji need them.
 *
 * Pure string code (no Node APIs): the CLI, exports and the renderer can all use it.
 */

/* eslint-disable no-control-regex -- matching control characters is what these patterns are for */
const ACTIVE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u{e0000}-\u{e007f}]/gu;
const ACTIVE_EXCEPT_LF =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u{e0000}-\u{e007f}]/gu;
/** What JSON.stringify leaves raw inside strings (it escapes C0 itself; LF outside strings is layout). */
const ACTIVE_IN_JSON =
  /[\u007f-\u009f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u{e0000}-\u{e007f}]/gu;
/* eslint-enable no-control-regex */
const ANY_ACTIVE = new RegExp(ACTIVE.source, 'u');

/** `<U+001B>` for ESC, `<U+202E>` for RIGHT-TO-LEFT OVERRIDE. */
export const visibleCodePoint = (c: string): string =>
  `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`;

/** One value (a table cell, a CSV cell, a name in a sentence): every active character made visible, LF included. */
export function revealControls(text: string): string {
  return text.replace(ACTIVE, visibleCodePoint);
}

/**
 * Text the tool lays out in lines itself (a message, a block of output): line feeds stay line
 * breaks, everything else active is made visible. Evidence values inside it should have gone
 * through revealControls first so they cannot start a line of their own.
 */
export function revealControlsKeepingLines(text: string): string {
  return text.replace(ACTIVE_EXCEPT_LF, visibleCodePoint);
}

/** Whether `text` holds anything revealControls would replace (for tests and checks). */
export function hasActiveCharacters(text: string): boolean {
  return ANY_ACTIVE.test(text);
}

/**
 * JSON that says the same as JSON.stringify but escapes what JSON.stringify leaves raw (DEL, C1,
 * bidi, separators, invisibles) as `\uXXXX`: lossless for a program reading it, inert on a terminal.
 */
export function inertJson(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, null, indent) ?? 'undefined';
  return text.replace(ACTIVE_IN_JSON, (c) =>
    c.length === 1
      ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
      : `\\u${c.charCodeAt(0).toString(16)}\\u${c.charCodeAt(1).toString(16)}`,
  );
}
