/** Mailbox permission, configuration, inbox-rule and OAuth-grant dumps (docs/evidence-formats.md section B). */
import type { FormatParser } from '../format.js';

export const dumpFormatParsers: readonly FormatParser[] = [];
