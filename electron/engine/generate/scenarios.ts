/** Named scenarios and their defaults. */
import type { TenantProfile } from './tenant.js';

export interface Scenario {
  name: string;
  description: string;
  attacks: boolean;
  /** Which organisation and which benign activity it runs (see TenantProfile). */
  profile: TenantProfile;
  defaults: { users: number; days: number };
}

const LIST: readonly Scenario[] = [
  {
    name: 'attack',
    description: 'benign baseline plus every attack story',
    attacks: true,
    profile: 'standard',
    defaults: { users: 200, days: 14 },
  },
  {
    name: 'baseline',
    description: 'benign organisation only: nothing an examiner would rate high',
    attacks: false,
    profile: 'standard',
    defaults: { users: 200, days: 14 },
  },
  {
    name: 'benign-heavy',
    description:
      'busy but innocent organisation (no attacks): two service desks granting shared-mailbox access, weekly ' +
      'newsletters, calendar sharing, office and home sign-ins, ordinary inbox rules, assistants sending on behalf',
    attacks: false,
    profile: 'busy',
    defaults: { users: 200, days: 14 },
  },
  {
    name: 'demo',
    description: 'small deterministic case for the built-in demo (every attack story)',
    attacks: true,
    profile: 'standard',
    defaults: { users: 25, days: 7 },
  },
];

export const SCENARIO_LIST: readonly Scenario[] = LIST;

export function findScenario(name: string): Scenario | undefined {
  return LIST.find((s) => s.name === name);
}
