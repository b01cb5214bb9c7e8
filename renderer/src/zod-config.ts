/**
 * Imported first: zod probes `new Function` to decide whether it may compile parsers, and under the
 * renderer's strict CSP (no 'unsafe-eval') each probe is a CSP violation report. Jitless mode never
 * probes; the schemas the renderer parses are small, so the interpreter is fast enough.
 */
import { z } from 'zod';

z.config({ jitless: true });
