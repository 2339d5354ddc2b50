/**
 * `lemmata reduce` end to end: a NET.json written by another program (fixtures/l2/make_net.py, Python standard library)
 * is reduced to ≤ N(N+1) neurons per hidden layer with Grams and outputs kept (≤ N(N+1)/2 + 1 with --sharp, K^σ and the
 * loss kept); --out writes a network that reads back and is already reduced; bad files (wrong shape, NaN, 1e300, 1e999,
 * a forward pass that overflows, unknown or non-homogeneous activation, devices, pipes, oversized files) exit 2 with one
 * line naming the file and the field; progress goes to stderr.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { networkFromJson, loss } from '../src/models/l2/network.ts';
import { residualNorm2 } from '../src/models/l2/reformulation.ts';
import { MAX_INPUT_BYTES, reduceProgressPrinter } from '../src/cli/commands/reduce.ts';
import { EPS } from '../src/core/constants.ts';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'lemmata.js');
const FIXTURE = join(ROOT, 'fixtures', 'l2', 'net-python.json');

function run(args: string[]) {
  // The timeout turns a hang (issue 10: `reduce /dev/zero` never returned) into a failed assertion instead of a stuck suite.
  const r = spawnSync(process.execPath, [BIN, 'reduce', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A user error: exit 2, one line on stderr that starts with the command, no stack trace, nothing on stdout. */
function expectOneLineError(r: ReturnType<typeof run>, re: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(re);
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(/^lemmata reduce: /);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stdout).toBe('');
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
  // Issue 10: weights of 1e300 (square overflows) and 1e999 (parses to Infinity) exited 1 with a bare exception.
  ['weight 1e300', bad('big', (o) => ((o.weights as number[][][])[0][2][1] = 1e300)), /big\.json: weights\[0\]\[2\]\[1\] = 1e\+300: its square overflows float64/],
  ['weight 1e999', bad('inf', (o) => ((o.weights as number[][][])[1][0][3] = 12345.678), (t) => t.replace('12345.678', '1e999')), /inf\.json: weights\[1\]\[0\]\[3\] must be a finite number, got Infinity \(a literal beyond/],
  ['lambda 1e999', bad('laminf', (o) => (o.lambda = 12345.678), (t) => t.replace('12345.678', '1e999')), /laminf\.json: lambda must be a finite number ≥ 0, got Infinity/],
  ['beta 1e200', bad('betabig', (o) => (o.beta = 1e200)), /betabig\.json: beta = 1e\+200: its square overflows/],
  [
    'forward pass overflows (entries ≤ 1.3e154, products do not)',
    bad('fwd', (o) => {
      (o.X as number[][])[0] = (o.X as number[][])[0].map(() => 1e150);
      for (const r of (o.weights as number[][][])[0]) r[0] = 1e10;
    }),
    /fwd\.json: weights\[0\]: the forward pass overflows float64 at Z_1 = W_1·\[Z\^σ_0; β1ᵀ\]/,
  ],
  // Malformed files (wrong shapes, dimension mismatches, missing fields) name the field.
  ['X ragged', bad('ragged', (o) => (o.X as number[][])[1].pop()), /X\[1\] has 3 entries, row 0 has 4: ragged matrix/],
  ['X not a matrix', bad('xstr', (o) => (o.X = 'abc')), /X must be an array of rows, got string/],
  ['entry an array', bad('deep', (o) => ((o.Y as unknown[][])[0][0] = [1])), /Y\[0\]\[0\] must be a finite number, got \[1\]/],
  ['Y columns ≠ X columns', bad('ycols', (o) => (o.Y as number[][]).forEach((r) => r.pop())), /Y has 3 columns but X has 4/],
  ['output width ≠ rows of Y', bad('yrows', (o) => (o.Y as number[][]).pop()), /the output width n_L = 2 \(rows of weights\[2\]\) differs from the rows of Y \(1\)/],
  ['hidden widths disagree', bad('hid', (o) => ((o.weights as number[][][])[1] = (o.weights as number[][][])[1].slice(0, 3))), /weights\[2\] is 2×26, expected 2×4 \(n_2 \+ 1 = 3 \+ 1 columns: the 3 rows of weights\[1\], then the bias column\)/],
  ['weights empty', bad('wempty', (o) => (o.weights = [])), /weights must be a non-empty array/],
  ['weights[1] has no rows', bad('wnorows', (o) => ((o.weights as unknown[])[1] = [])), /weights\[1\] has no rows/],
  ['missing X', bad('nox', (o) => delete o.X), /missing field 'X'/],
  ['activation not a string', bad('actnum', (o) => (o.activation = 3)), /activation must be a string, got 3/],
  ['activation __proto__', bad('proto', (o) => (o.activation = '__proto__')), /unknown activation '__proto__'/],
  ['top level not an object', bad('arr', () => undefined, () => '[1, 2]'), /must hold a JSON object/],
])('bad file (%s) exits 2 with one line naming the file and the field', (_name, path, re) => {
  const r = run([path as string]);
  expectOneLineError(r, re as RegExp);
  expect(r.stderr).toContain(path as string);
});

