/**
 * Input fuzzing of the command line (issue 10): fast-check draws argument vectors for every command (hostile values:
 * NaN, ±Infinity, 1e308, 1e999, -0, '', huge integers, unicode, /proc and /dev paths; and extreme but valid numbers)
 * and damaged input files (NET.json for `reduce`, claim files for `audit`), runs each in a fresh directory, and checks
 * that it ends within a time limit with exit 0, 1 or 2, prints no NaN (and no null in a model's JSON) as a result,
 * no stack trace for exit 2, and no internal error (`properties/fuzzCli.ts`).
 *
 * Each run spawns node (≈ 0.5–1.5 s): 40 runs by default keep the file near a minute; LEMMATA_FUZZ_RUNS=N, or the full
 * profile (LEMMATA_PROFILE=full: 400), runs more.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { deriveSeed32 } from '../src/core/random.ts';
import { cliCase, problems, runCase } from './fuzzCli.ts';
import { ROOT_SEED } from './setup.ts';

const RUNS = Number(process.env.LEMMATA_FUZZ_RUNS) || (process.env.LEMMATA_PROFILE === 'full' ? 400 : 40);
/** A run that takes longer than this hangs: the slowest valid runs drawn here (a quick verify, an audit) take ≈ 3 s. */
const TIME_LIMIT_MS = 30_000;

/** The claim templates of `lemmata new-claim` (identity and expectation), as the files a user starts from. */
function templates(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kind of ['identity', 'expectation']) {
    out[kind] = readFileSync(new URL(`../src/cli/templates/${kind}.ts.txt`, import.meta.url), 'utf8').replaceAll('__ID__', `fuzz-${kind}`).replaceAll('__NAME__', `fuzz-${kind}`).replaceAll('__FILE__', `${kind}.claim.ts`);
  }
  return out;
}

test(`every command ends within ${TIME_LIMIT_MS / 1000} s with exit 0/1/2, no NaN result, no stack trace for a usage error (${RUNS} runs)`, async () => {
  const seen: Record<string, number> = {};
  await fc.assert(
    fc.asyncProperty(cliCase(templates()), async (c) => {
      const r = await runCase(c, TIME_LIMIT_MS);
      const key = `${c.args[0] ?? '(none)'} → ${r.code}`;
      seen[key] = (seen[key] ?? 0) + 1;
      const p = problems(c, r);
      expect(p, `lemmata ${c.args.map((a) => JSON.stringify(a)).join(' ')}\n${c.file ? `file ${c.file.name}:\n${c.file.text.slice(0, 2000)}\n` : ''}exit ${r.code}\nstderr: ${r.stderr.slice(0, 2000)}\nstdout: ${r.stdout.slice(0, 1000)}`).toEqual([]);
    }),
    { seed: deriveSeed32(ROOT_SEED, 'fuzz-cli'), numRuns: RUNS },
  );
  // The fuzzer must reach the formulas, not only the argument checks: some runs succeed.
  const ok = Object.entries(seen).filter(([k]) => k.endsWith('→ 0')).reduce((s, [, n]) => s + n, 0);
  expect(ok, JSON.stringify(seen)).toBeGreaterThan(0);
});

test('the fuzzer flags what it must: a hang, a stack trace for exit 2, a NaN result, an internal error', () => {
  const base = { code: 0, signal: null, stdout: '', stderr: '', ms: 10, timedOut: false };
  const theory = { args: ['theory', 'glm'] };
  expect(problems(theory, { ...base, timedOut: true, code: null, signal: 'SIGKILL' })[0]).toMatch(/time limit/);
  expect(problems(theory, { ...base, code: 2, stderr: 'lemmata theory: x\n    at f (/a/b.ts:1:2)\n' })).toContain('stack trace printed for a usage/input error (exit 2)');
  expect(problems(theory, { ...base, stdout: '{"miPerDim": NaN}' })).toContain('NaN printed as a result');
  expect(problems(theory, { ...base, stdout: '{"miPerDim": null}' })).toContain('null printed as a result value (JSON)');
  expect(problems(theory, { ...base, code: 1, stderr: 'lemmata theory: internal error (please report it): TypeError' })).toContain('internal error (a bug, with a stack trace)');
  expect(problems(theory, { ...base, code: 139, signal: 'SIGSEGV' })[0]).toMatch(/exit code/);
  expect(problems(theory, { ...base, stdout: '{"miPerDim": 0.1}' })).toEqual([]);
});
