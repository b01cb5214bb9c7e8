// The architecture's layers, as lint enforces them (eslint-plugin-boundaries). Every TypeScript file
// belongs to one layer; a layer may import itself and the layers it `uses`, nothing else, so an
// import that points upward or sideways fails `npm run lint`. Shared by eslint.config.js and
// test/unit/lint-layers.test.ts, which lints deliberate violations to prove the rule bites.
import boundaries from 'eslint-plugin-boundaries';

/**
 * Layers, lowest first. A layer may import itself and the layers listed in `uses`; anything else
 * is an error. The README's "How it is built" shows the same table.
 */
const layers = [
  { type: 'shared', pattern: 'shared', uses: [] },
  { type: 'records', pattern: 'electron/engine/{records,exchange}', uses: ['shared'] },
  { type: 'store', pattern: 'electron/engine/store', uses: ['shared', 'records'] },
  { type: 'ingest', pattern: 'electron/engine/ingest', uses: ['shared', 'records'] },
  { type: 'analysis', pattern: 'electron/engine/analysis', uses: ['shared', 'records', 'store'] },
  { type: 'rules', pattern: 'electron/engine/rules', uses: ['shared', 'records', 'store', 'analysis'] },
  {
    type: 'pipelines',
    pattern: 'electron/engine/pipelines',
    uses: ['shared', 'records', 'store', 'ingest', 'analysis', 'rules'],
  },
  { type: 'session', pattern: 'electron/engine/session', uses: ['shared', 'records', 'store'] },
  // The case report's HTML and SVG from plain data the report handler gathers (no case access).
  { type: 'report', pattern: 'electron/engine/report', uses: ['shared'] },
  {
    type: 'handlers',
    pattern: 'electron/engine/handlers',
    uses: ['shared', 'records', 'store', 'analysis', 'pipelines', 'session', 'report'],
  },
  { type: 'generate', pattern: 'electron/engine/generate', uses: ['shared'] },
  // engine.ts, demo.ts and worker/: what wires the layers above into one engine.
  {
    type: 'engine',
    pattern: 'electron/engine',
    uses: ['shared', 'records', 'store', 'pipelines', 'session', 'handlers', 'generate'],
  },
  { type: 'common', pattern: 'electron/common', uses: [] },
  { type: 'host', pattern: 'electron/host', uses: ['shared', 'engine'] },
  { type: 'cli', pattern: 'electron/cli', uses: ['shared', 'records', 'engine', 'host', 'generate', 'common'] },
  { type: 'shell', pattern: 'electron/{main,preload}', uses: ['shared', 'engine', 'common'] },
  { type: 'renderer', pattern: 'renderer', uses: ['shared'] },
  { type: 'tests', pattern: 'test', uses: ['*'] },
];
const types = [...new Set(layers.map((l) => l.type))];
const usesOf = (type) => [...new Set(layers.filter((l) => l.type === type).flatMap((l) => l.uses))];

export const layerTypes = types;

/** The flat-config block: classification, the import resolver for .js specifiers of .ts files, the rules. */
export const layerBoundaries = {
  files: ['**/*.ts', '**/*.tsx'],
  plugins: { boundaries },
  settings: {
    'boundaries/elements': layers.map((l) => ({ type: l.type, pattern: l.pattern })),
    'boundaries/include': ['shared/**', 'electron/**', 'renderer/**', 'test/**'],
    'import/resolver': {
      typescript: { project: ['tsconfig.json', 'renderer/tsconfig.json'], noWarnOnMultipleProjects: true },
    },
  },
  rules: {
    'boundaries/dependencies': [
      'error',
      {
        default: 'disallow',
        policies: types.map((type) => ({
          from: { element: { type } },
          allow: { to: { element: { types: usesOf(type).includes('*') ? types : [type, ...usesOf(type)] } } },
        })),
      },
    ],
    // Every source file sits in a layer, and every local import resolves to one.
    'boundaries/no-unknown-files': 'error',
    'boundaries/no-unknown-dependencies': 'error',
  },
};
