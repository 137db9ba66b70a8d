/**
 * The layering is enforced by `npm run lint` (eslint.config.js), not only followed:
 * each of these imports, placed in a file of the folder named, fails with the rule's
 * own message. Linted through ESLint's Node API with the project's own config, as
 * `npm run lint` would see the file with that text.
 */
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The project's config, minus the type-aware rules: the layering needs no types, and
// building a TypeScript program would cost this test ten seconds on a busy machine.
const eslint = new ESLint({
  cwd: new URL('../..', import.meta.url).pathname,
  overrideConfig: tseslint.configs.disableTypeChecked,
});

/** The `no-restricted-*` messages ESLint gives for `code` as the text of `filePath`. */
async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId?.startsWith('no-restricted-')).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layering (and typed details), enforced by lint', () => {
  it.each([
    ['src/core/sleep.ts', "import chalk from 'chalk';\nexport const red = chalk.red;\n", /no-restricted-imports: .*layering.*src\/core never imports chalk/],
    ['src/core/sleep.ts', "import { run } from '../cli/program.js';\nexport { run };\n", /no-restricted-imports: .*layering.*src\/core never imports from src\/cli/],
    ['src/server/serve.ts', "import { run } from '../cli/program.js';\nexport { run };\n", /no-restricted-imports: .*layering.*src\/server never imports from src\/cli/],
    ['src/demos/greet.ts', "import { measure } from '../core/measure.js';\nexport { measure };\n", /no-restricted-imports: .*layering.*src\/demos imports the core only through its public entry/],
    ['src/demos/http/urls.ts', "import { onAbort } from '../../core/abort.js';\nexport { onAbort };\n", /no-restricted-imports: .*public entry/],
    ['src/demos/greet.ts', 'export const input = process.stdin;\n', /no-restricted-globals: .*layering.*src\/demos never touches process/],
    ['src/server/serve.ts', "import { Command } from 'commander';\nexport { Command };\n", /no-restricted-imports: .*src\/server never imports commander/],
    [
      'src/demos/race.ts',
      "import type { RunContext } from '../core/index.js';\nexport const f = (ctx: RunContext): void => ctx.detail('race', {});\n",
      /no-restricted-syntax: details .*attachDetail/,
    ],
    ['src/core/sleep.ts', "import { registry } from '../demos/index.js';\nexport { registry };\n", /no-restricted-imports: .*src\/core never imports from src\/cli, src\/demos, src\/server/],
  ])('%s: %j fails', async (filePath, code, message) => {
    const errors = await layerErrors(filePath, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it('lets the allowed directions through: a demo on the public entry, the cli anywhere', async () => {
    expect(await layerErrors('src/demos/greet.ts', "import { sleep } from '../core/index.js';\nexport { sleep };\n")).toEqual([]);
    expect(await layerErrors('src/demos/shared/timing.ts', "import { sleep } from '../../core/index.js';\nexport { sleep };\n")).toEqual([]);
    expect(await layerErrors('src/demos/fetch-all.ts', "import { startServer } from '../server/serve.js';\nexport { startServer };\n")).toEqual([]);
    expect(await layerErrors('src/cli/main.ts', "import chalk from 'chalk';\nimport { measure } from '../core/measure.js';\nexport { chalk, measure };\nexport const input = process.stdin;\n")).toEqual([]);
  });
});
