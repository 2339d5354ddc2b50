/**
 * The packed tarball works from an empty directory (issue 12): `npm install ./lemmata-x.y.z.tgz`, then `npx lemmata
 * audit` on a `.ts` and a `.js` claim file that use only the public API — correct (exit 0), wrong (exit 1, with the
 * counterexample and a replay that works), malformed (exit 2, naming the field) — and nothing is written inside the
 * installed package. The package is built and packed from a copy of the sources, so the test never touches dist/
 * of the checkout that other tests run from.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Every file under dir with its size and mtime (to prove that nothing was written). */
function snapshot(dir: string, out = new Map<string, string>()): Map<string, string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) snapshot(p, out);
    else {
      const st = statSync(p);
      out.set(p, `${st.size}:${st.mtimeMs}`);
    }
  }
  return out;
}

const CORRECT = `import { defineClaim, fc, logUniform } from 'lemmata';
import { mmseGaussian } from 'lemmata/models';

export default defineClaim({
  id: 'my.quadratic',
  title: 'The GLM MMSE solves its quadratic',
  kind: 'identity',
  source: { paper: 'Barbier et al. 2019', ref: 'Gaussian channel' },
  statement: 'm(α, D) solves m² + (α + D − 1)m − D = 0.',
  params: fc.record({ alpha: logUniform(-1, 1), D: logUniform(-2, 1) }),
  runs: 50,
  impl: { m: mmseGaussian },
  tolerance: '|Q(m)| ≤ 64ε·(m² + |b|m + D + m|2m + b|)',
  evaluate({ alpha, D }: { alpha: number; D: number }, _ctx: unknown, impl: { m: (a: number, d: number) => number }) {
    const m = impl.m(alpha, D);
    const b = alpha + D - 1;
    return [{ label: 'Q(m) = 0', actual: m * m + b * m - D, expected: 0, atol: 64 * 2 ** -52 * (m * m + Math.abs(b) * m + D + m * Math.abs(2 * m + b)), rtol: 0 }];
  },
  variants: [{ name: 'dropped-D', why: 'α − 1 for α + D − 1', impl: { m: (a: number, d: number) => (1 - a + Math.sqrt((a - 1) ** 2 + 4 * d)) / 2 } }],
});
`;

const WRONG = `import { defineClaim, fc } from 'lemmata';

export default defineClaim({
  id: 'my.wrong',
  title: 'A wrong closed form',
  kind: 'identity',
  source: { paper: 'my notes', ref: 'eq. 1' },
  statement: 'For every integer k ≥ 0, (k + 1)² = k² + 1.',
  params: fc.integer({ min: 0, max: 1000 }),
  runs: 50,
  impl: { f: (k) => k * k + 1 },
  tolerance: 'exact in integers below 2^53',
  evaluate(k, _ctx, impl) {
    return [{ label: '(k + 1)² = k² + 1', actual: (k + 1) ** 2, expected: impl.f(k), atol: 0, rtol: 0 }];
  },
  variants: [],
});
`;

const MALFORMED = CORRECT.replace("statement: 'm(α, D) solves m² + (α + D − 1)m − D = 0.',\n", '');

test('npm pack → install in an empty directory → audit .ts and .js claim files with the public API', () => {
  const stage = mkdtempSync(join(tmpdir(), 'lemmata-pack-'));
  for (const f of ['package.json', 'README.md', 'CONTRIBUTING.md', 'tsconfig.json', 'tsconfig.build.json']) cpSync(join(ROOT, f), join(stage, f));
  for (const d of ['bin', 'src', 'spec', 'scripts', 'docs', 'examples']) if (existsSync(join(ROOT, d))) cpSync(join(ROOT, d), join(stage, d), { recursive: true });
  mkdirSync(join(stage, 'fixtures'));
  cpSync(join(ROOT, 'fixtures', 'counterexamples.json'), join(stage, 'fixtures', 'counterexamples.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(stage, 'node_modules'));
  execFileSync(process.execPath, [join(stage, 'scripts', 'build.mjs')], { cwd: stage, stdio: 'pipe' });
  const packed = execFileSync(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', stage], { cwd: stage, encoding: 'utf8' });
  const tarball = join(stage, (JSON.parse(packed) as Array<{ filename: string }>)[0].filename);

  const user = mkdtempSync(join(tmpdir(), 'lemmata-user-'));
  const install = spawnSync(NPM, ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts=false'], { cwd: user, encoding: 'utf8' });
  expect(install.status, install.stderr).toBe(0);
  const pkg = join(user, 'node_modules', 'lemmata');
  expect(existsSync(join(pkg, 'dist', 'src', 'index.js'))).toBe(true);
  expect(existsSync(join(pkg, 'src'))).toBe(false); // compiled JavaScript only: no TypeScript toolchain needed
  const before = snapshot(pkg);

  writeFileSync(join(user, 'my.claim.ts'), CORRECT);
  writeFileSync(join(user, 'wrong.claim.js'), WRONG);
  writeFileSync(join(user, 'bad.claim.ts'), MALFORMED);
  const lemmata = (args: string[]) => spawnSync(join(user, 'node_modules', '.bin', 'lemmata'), args, { cwd: user, encoding: 'utf8', env: { ...process.env, LEMMATA_SEED: '' }, timeout: 120_000 });

  const ok = lemmata(['audit', 'my.claim.ts', '--seed', '1']);
  expect(ok.status, ok.stdout + ok.stderr).toBe(0);
  expect(ok.stdout).toMatch(/my\.quadratic[\s\S]*VERIFIED[\s\S]*dropped-D: refuted/);

  const wrong = lemmata(['audit', 'wrong.claim.js', '--seed', '1']);
  expect(wrong.status, wrong.stdout + wrong.stderr).toBe(1);
  expect(wrong.stdout).toMatch(/REFUTED/);
  expect(wrong.stdout).toMatch(/counterexample: params 1/); // shrunk to the smallest failing k (k = 0 satisfies it)
  expect(wrong.stdout).toMatch(/never shown able to fail/);
  const replayLine = /replay: +(npx lemmata replay .*)/.exec(wrong.stdout)![1];
  const replay = lemmata(replayLine.replace(/^npx lemmata /, '').split(' '));
  expect(replay.status, replay.stdout + replay.stderr).toBe(1);
  expect(replay.stdout).toMatch(/my\.wrong: refuted[\s\S]*counterexample: params 1/);
  expect(existsSync(join(user, '.lemmata', 'counterexamples.json'))).toBe(true);

  const bad = lemmata(['audit', 'bad.claim.ts']);
  expect(bad.status, bad.stderr).toBe(2);
  expect(bad.stderr).toMatch(/bad\.claim\.ts: claim my\.quadratic: missing statement/);
  expect(bad.stderr.trim().split('\n')).toHaveLength(1);

  expect(snapshot(pkg)).toEqual(before); // nothing written inside the installed package
}, 300_000);
