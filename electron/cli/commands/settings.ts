import type { CaseSettings } from '../../../shared/domain.js';
import { parseArgs, stringOption, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { openEngine } from '../open-case.js';
import { json } from '../output.js';

/** Options that add one entry to a list setting (repeatable as comma-separated values). */
const LIST_OPTIONS: Record<string, keyof CaseSettings> = {
  'approve-delegate': 'approvedDelegates',
  'allow-forwarding-domain': 'allowedForwardingDomains',
  'known-admin': 'knownAdmins',
  'tenant-domain': 'tenantDomains',
};

export const settingsCommand: Command = {
  name: 'settings',
  usage:
    'dlens settings <case.db> [--approve-delegate "who[->mailbox]"] [--allow-forwarding-domain D] [--known-admin A] [--tenant-domain D] [--time-zone Europe/Berlin] [--business-hours 8-18] [--json]',
  summary: 'Show or change the case allow-lists and business hours (findings are recomputed)',
  async run(argv) {
    const args = parseArgs(argv, {
      values: [...Object.keys(LIST_OPTIONS), 'time-zone', 'business-hours'],
      flags: ['json'],
    });
    const [casePath] = args.positionals;
    if (!casePath || args.positionals.length > 1) throw new UsageError(`usage: ${this.usage}`);
    const engine = openEngine(casePath, { create: false });
    try {
      let settings = await engine.call('settings.get', {});
      const update: Partial<CaseSettings> = {};
      for (const [option, key] of Object.entries(LIST_OPTIONS)) {
        const v = stringOption(args, option);
        if (v === undefined) continue;
        const current = settings[key] as string[];
        (update as Record<string, string[]>)[key] = [
          ...current,
          ...v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        ];
      }
      const zone = stringOption(args, 'time-zone');
      if (zone !== undefined) update.timeZone = zone;
      const hours = stringOption(args, 'business-hours');
      if (hours !== undefined) {
        const m = /^(\d{1,2})-(\d{1,2})$/.exec(hours);
        if (!m) throw new UsageError('--business-hours takes START-END hours, e.g. 8-18');
        update.businessHours = { ...settings.businessHours, start: Number(m[1]), end: Number(m[2]) };
      }
      if (Object.keys(update).length > 0) settings = await engine.call('settings.update', update);
      if (args.options.has('json')) console.log(json(settings));
      else {
        console.log(`approved delegates        ${settings.approvedDelegates.join(', ') || '—'}`);
        console.log(`allowed forwarding domains ${settings.allowedForwardingDomains.join(', ') || '—'}`);
        console.log(`known admins              ${settings.knownAdmins.join(', ') || '—'}`);
        console.log(`tenant domains (extra)    ${settings.tenantDomains.join(', ') || '—'}`);
        console.log(`time zone                 ${settings.timeZone}`);
        console.log(
          `business hours            ${settings.businessHours.start}:00-${settings.businessHours.end}:00, days ${settings.businessHours.days.join(',')}`,
        );
      }
      return 0;
    } finally {
      await engine.close();
    }
  },
};
