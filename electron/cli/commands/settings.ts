import type { CaseSettings } from '../../../shared/domain.js';
import { flag, listOption, stringOption, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { openEngine } from '../open-case.js';
import { inert, json, out } from '../output.js';

/** Options that add entries to a list setting: repeatable, and each value may list several, comma-separated. */
const LIST_OPTIONS: Record<string, { key: keyof CaseSettings; value: string; description: string }> = {
  'approve-delegate': {
    key: 'approvedDelegates',
    value: '"WHO[->MAILBOX]"',
    description: 'an approved delegate, on one mailbox or all; its findings are capped at info',
  },
  'allow-forwarding-domain': {
    key: 'allowedForwardingDomains',
    value: 'DOMAIN',
    description: 'forwarding to this domain is expected (partners, archive services)',
  },
  'known-admin': {
    key: 'knownAdmins',
    value: 'ACCOUNT',
    description: 'an account whose admin work is routine (help desk, Exchange admins)',
  },
  'tenant-domain': {
    key: 'tenantDomains',
    value: 'DOMAIN',
    description: 'a mail domain of the tenant, in addition to those the evidence shows',
  },
};

export const settingsCommand: Command = {
  name: 'settings',
  arguments: '<case.db>',
  summary: 'Show or change allow-lists and business hours',
  description: 'Show or change the case allow-lists, time zone and business hours; findings are recomputed.',
  options: {
    ...Object.fromEntries(
      Object.entries(LIST_OPTIONS).map(([name, o]) => [
        name,
        { type: 'string', multiple: true, value: o.value, description: o.description },
      ]),
    ),
    'time-zone': {
      type: 'string',
      value: 'ZONE',
      description: 'IANA time zone of the organisation, e.g. Europe/Berlin',
    },
    'business-hours': { type: 'string', value: 'START-END', description: 'business hours in that zone, e.g. 8-18' },
    json: { type: 'boolean', description: 'print the settings as JSON' },
  },
  examples: [
    'dlens settings case.db --known-admin a@contoso.com --known-admin b@contoso.com',
    'dlens settings case.db --approve-delegate "ea@contoso.com -> ceo@contoso.com"',
    'dlens settings case.db --time-zone Europe/Berlin --business-hours 8-18',
  ],
  async run(args) {
    const [casePath] = args.positionals;
    if (!casePath || args.positionals.length > 1) throw new UsageError('give exactly one case file');
    const engine = openEngine(casePath, { create: false });
    try {
      let settings = await engine.call('settings.get', {});
      const update: Partial<CaseSettings> = {};
      for (const [option, { key }] of Object.entries(LIST_OPTIONS)) {
        const added = listOption(args, option);
        if (added.length === 0) continue;
        (update as Record<string, string[]>)[key] = [...(settings[key] as string[]), ...added];
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
      if (flag(args, 'json')) out(json(settings));
      else {
        out(`approved delegates        ${inert(settings.approvedDelegates.join(', ')) || '—'}`);
        out(`allowed forwarding domains ${inert(settings.allowedForwardingDomains.join(', ')) || '—'}`);
        out(`known admins              ${inert(settings.knownAdmins.join(', ')) || '—'}`);
        out(`tenant domains (extra)    ${inert(settings.tenantDomains.join(', ')) || '—'}`);
        out(`time zone                 ${inert(settings.timeZone)}`);
        out(
          `business hours            ${settings.businessHours.start}:00-${settings.businessHours.end}:00, ` +
            `days ${settings.businessHours.days.join(',')}`,
        );
      }
      return 0;
    } finally {
      await engine.close();
    }
  },
};
