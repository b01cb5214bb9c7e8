/** Named scenarios and their defaults. */

export interface Scenario {
  name: string;
  description: string;
  attacks: boolean;
  defaults: { users: number; days: number };
}

const LIST: readonly Scenario[] = [
  {
    name: 'attack',
    description: 'benign baseline plus every attack story',
    attacks: true,
    defaults: { users: 200, days: 14 },
  },
  {
    name: 'baseline',
    description: 'benign organisation only: nothing an examiner would rate high',
    attacks: false,
    defaults: { users: 200, days: 14 },
  },
  {
    name: 'demo',
    description: 'small deterministic case for the built-in demo (every attack story)',
    attacks: true,
    defaults: { users: 25, days: 7 },
  },
];

export const SCENARIO_LIST: readonly Scenario[] = LIST;

export function findScenario(name: string): Scenario | undefined {
  return LIST.find((s) => s.name === name);
}
