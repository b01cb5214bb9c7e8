/** Case settings: allow-lists, business hours, time zone. A change recomputes the findings. */
import { ApiError } from '../../../shared/contract.js';
import { loadSettings, saveSettings } from '../analysis/settings.js';
import { runAnalysis } from '../pipelines/analysis/run-analysis.js';
import type { HandlerContext, Handlers } from './context.js';

export const settingsHandlers = (ctx: HandlerContext): Pick<Handlers, 'settings.get' | 'settings.update'> => ({
  'settings.get': async () => loadSettings(await ctx.db.read()),
  'settings.update': (update) => {
    ctx.db.assertWritable('changing settings');
    return ctx.writes.run(() => {
      const clean = Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined));
      try {
        saveSettings(ctx.db.writer, clean);
      } catch (err) {
        if (err instanceof RangeError) throw new ApiError('invalid_args', `settings.update: ${err.message}`);
        throw err;
      }
      runAnalysis(ctx.db.writer);
      ctx.emit('case.changed', { reason: 'settings' });
      return loadSettings(ctx.db.writer);
    });
  },
});