test('not a regular file: /dev/zero, a directory and a FIFO are refused before reading (issue 10: /dev/zero grew to 16 GB)', () => {
  expectOneLineError(run(['/dev/zero']), /\/dev\/zero is a device: NET\.json must be a regular file/);
  expectOneLineError(run([tmp]), /is a directory: NET\.json must be a regular file/);
  const fifo = join(tmp, 'fifo');
  const mk = spawnSync('mkfifo', [fifo]);
  if (mk.error || mk.status !== 0) return; // no mkfifo here: the device and directory cases stand
  expectOneLineError(run([fifo]), /fifo is a pipe: NET\.json must be a regular file/);
});

test('an input larger than the cap is refused from its size, without reading it', () => {
  const big = join(tmp, 'big-sparse.json');
  writeFileSync(big, '');
  truncateSync(big, MAX_INPUT_BYTES + 1); // sparse: no disk space used
  expectOneLineError(run([big]), /has 134217729 bytes, more than the 128 MiB limit of NET\.json/);
  // A file under the cap is read as usual (here: not JSON).
  truncateSync(big, 1024);
  expectOneLineError(run([big]), /is not valid JSON/);
});

test('a layer too large for the elimination basis is refused before the work starts, naming the sizes', () => {
  // N = 600 points, one hidden layer of 200 neurons: m = N(N+1) = 360 600, basis m·200 ≈ 7.2e7 doubles > 2^26.
  const N = 600;
  const row = (k: number) => Array.from({ length: N }, (_, i) => Math.sin(k + 0.37 * i));
  const net = {
    activation: 'relu',
    beta: 1,
    lambda: 1e-3,
    X: [row(1)],
    Y: [row(2)],
    weights: [Array.from({ length: 200 }, (_, k) => [Math.cos(k), Math.sin(k)]), [Array.from({ length: 201 }, (_, k) => Math.cos(3 * k))]],
  };
  const p = join(tmp, 'wide-n.json');
  writeFileSync(p, JSON.stringify(net));
  expectOneLineError(run([p]), /hidden layer 1: 200 neurons with cone vectors of length 360600 need a basis of 7\.22e\+7 doubles/);
  // The sharp reduction's vectors are half as long and fit.
  const s = run([p, '--sharp', '--json']);
  expect(s.code, s.stderr).toBe(0);
  expect((JSON.parse(s.stdout) as { widthsAfter: number[] }).widthsAfter[1]).toBeLessThanOrEqual(200);
});

test('activation names are case-insensitive, one rule for all (issue 10: ReLU was refused, Leaky-ReLU(0.1) accepted)', () => {
  const outputs = ['relu', 'ReLU', 'RELU', ' Relu '].map((name) => run([bad(`case-${name.trim()}`, (o) => (o.activation = name)), '--json']));
  for (const r of outputs) expect(r.code, r.stderr).toBe(0);
  for (const r of outputs.slice(1)) expect(r.stdout).toBe(outputs[0].stdout);
  const leaky = ['leaky-relu(0.1)', 'Leaky-ReLU(0.1)', 'LEAKY_RELU(0.1)'].map((name, i) => run([bad(`leaky-${i}`, (o) => (o.activation = name)), '--json']));
  for (const r of leaky) expect(r.code, r.stderr).toBe(0);
  for (const r of leaky.slice(1)) expect(r.stdout).toBe(leaky[0].stdout);
  expectOneLineError(run([bad('relu6', (o) => (o.activation = 'ReLU6'))]), /unknown activation 'ReLU6'.*\(case-insensitive\)/);
});

test('--sharp (ours): widths ≤ N(N+1)/2 + 1, K^σ and the loss kept, K not; the same loss as the paper\'s reduction', () => {
  const paper = JSON.parse(run([FIXTURE, '--json']).stdout) as Record<string, number | number[] | string>;
  const r = run([FIXTURE, '--sharp', '--json']);
  expect(r.code, r.stderr).toBe(0);
  const j = JSON.parse(r.stdout) as Record<string, number | number[] | string>;
  expect(j.mode).toBe('sharp');
  expect(paper.mode).toBe('paper');
  const N = 4;
  for (const w of (j.widthsAfter as number[]).slice(1, -1)) expect(w).toBeLessThanOrEqual((N * (N + 1)) / 2 + 1);
  // Tolerances as in the paper's case above (1e3·ε·κ², κ = O(10)).
  expect(j.maxKsChange as number).toBeLessThan(1e-11);
  expect(j.maxGramChange).toBe(j.maxKsChange);
  expect(j.maxOutputChange as number).toBeLessThan(1e-11);
  expect(Math.abs((j.lossAfter as number) - (paper.lossAfter as number))).toBeLessThanOrEqual(1e-11 * (paper.lossAfter as number));
  // K itself is not kept (a wide ReLU layer: the pre-activation Gram changes at O(1)).
  expect(j.maxKChange as number).toBeGreaterThan(1e-3);
  const text = run([FIXTURE, '--sharp']);
  expect(text.stdout).toMatch(/bound N\(N\+1\)\/2 \+ 1 = 11, sharp reduction \(ours\)/);
  expect(text.stdout).toMatch(/K is not kept/);
});

