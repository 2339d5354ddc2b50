/**
 * `lemmata theory deep` end to end: JSON keys (always / Δ > 0 / sign channel), values against the fixture
 * (fixtures/deep/reference.json, 40 digits), --precision output, and exit code 2 with the reason on invalid input.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { theoryDeepCommand } from '../src/cli/commands/theoryDeep.ts';
import { UsageError } from '../src/cli/usageError.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'lemmata.js');
const fixture = JSON.parse(readFileSync(new URL('../fixtures/deep/reference.json', import.meta.url), 'utf8')) as {
  cases: Record<string, { s: string; epsTot: string; theory: Array<Record<string, string | number | null>> }>;
};

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'theory', 'deep', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const ALWAYS = ['layers', 's', 'epsTot', 'D', 'overlap', 'mmse', 'genErrorClean', 'genErrorNoisy'];

test('README example: tanh(2x)×2, α = 2, Δ = 0.1 — keys and values (1e-13 relative of the 40-digit fixture)', () => {
  const r = run(['--act', 'tanh(2*x)', '--act', 'tanh(2*x)', '--widths', '1.4,1.4', '--alpha', '2', '--noise', '0.1', '--json']);
  expect(r.code, r.stderr).toBe(0);
  const j = JSON.parse(r.stdout) as Record<string, unknown>;
  for (const k of [...ALWAYS, 'miPerSample']) expect(j).toHaveProperty(k);
  expect(j).not.toHaveProperty('classError');
  const layers = j.layers as Array<Record<string, number>>;
  expect(layers).toHaveLength(2);
  for (const l of layers) for (const k of ['r', 'kappa0', 'kappa1', 'q', 'eps']) expect(l).toHaveProperty(k);
  const f = fixture.cases.tanh2x2;
  const t = f.theory.find((x) => x.alpha === 2 && x.delta === 0.1)!;
  expect(j.s as number).toBeCloseToRel(Number(f.s), 1e-13);
  expect(j.epsTot as number).toBeCloseToRel(Number(f.epsTot), 1e-13);
  expect(j.genErrorClean as number).toBeCloseToRel(Number(t.genErrorClean), 1e-13);
  expect(j.genErrorNoisy as number).toBeCloseToRel(Number(t.genErrorNoisy), 1e-13);
  expect(j.miPerSample as number).toBeCloseToRel(Number(t.miPerSample), 1e-13);
  // Wrong variant of the convention: the noisy error is not the clean one.
  expect(Math.abs((j.genErrorNoisy as number) - Number(t.genErrorClean))).toBeGreaterThan(0.05);
});

test('Δ = 0: no miPerSample; sign channel: classError; centring accepted with --center', () => {
  const a = JSON.parse(run(['--act', 'erf', '--alpha', '1', '--noise', '0', '--json']).stdout) as Record<string, unknown>;
  expect(a).not.toHaveProperty('miPerSample');
  const r = run(['--act', 'relu', '--center', '--act', 'tanh', '--alpha', '2', '--noise', '0', '--channel', 'sign', '--json']);
  expect(r.code, r.stderr).toBe(0);
  const b = JSON.parse(r.stdout) as Record<string, unknown>;
  expect(b).toHaveProperty('classError');
  expect((b.layers as Array<Record<string, number>>)[0].center).toBeCloseToRel(Math.sqrt(1 / (2 * Math.PI)), 1e-14);
});

test('--precision: decimal strings with the requested digits, agreeing with the fixture', () => {
  const r = run(['--act', 'erf', '--act', 'erf', '--act', 'erf', '--alpha', '1', '--noise', '0.1', '--precision', '25', '--json']);
  expect(r.code, r.stderr).toBe(0);
  const j = JSON.parse(r.stdout) as Record<string, string>;
  expect(typeof j.s).toBe('string');
  expect(j.s.replace(/^0\.0*|\./g, '').replace(/e.*$/, '')).toHaveLength(25);
  const f = fixture.cases.erf3;
  expect(Number(j.genErrorClean)).toBeCloseToRel(Number(f.theory[0].genErrorClean), 1e-15);
  expect(j.s.slice(0, 24)).toBe(f.s.slice(0, 24));
}, 60_000);

test('invalid input exits 2 with the reason (end to end)', () => {
  const r = run(['--act', 'relu', '--alpha', '2', '--noise', '0']);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/not centred/);
});

// The other invalid inputs in process (the CLI maps every UsageError to exit code 2, checked above).
test.each([
  [['--act', 'tanh(2*', '--alpha', '2', '--noise', '0'], /cannot parse activation/],
  [['--act', 'x^2', '--alpha', '2', '--noise', '0'], /not centred/],
  [['--act', 'tanh', '--alpha', '0', '--noise', '0'], /--alpha must be a finite number > 0/],
  [['--act', 'tanh', '--alpha', '1', '--noise', '-1'], /--noise must be a finite number ≥ 0/],
  [['--act', 'tanh', '--widths', '1,1', '--alpha', '1', '--noise', '0'], /--widths has 2 entries but there is 1 layer/],
  [['--act', 'tanh', '--weight-var', 'x', '--alpha', '1', '--noise', '0'], /--weight-var entry 1 must be a finite number > 0/],
  [['--alpha', '1', '--noise', '0'], /at least one --act/],
  [['--act', 'tanh', '--alpha', '1', '--noise', '0', '--channel', 'probit'], /--channel must be gaussian or sign/],
  [['--act', 'linear', '--alpha', '1', '--noise', '0'], /noiseless; give Δ > 0/],
])('invalid input %j is a UsageError with the reason', async (args, msg) => {
  await expect(theoryDeepCommand(args as string[])).rejects.toThrow(UsageError);
  await expect(theoryDeepCommand(args as string[])).rejects.toThrow(msg as RegExp);
});

test('--help prints the usage and exits 0', () => {
  const r = run(['--help']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/lemmata theory deep --act EXPR/);
});
