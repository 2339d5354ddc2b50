/**
 * `lemmata theory glm` end to end: JSON keys per channel, values against the models, --precision
 * output as decimal strings with exactly DIGITS significant digits, and exit code 2 with a message
 * naming the argument on invalid input.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';
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
  for (const k of [...ALWAYS, 'genErrorNoisy', 'classError', '--precision']) expect(r.stdout).toContain(k);
});
