/**
 * `lemmata theory glm` end to end: JSON keys per channel, values against the models, --precision
 * output as decimal strings with exactly DIGITS significant digits, and exit code 2 with a message
 * naming the argument on invalid input.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { theoryGlm } from '../src/cli/commands/theoryGlm.ts';
import { miGaussian, mmseGaussian } from '../src/models/glm/gaussianChannel.ts';
import { probitClassError, probitFixedPoint } from '../src/models/glm/probitChannel.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'lemmata.js');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'theory', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const ALWAYS = ['overlap', 'mmse', 'miPerDim', 'miPerSample', 'iterations'];

test('gaussian channel: JSON keys and values (the Float64 formulas, bit for bit)', () => {
  const r = run(['glm', '--channel', 'gaussian', '--alpha', '2', '--noise', '0.1', '--json']);
  expect(r.code).toBe(0);
  const j = JSON.parse(r.stdout) as Record<string, number>;
  for (const k of [...ALWAYS, 'genErrorNoisy']) expect(j).toHaveProperty(k);
  expect(j).not.toHaveProperty('classError');
  expect(j.mmse).toBe(mmseGaussian(2, 0.1));
  expect(j.miPerDim).toBe(miGaussian(2, 0.1));
  expect(j.miPerSample).toBe(miGaussian(2, 0.1) / 2);
  expect(j.genErrorNoisy).toBe(mmseGaussian(2, 0.1) + 0.1);
});

test('probit channel: JSON keys, class error, D = 0 allowed', () => {
  const r = run(['glm', '--channel', 'probit', '--alpha', '2', '--noise', '0', '--json']);
  expect(r.code).toBe(0);
  const j = JSON.parse(r.stdout) as Record<string, number>;
  for (const k of [...ALWAYS, 'classError']) expect(j).toHaveProperty(k);
  expect(j).not.toHaveProperty('genErrorNoisy');
  const fp = probitFixedPoint(2, 0);
  expect(j.mmse).toBe(fp.mmse);
  expect(j.classError).toBe(probitClassError(fp.mmse, 0));
  expect(j.iterations).toBe(fp.iteration.iterations);
});

test('--precision prints decimal strings with exactly DIGITS significant digits, agreeing with Float64', () => {
  const r = run(['glm', '--channel', 'gaussian', '--alpha', '2', '--noise', '0.1', '--precision', '40', '--json']);
  expect(r.code).toBe(0);
  const j = JSON.parse(r.stdout) as Record<string, string>;
  for (const k of ['overlap', 'mmse', 'miPerDim', 'miPerSample', 'genErrorNoisy']) {
    expect(typeof j[k]).toBe('string');
    expect(j[k].replace(/^-?0\.0*|[-.]/g, '')).toHaveLength(40);
  }
  // 0.1 is read as one tenth exactly; the Float64 value sees the nearest double, 5.6e-18 away.
  expect(Number(j.mmse)).toBeCloseToRel(mmseGaussian(2, 0.1), 1e-14);
});

test('human-readable output lists the quantities', () => {
  const r = run(['glm', '--channel', 'probit', '--alpha', '0.5', '--noise', '0.2']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/classError\s+0\.\d+/);
});

test.each([
  [['glm', '--channel', 'gaussian', '--alpha', '0', '--noise', '1'], /--alpha must be a finite number > 0, got '0'/],
  [['glm', '--channel', 'gaussian', '--alpha', '-1', '--noise', '1'], /--alpha must be/],
  [['glm', '--channel', 'gaussian', '--alpha', '1', '--noise', '0'], /--noise must be a finite number > 0, got '0'/],
  [['glm', '--channel', 'probit', '--alpha', '1', '--noise', '-0.5'], /--noise must be a finite number ≥ 0, got '-0.5'/],
  [['glm', '--channel', 'gaussian', '--alpha', 'NaN', '--noise', '1'], /--alpha must be .* got 'NaN'/],
  [['glm', '--channel', 'logistic', '--alpha', '1', '--noise', '1'], /--channel must be gaussian or probit, got 'logistic'/],
  [['glm', '--alpha', '1', '--noise', '1'], /--channel is required/],
  [['glm', '--channel', 'gaussian', '--noise', '1'], /--alpha is required/],
  [['glm', '--channel', 'gaussian', '--alpha', '1', '--noise', '1', '--precision', '1.5'], /--precision must be an integer/],
  [['deep-nonsense'], /unknown model 'deep-nonsense'/],
])('invalid input %j exits 2 naming the argument', (args, message) => {
  const r = run(args as string[]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message as RegExp);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
});

test('--help documents the keys and exits 0', () => {
  const r = run(['glm', '--help']);
  expect(r.code).toBe(0);
  for (const k of [...ALWAYS, 'genErrorNoisy', 'classError', '--precision', 'freeEntropy', '--ridge-lambda', 'optimalLambda', 'I(v; Y | X)', 'information about v']) expect(r.stdout).toContain(k);
});

test('sweeps: lists, ranges and the product grid; --csv and --json array; ridge at λ and at the optimal λ = D', () => {
  const r = run(['glm', '--channel', 'gaussian', '--alpha', 'log:0.1:10:5', '--noise', '0.1,1', '--ridge-lambda', '0.01', '--json']);
  expect(r.code, r.stderr).toBe(0);
  const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
  expect(rows).toHaveLength(10);
  expect(rows[0].alpha).toBe(0.1);
  expect(rows[9].alpha).toBe(10);
  for (const x of rows) {
    const single = theoryGlm('gaussian', x.alpha as number, x.noise as number, { ridgeLambdas: [0.01] });
    expect(x).toEqual(single);
    expect(x.optimalLambda).toBe(x.noise);
    expect(x.ridgeOptimalErrorNoisy as number).toBeCloseToRel(x.genErrorNoisy as number, 1e-12);
  }
  const csv = run(['glm', '--channel', 'probit', '--alpha', '1:3:3', '--noise', '0', '--csv']);
  expect(csv.code, csv.stderr).toBe(0);
  const lines = csv.stdout.trim().split('\n');
  expect(lines[0]).toBe('alpha,noise,overlap,mmse,miPerDim,miPerSample,freeEntropy,classError,iterations,optimalLambda,ridgeOptimalClassError,ridgeOptimalErrorSquare');
  expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['1', '2', '3']);
  const table = run(['glm', '--channel', 'gaussian', '--alpha', '1,2', '--noise', '0.1']);
  expect(table.stdout.trim().split('\n')).toHaveLength(1 + 1 + 2);
});

test('probit freeEntropy = −(miPerSample + E h2(Φ(u/√D))); 0 bits of noise at D = 0', () => {
  const a = theoryGlm('probit', 2, 0);
  expect(a.freeEntropy as number).toBeCloseToRel(-(a.miPerSample as number), 1e-15);
  const b = theoryGlm('probit', 2, 0.5);
  expect(-(b.freeEntropy as number) - (b.miPerSample as number)).toBeGreaterThan(0);
  expect(-(b.freeEntropy as number) - (b.miPerSample as number)).toBeLessThan(Math.LN2);
});

// Issue 10: extreme inputs compute stably (finite, accurate) or exit 2; never NaN/null with exit 0.
test.each([
  ['gaussian', 1e308, 0.1],
  ['gaussian', 2, 1e308],
  ['gaussian', 1e308, 1e308],
  ['gaussian', 1.7976931348623157e308, 1.7976931348623157e308],
  ['gaussian', 1e308, 1e-300],
  ['gaussian', 5e-324, 1],
  ['gaussian', 2, 5e-324],
  ['probit', 2, 1e308],
  ['probit', 2, 1e10],
  ['probit', 5e-324, 0],
  ['probit', 1e300, 0],
  ['probit', 1e308, 0.5],
] as const)('extreme %s α = %s, D = %s: finite values, no NaN/null', (channel, alpha, D) => {
  const r = run(['glm', '--channel', channel, '--alpha', String(alpha), '--noise', String(D), '--json']);
  expect([0, 2]).toContain(r.code);
  if (r.code === 2) {
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    return;
  }
  expect(r.stdout).not.toMatch(/null|NaN/);
  const j = JSON.parse(r.stdout) as Record<string, number>;
  for (const k of ['overlap', 'mmse', 'miPerDim', 'miPerSample', 'freeEntropy']) expect(Number.isFinite(j[k]), k).toBe(true);
});

test('extreme values are accurate: α = 1e308 Gaussian MI, D = 1e308 MMSE and information, probit at D = 1e10 and 1e308', () => {
  // α = 1e308, D = 0.1: m ≈ D/α, i ≈ ½ log(α/D) + O(1) per dimension (every sample pins v); the per-sample value is i/α.
  const a = theoryGlm('gaussian', 1e308, 0.1);
  expect(a.miPerDim as number).toBeCloseToRel(0.5 * Math.log(1e308 / 0.1), 1e-2);
  expect(a.mmse as number).toBeCloseToRel(1e-309, 1e-12);
  // α = 2, D = 1e308: m = 1 − O(1/D), q ≈ α/D, i ≈ α/(2D)
  const b = theoryGlm('gaussian', 2, 1e308);
  expect(b.mmse).toBe(1);
  expect(b.overlap as number).toBeCloseToRel(2e-308, 1e-12);
  expect(b.miPerDim as number).toBeCloseToRel(1e-308, 1e-12);
  // probit D = 1e308: i = α/(πD) + O(1/D²) (G(r) = r/π + O(r²)), at 20 digits (issue 10: 6.4e-23 was printed)
  const c = theoryGlm('probit', 2, 1e308, { precision: 20, texts: { alpha: '2', noise: '1e308' } });
  // 2/π = 0.63661977236758134307553505349005744813784 (Abramowitz & Stegun, table 1.1), rounded to 20 digits.
  expect(c.miPerDim).toBe('6.3661977236758134308e-309');
  // probit D = 1e10: the Float64 overlap agrees with 30 digits to 1e-14 relative (issue 10: 2e-7)
  const f = theoryGlm('probit', 2, 1e10);
  const h = theoryGlm('probit', 2, 1e10, { precision: 30, texts: { alpha: '2', noise: '1e10' } });
  for (const k of ['overlap', 'miPerDim', 'mmse']) expect(f[k] as number, k).toBeCloseToRel(Number(h[k]), 1e-14);
}, 60_000);

test('probit ridge: 0-1 error of sign(ŷ) at λ, the optimal λ = (π(1 + D) − 2)/2, above the Bayes error; Float64 = 25 digits', () => {
  const f = theoryGlm('probit', 2, 0.1, { ridgeLambdas: [0.1] });
  expect(f.optimalLambda as number).toBeCloseToRel((Math.PI * 1.1 - 2) / 2, 1e-15);
  expect(f.ridgeOptimalClassError as number).toBeGreaterThan(f.classError as number);
  const r = (f.ridge as Array<Record<string, number>>)[0];
  expect(r.classError).toBeGreaterThan(f.ridgeOptimalClassError as number);
  const h = theoryGlm('probit', 2, 0.1, { precision: 25, texts: { alpha: '2', noise: '0.1' }, ridgeLambdas: [0.1], ridgeTexts: ['0.1'] });
  const hr = (h.ridge as Array<Record<string, string>>)[0];
  expect(r.classError).toBeCloseToRel(Number(hr.classError), 1e-14);
  expect(r.errorSquare).toBeCloseToRel(Number(hr.errorSquare), 1e-14);
}, 60_000);
