/**
 * `lemmata audit` and `lemmata new-claim` end to end (issue 12): the walkthrough's three examples behave as
 * docs/auditing.md says, every new-claim template runs as generated, malformed files are named, the built-in
 * claims' thresholds do not move, and nothing is written inside the repository.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { budgetFor } from '../src/harness/budget.ts';
import { loadRegistry } from '../src/harness/registry.ts';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'lemmata.js');
const EXAMPLES = join(ROOT, 'examples');

function lemmata(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, LEMMATA_SEED: '' }, timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('examples: a correct derivation verified, a wrong identity refuted with a minimal counterexample, a wrong rate refuted', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'lemmata-audit-'));
  const ok = lemmata(['audit', join(EXAMPLES, 'effective-glm-variances.claim.ts'), '--seed', '11'], cwd);
  expect(ok.code, ok.stdout + ok.stderr).toBe(0);
  expect(ok.stdout).toMatch(/EX\.variances[\s\S]*VERIFIED[\s\S]*coefficients-at-unit-variance: refuted/);

  const summed = lemmata(['audit', join(EXAMPLES, 'summed-noise.claim.ts'), '--seed', '11'], cwd);
  expect(summed.code).toBe(1);
  // Shrunk to two layers (with one layer the attenuated and the plain sum coincide).
  const ce = /counterexample: params (\{.*\}), internal seed/.exec(summed.stdout);
  expect(ce, summed.stdout).not.toBeNull();
  expect((JSON.parse(ce![1]) as { acts: string[] }).acts).toHaveLength(2);
  // The printed replay reproduces the failure.
  const replay = /replay: +npx lemmata (replay .*)/.exec(summed.stdout)![1].split(' ');
  const again = lemmata(replay, cwd);
  expect(again.code).toBe(1);
  expect(again.stdout).toMatch(/EX\.summed-noise: refuted/);

  const rate = lemmata(['audit', join(EXAMPLES, 'wrong-rate.claim.ts'), '--seed', '11'], cwd);
  expect(rate.code).toBe(1);
  expect(rate.stdout).toMatch(/EX\.rate[\s\S]*REFUTED — fitted order (0\.9|1\.)\d* ± [\d.]+ is incompatible with 0\.5 ± 0\.2/);
  // Counterexamples are stored under the current directory, never in the repository.
  expect(existsSync(join(cwd, '.lemmata', 'counterexamples.json'))).toBe(true);
  expect(readFileSync(join(ROOT, 'fixtures', 'counterexamples.json'), 'utf8')).not.toMatch(/EX\./);
}, 600_000);

test.each(['identity', 'limit', 'expectation', 'extrapolation'])('new-claim --kind %s writes a file that audit verifies as generated', (kind) => {
  const cwd = mkdtempSync(join(tmpdir(), 'lemmata-new-'));
  const made = lemmata(['new-claim', `my-${kind}`, '--kind', kind], cwd);
  expect(made.code, made.stderr).toBe(0);
  const r = lemmata(['audit', `my-${kind}.claim.ts`, '--seed', '3'], cwd);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(r.stdout).toMatch(/VERIFIED/);
  expect(r.stdout).toMatch(/refuted ✔/);
  expect(lemmata(['new-claim', `my-${kind}`, '--kind', kind], cwd).code).toBe(2); // exists: refuses to overwrite
}, 300_000);

test.each([
  ['a file that does not exist', ['audit', 'nope.claim.ts'], /nope\.claim\.ts: no such file/],
  ['a directory', ['audit', '.'], /\.: not a regular file/],
  ['a wrong extension', ['audit', 'x.txt'], /x\.txt: a claim file ends in/],
  ['a syntax error', ['audit', 'syntax.claim.ts'], /syntax\.claim\.ts: cannot load/],
  ['a missing field', ['audit', 'nofield.claim.ts'], /nofield\.claim\.ts: claim N\.1: missing statement/],
  ['a bad kind', ['audit', 'kind.claim.ts'], /kind\.claim\.ts: claim K\.1: unknown kind "theorem"/],
  ['no default export', ['audit', 'nodefault.claim.js'], /nodefault\.claim\.js: no default export/],
  ['an unknown kind for new-claim', ['new-claim', 'x', '--kind', 'theorem'], /--kind must be one of/],
])('%s exits 2 naming the file and the field', (_what, args, message) => {
  const cwd = mkdtempSync(join(tmpdir(), 'lemmata-bad-'));
  writeFileSync(join(cwd, 'x.txt'), '');
  writeFileSync(join(cwd, 'syntax.claim.ts'), 'export default {{;\n');
  writeFileSync(join(cwd, 'nofield.claim.ts'), "import { defineClaim, fc } from 'lemmata';\nexport default defineClaim({ id: 'N.1', title: 't', kind: 'identity', source: { paper: 'p', ref: 'r' }, params: fc.integer(), runs: 1, impl: {}, tolerance: 't', evaluate: () => [], variants: [] } as never);\n");
  writeFileSync(join(cwd, 'kind.claim.ts'), "export default { id: 'K.1', title: 't', kind: 'theorem', source: { paper: 'p', ref: 'r' }, statement: 's', impl: {}, tolerance: 't', variants: [] };\n");
  writeFileSync(join(cwd, 'nodefault.claim.js'), 'export const x = 1;\n');
  const r = lemmata(args as string[], cwd);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message as RegExp);
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
});

test('auditing leaves the built-in budget alone: the registry and its α_i do not depend on audited files', async () => {
  const registry = await loadRegistry({ context: { seed: 1, profile: 'ci' } });
  const before = budgetFor(registry);
  const cwd = mkdtempSync(join(tmpdir(), 'lemmata-budget-'));
  lemmata(['new-claim', 'b', '--kind', 'expectation'], cwd);
  const r = lemmata(['audit', 'b.claim.ts', '--seed', '1', '--json'], cwd);
  const audited = JSON.parse(r.stdout) as { budget: { tests: number; alphaPerTest: number } };
  expect(audited.budget.tests).toBe(1); // the audited file's own test only
  expect(budgetFor(await loadRegistry({ context: { seed: 1, profile: 'ci' } }))).toEqual(before);
});
