/**
 * Where the built pieces live relative to the compiled code (dist/electron/…), in development,
 * in the CLI and in the packaged app alike.
 */
import { fileURLToPath } from 'node:url';

/** dist/renderer: the built renderer served by the browser host and loaded by the desktop window. */
export const rendererDir = fileURLToPath(new URL('../../renderer/', import.meta.url));
