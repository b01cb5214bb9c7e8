/**
 * The layer rule bites: deliberate upward and sideways imports, linted with the project's own layer
 * configuration (build/lint-layers.mjs), are errors; the allowed direction is not.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { repoRoot } from '../helpers.js';

const { layerBoundaries } = (await import(pathToFileURL(path.join(repoRoot, 'build', 'lint-layers.mjs')).href)) as {
  layerBoundaries: Linter.Config;
};

const eslint = new ESLint({
  cwd: repoRoot,
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser } }, layerBoundaries],
});

/** Rule ids reported for `code` placed at `file` (relative to the repository). */
async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return result!.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

test('a lower layer importing a higher one fails lint: the store cannot reach the rules', async () => {
  assert.deepEqual(
    await ruleIds(
      'electron/engine/store/virtual.ts',
      "import { rules } from '../rules/index.js';\nexport const n = rules;\n",
    ),
    ['boundaries/dependencies'],
  );
});

test('ingest (bytes to records) cannot reach the store, and analysis cannot reach the rules', async () => {
  assert.deepEqual(
    await ruleIds(
      'electron/engine/ingest/virtual.ts',
      "import { openCase } from '../store/db.js';\nexport const o = openCase;\n",
    ),
    ['boundaries/dependencies'],
  );
  assert.deepEqual(
    await ruleIds(
      'electron/engine/analysis/virtual.ts',
      "import { rules } from '../rules/index.js';\nexport const r = rules;\n",
    ),
    ['boundaries/dependencies'],
  );
});

test('the renderer reaches the engine only through shared/contract', async () => {
  assert.deepEqual(
    await ruleIds(
      'renderer/src/virtual.ts',
      "import { Engine } from '../../electron/engine/engine.js';\nexport const e = Engine;\n",
    ),
    ['boundaries/dependencies'],
  );
  assert.deepEqual(
    await ruleIds(
      'renderer/src/virtual.ts',
      "import { requests } from '../../shared/contract.js';\nexport const r = requests;\n",
    ),
    [],
  );
});

test('the allowed direction passes: rules read analysis and the store', async () => {
  assert.deepEqual(
    await ruleIds(
      'electron/engine/rules/virtual.ts',
      "import { UseIndex } from '../analysis/use-index.js';\n" +
        "import { inboxRuleRows } from '../store/analysis-reads.js';\n" +
        'export const x = [UseIndex, inboxRuleRows];\n',
    ),
    [],
  );
});

test('a source file outside every layer is an error', async () => {
  assert.deepEqual(await ruleIds('electron/elsewhere/virtual.ts', 'export const x = 1;\n'), [
    'boundaries/no-unknown-files',
  ]);
});
