/**
 * The dependency direction core ← reference / models ← harness ← cli (and spec/ on the public entry points) is enforced
 * by `npm run lint`: an upward import is an error. Lint fixtures, checked through ESLint's own API with the project's
 * config. (Import cycles are caught by properties/import-cycles.test.ts.)
 */
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: ROOT });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

test.each([
  ['src/core/fixture.ts', "import { runClaims } from '../harness/runner.ts';\nexport const x = runClaims;\n", /bottom layer/],
  ['src/core/fixture.ts', "import type { Claim } from '../harness/claim.ts';\nexport type X = Claim;\n", /bottom layer/],
  ['src/reference/fixture.ts', "import { effectiveGlm } from '../models/deep/effectiveGlm.ts';\nexport const x = effectiveGlm;\n", /reference may import core only/],
  ['src/models/deep/fixture.ts', "import { defineClaim } from '../../harness/claim.ts';\nexport const x = defineClaim;\n", /models may import core and reference only/],
  ['src/harness/fixture.ts', "import { main } from '../cli/main.ts';\nexport const x = main;\n", /harness may not import the cli/],
  ['spec/deep/fixture.ts', "import { defineClaim } from '../../src/harness/claim.ts';\nexport const x = defineClaim;\n", /public entry points/],
  ['spec/deep/fixture.ts', "import { Rng } from '../../src/core/random.ts';\nexport const x = Rng;\n", /public entry points/],
  ['spec/deep/fixture.ts', "import fc from 'fast-check';\nexport const x = fc;\n", /fc comes from lemmata/],
])('an upward import in %s is a lint error', async (file, code, message) => {
  const errs = await layerErrors(file, code);
  expect(errs).toHaveLength(1);
  expect(errs[0]).toMatch(message);
});

test.each([
  ['src/harness/fixture.ts', "import { Rng } from '../core/random.ts';\nimport { effectiveGlm } from '../models/deep/effectiveGlm.ts';\nexport const x = [Rng, effectiveGlm];\n"],
  ['src/models/deep/fixture.ts', "import { erfDecimal } from '../../reference/erf.ts';\nexport const x = erfDecimal;\n"],
  ['spec/deep/fixture.ts', "import { defineClaim, fc } from '../../src/index.ts';\nimport { Rng } from '../../src/core/index.ts';\nimport { effectiveGlm } from '../../src/models/deep/effectiveGlm.ts';\nexport const x = [defineClaim, fc, Rng, effectiveGlm];\n"],
])('a downward import in %s is allowed', async (file, code) => {
  expect(await layerErrors(file, code)).toEqual([]);
});