test('--progress: plain progress lines on stderr (not a terminal), stdout unchanged; --quiet: none', () => {
  const plain = run([FIXTURE]);
  const withProgress = run([FIXTURE, '--progress']);
  expect(withProgress.code).toBe(0);
  expect(withProgress.stdout).toBe(plain.stdout);
  const lines = withProgress.stderr.trim().split('\n');
  expect(lines[0]).toMatch(/^reduce: forward pass/);
  expect(lines.some((l) => /^reduce: layer 1\/2 \(30 neurons\): elimination/.test(l))).toBe(true);
  expect(lines.some((l) => /^reduce: layer 2\/2 \(25 neurons\): elimination/.test(l))).toBe(true);
  expect(lines[lines.length - 1]).toMatch(/^reduce: done in \d+s$/);
  expect(withProgress.stderr).not.toContain('\r');
  expect(plain.stderr).toBe(''); // a short run prints no progress by default
  expect(run([FIXTURE, '--quiet']).stderr).toBe('');
  expectOneLineError(run([FIXTURE, '--progress', '--quiet']), /--progress and --quiet exclude each other/);
  expectOneLineError(run([FIXTURE, '--out', '']), /--out needs a file name/);
});

test('progress printer: one updating line on a terminal, silent during the first second unless forced', () => {
  let t = 0;
  const out: string[] = [];
  const tty = reduceProgressPrinter({ isTTY: true, write: (s: string) => out.push(s) }, { now: () => t });
  tty.onProgress({ stage: 'layer 1/1 (10 neurons): elimination', done: 0, total: 10 });
  t = 500;
  tty.onProgress({ stage: 'layer 1/1 (10 neurons): elimination', done: 5, total: 10 });
  expect(out).toEqual([]); // within the first second
  t = 1500;
  tty.onProgress({ stage: 'layer 1/1 (10 neurons): elimination', done: 6, total: 10 });
  t = 1550; // < 100 ms later: not redrawn
  tty.onProgress({ stage: 'layer 1/1 (10 neurons): elimination', done: 7, total: 10 });
  t = 1700;
  tty.onProgress({ stage: 'layer 1/1 (10 neurons): elimination', done: 8, total: 10 });
  tty.close(true);
  expect(out).toHaveLength(3);
  const CLEAR = '\r\x1b[2K';
  expect(out[0]).toBe(`${CLEAR}reduce: layer 1/1 (10 neurons): elimination  60% (6/10)  elapsed 2s ETA ~1s`);
  expect(out[1].startsWith(CLEAR)).toBe(true);
  expect(out[1]).toContain(' 80% (8/10)');
  expect(out[2]).toBe('\r\x1b[2K'); // the line is cleared at the end
  const plainOut: string[] = [];
  const plain = reduceProgressPrinter({ isTTY: false, write: (s: string) => plainOut.push(s) }, { force: true, now: () => t });
  plain.onProgress({ stage: 'a', done: 0, total: 2 });
  plain.onProgress({ stage: 'a', done: 1, total: 2 });
  t += 6000;
  plain.onProgress({ stage: 'a', done: 2, total: 2 });
  plain.onProgress({ stage: 'b', done: 0, total: 1 });
  plain.close(false); // an error: no "done" line
  expect(plainOut).toEqual(['reduce: a   0% (0/2)  elapsed 0s\n', 'reduce: a 100% (2/2)  elapsed 6s\n', 'reduce: b   0% (0/1)  elapsed 6s\n']);
});

test('usage: no file, two files, unknown flag exit 2; --help exits 0 and documents the format', () => {
  expect(run([]).code).toBe(2);
  expect(run([FIXTURE, FIXTURE]).code).toBe(2);
  expect(run([FIXTURE, '--bogus']).code).toBe(2);
  const h = run(['--help']);
  expect(h.code).toBe(0);
  for (const k of ['NET.json', '--out', '--json', '--sharp', '--progress', 'activation', 'beta', 'lambda', 'weights', 'bias column last', 'case-insensitive', '128 MiB', 'regular file', 'O(n*m*min(m, n))']) {
    expect(h.stdout).toContain(k);
  }
});
