/**
 * `lemmata reduce` end to end: a NET.json written by another program (fixtures/l2/make_net.py, Python standard library)
 * is reduced to ≤ N(N+1) neurons per hidden layer with Grams and outputs kept; --out writes a network that reads back and
 * is already reduced; bad files (wrong shape, NaN, unknown or non-homogeneous activation) exit 2 with the reason.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { networkFromJson, loss } from '../src/models/l2/network.ts';
import { residualNorm2 } from '../src/models/l2/reformulation.ts';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'lemmata.js');
const FIXTURE = join(ROOT, 'fixtures', 'l2', 'net-python.json');
const EPS = 2 ** -52;

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'reduce', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'lemmata-reduce-'));

test('the Python-made fixture is regenerated bit for bit by its script (the file is what the script writes)', () => {
  const out = join(tmp, 'regen.json');
  const py = spawnSync('python3', [join(ROOT, 'fixtures', 'l2', 'make_net.py'), out], { encoding: 'utf8' });
  if (py.error) return; // no python3 on this machine: the committed file stands
  expect(py.status).toBe(0);
  expect(readFileSync(out, 'utf8')).toBe(readFileSync(FIXTURE, 'utf8'));
});

test('reduce --json on a file written by Python: widths ≤ N(N+1), Grams and outputs kept, loss = L − λΣ‖W̃‖²', () => {
  const r = run([FIXTURE, '--json']);
  expect(r.code, r.stderr).toBe(0);
  const j = JSON.parse(r.stdout) as Record<string, number | number[]>;
  for (const k of ['widthsBefore', 'widthsAfter', 'lossBefore', 'lossAfter', 'maxGramChange', 'maxOutputChange']) expect(j).toHaveProperty(k);
  const net = networkFromJson(JSON.parse(readFileSync(FIXTURE, 'utf8')));
  const N = net.X.cols;
  expect(j.widthsBefore).toEqual([3, 30, 25, 2]);
  const after = j.widthsAfter as number[];
  expect(after[0]).toBe(3);
  expect(after[3]).toBe(2);
  for (const w of after.slice(1, -1)) expect(w).toBeLessThanOrEqual(N * (N + 1));
  // Relative Gram/output change: conditioning of Z^σ here is O(10) (He init, N = 4), so 1000·ε·κ² ≈ 1e-11 (J9's bound).
  expect(j.maxGramChange as number).toBeLessThan(1e-11);
  expect(j.maxOutputChange as number).toBeLessThan(1e-11);
  expect(j.lossBefore).toBe(loss(net));
  const want = loss(net) - net.lambda * residualNorm2(net);
  expect(Math.abs((j.lossAfter as number) - want)).toBeLessThanOrEqual(1e3 * EPS * want);
});

test('--out writes a valid network; reducing it again changes nothing (idempotent up to rounding)', () => {
  const out = join(tmp, 'reduced.json');
  const r = run([FIXTURE, '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/widths\s+3-30-25-2\s+->\s+3-\d+-\d+-2/);
  expect(r.stdout).toContain(`wrote ${out}`);
  const red = networkFromJson(JSON.parse(readFileSync(out, 'utf8')));
  const again = run([out, '--json']);
  expect(again.code).toBe(0);
  const j = JSON.parse(again.stdout) as { widthsBefore: number[]; widthsAfter: number[]; lossBefore: number; lossAfter: number };
  expect(j.widthsAfter).toEqual(j.widthsBefore);
  // A min-norm network: the second reduction keeps the loss (relative 1e3·ε·κ², as above).
  expect(Math.abs(j.lossAfter - j.lossBefore)).toBeLessThanOrEqual(1e-11 * loss(red));
});

const bad = (name: string, edit: (o: Record<string, unknown>) => void, raw?: (t: string) => string) => {
  const o = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>;
  edit(o);
  const p = join(tmp, `${name}.json`);
  writeFileSync(p, raw ? raw(JSON.stringify(o)) : JSON.stringify(o));
  return p;
};

test.each([
  ['wrong shape', bad('shape', (o) => ((o.weights as number[][][])[1] = (o.weights as number[][][])[1].map((r) => r.slice(0, -1)))), /weights\[1\] is 25×30, expected 25×31/],
  ['NaN entry (as Python writes it)', bad('nan', (o) => ((o.X as number[][])[0][1] = 12345.678), (t) => t.replace('12345.678', 'NaN')), /contains NaN/],
  ['null entry', bad('null', (o) => ((o.Y as unknown[][])[1][0] = null)), /Y\[1\]\[0\] must be a finite number/],
  ['unknown activation', bad('act', (o) => (o.activation = 'swish')), /unknown activation 'swish'/],
  ['non-homogeneous σ', bad('tanh', (o) => (o.activation = 'tanh')), /'tanh' is not positively homogeneous/],
  ['missing field', bad('missing', (o) => delete o.lambda), /missing field 'lambda'/],
  ['not JSON', bad('text', () => undefined, () => '{ nope'), /not valid JSON/],
])('bad file (%s) exits 2 with the reason', (_name, path, re) => {
  const r = run([path as string]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(re as RegExp);
  expect(r.stdout).toBe('');
});

test('usage: no file, two files, unknown flag exit 2; --help exits 0 and documents the format', () => {
  expect(run([]).code).toBe(2);
  expect(run([FIXTURE, FIXTURE]).code).toBe(2);
  expect(run([FIXTURE, '--bogus']).code).toBe(2);
  const h = run(['--help']);
  expect(h.code).toBe(0);
  for (const k of ['NET.json', '--out', '--json', 'activation', 'beta', 'lambda', 'weights', 'bias column last']) expect(h.stdout).toContain(k);
});
