/**
 * `lemmata calibrate`: the judges' p-values agree with their decisions, the calibration flags a test that rejects at
 * ten times its level and passes a calibrated one, and the command writes, resumes and refuses bad usage.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { normalCdf, normalQuantile } from '../src/core/normal.ts';
import { Rng } from '../src/core/random.ts';
import { smirnovPlus, smirnovPlusPValue } from '../src/core/smirnovPlus.ts';
import { calibrationReport, machineInfo, runCalibration, summarisePValues, binomialUpperTail } from '../src/harness/calibrate.ts';
import { defineClaim } from '../src/harness/claim.ts';
import { judgeExpectation } from '../src/harness/judgeExpectation.ts';
import { judgeExtrapolation } from '../src/harness/judgeExtrapolation.ts';
import { judgeLimit } from '../src/harness/judgeLimit.ts';
import { ROOT_SEED } from './setup.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'lemmata.js');

test('judgeExpectation: refuted exactly when pValue < α (two-sided and one-sided)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 3, max: 40 }), fc.double({ min: -2, max: 2, noNaN: true }), fc.constantFrom('equal', 'atLeast', 'atMost'), fc.constantFrom(1e-5, 1e-3, 0.05), (s, R, shift, relation, alpha) => {
      const rng = Rng.stream(s, 'pexp');
      const values = Array.from({ length: R }, () => shift / Math.sqrt(R) + rng.normal());
      const j = judgeExpectation({ values, expected: 0, minEffect: 10, alpha, relation: relation as 'equal' | 'atLeast' | 'atMost' });
      const p = j.details.pValue as number;
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
      expect(j.verdict === 'refuted').toBe(p < alpha);
    }),
    { seed: ROOT_SEED, numRuns: 300 },
  );
});

test('judgeExtrapolation: refuted exactly when the correction fits and pValue < α', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.double({ min: -0.05, max: 0.05, noNaN: true }), fc.constantFrom(1e-4, 0.01, 0.1), (s, shift, alpha) => {
      const rng = Rng.stream(s, 'pextra');
      const levels = [8, 16, 32, 64].map((n) => ({ n, values: Array.from({ length: 30 }, () => 0.3 + shift - 0.5 / n + (0.2 / Math.sqrt(n)) * rng.normal()) }));
      const j = judgeExtrapolation({ levels, orders: [1], expected: 0.3, minEffect: 1, alpha });
      const p = j.details.pValue as number;
      const fits = (j.details.misfitP as number) >= (j.details.misfitAlpha as number);
      expect(j.verdict === 'refuted').toBe(fits && p < alpha);
    }),
    { seed: ROOT_SEED, numRuns: 200 },
  );
});

test('judgeLimit: a refutation always has pValue < α, with and without a claimed order', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      fc.double({ min: 0, max: 1.5, noNaN: true }),
      fc.double({ min: -0.02, max: 0.02, noNaN: true }),
      fc.constantFrom<'none' | 'exactly' | 'atLeast'>('none', 'exactly', 'atLeast'),
      (s, order, offset, sense) => {
        const rng = Rng.stream(s, 'plimit');
        const levels = [16, 32, 64, 128, 256].map((n) => ({ n, values: Array.from({ length: 40 }, () => 1 + offset + 0.3 * n ** -order + (0.05 * rng.normal()) / Math.sqrt(n)) }));
        const alpha = 1e-3;
        const rate = sense === 'none' ? undefined : { order: 1, sense, delta: 0.2, derivation: '' };
        const j = judgeLimit({ levels, limit: 1, rate, alpha, rng: Rng.stream(s, 'boot'), minEffect: rate ? undefined : 0.001 });
        const p = j.details.pValue as number | null;
        if (j.verdict === 'refuted') expect(p, j.reason).toBeLessThan(alpha);
        if (p !== null) expect(p >= 0 && p <= 1).toBe(true);
      },
    ),
    { seed: ROOT_SEED, numRuns: 60 },
  );
});

test('the one-sided Smirnov p-value: the n = 1 closed form, the bounds, and the asymptotic law', () => {
  // n = 1: D⁺ = 1 − u, P(D⁺ ≥ d) = 1 − d.
  for (const d of [0.1, 0.5, 0.9]) expect(smirnovPlusPValue(d, 1)).toBeCloseTo(1 - d, 14);
  expect(smirnovPlusPValue(0, 5)).toBe(1);
  expect(smirnovPlusPValue(1.01, 5)).toBe(0);
  // Asymptotically P(√n D⁺ ≥ λ) → exp(−2λ²) (Smirnov 1939): at n = 10⁴ within 2%.
  const n = 10_000;
  const lambda = 1;
  expect(smirnovPlusPValue(lambda / Math.sqrt(n), n) / Math.exp(-2)).toBeGreaterThan(0.98);
  expect(smirnovPlusPValue(lambda / Math.sqrt(n), n) / Math.exp(-2)).toBeLessThan(1.02);
  expect(smirnovPlus([0.9, 0.5])).toBeCloseTo(0.1, 15); // max(1/2 − 0.5, 2/2 − 0.9)
});

/**
 * The synthetic claim "E X = 0" for X ~ N(b, 1) with R = 50 replicates, judged at α = 0.01. With
 * b = δ/√R and δ = 1.294 (the root of Φ(δ − z) + Φ(−δ − z) = 0.1, z = z_{0.995}), its t test rejects with
 * probability ≈ 0.1 = ten times its level: a judge whose level is mis-set by a factor 10 (here by an unmodelled
 * bias, the usual cause). With K = 300 seeds and the calibration level γ = 1e-4, the refutation count alone flags it
 * unless it stays below 12 (P = 3.3e-5 under Binomial(300, 0.1)); the one-sided Smirnov test adds more power. The
 * unbiased claim (b = 0) is flagged with probability ≤ 2γ = 2e-4 (two checks).
 */
function syntheticClaim(delta: number) {
  const R = 50;
  return defineClaim({
    id: `T.calib${delta ? '.misset' : ''}`,
    title: 'synthetic expectation',
    kind: 'expectation',
    source: { paper: 'synthetic', ref: 'calibration test' },
    statement: 'E X = 0',
    quantity: 'X',
    replicates: R,
    impl: { mean: delta / Math.sqrt(R) },
    sample: (ctx, impl) => impl.mean + ctx.rng.normal(),
    expected: () => 0,
    minEffect: 10,
    tolerance: 'synthetic: t test at α = 0.01',
    variants: [{ name: 'shifted', why: 'mean 1', impl: { mean: 1 } }],
  });
}

test('calibration flags a test that rejects at ten times its level, and passes the calibrated one', async () => {
  const alpha = 0.01;
  const z = normalQuantile(1 - alpha / 2);
  const delta = 1.293967342350102;
  expect(normalCdf(delta - z) + normalCdf(-delta - z)).toBeCloseTo(0.1, 10);
  expect(binomialUpperTail(12, 300, alpha)).toBeLessThan(1e-4);
  expect(binomialUpperTail(11, 300, alpha)).toBeGreaterThan(1e-4);
  const good = syntheticClaim(0);
  const bad = syntheticClaim(delta);
  const budget = { alphaTotal: alpha, tests: 1, alphaPerTest: alpha };
  const records = await runCalibration({ claims: [good, bad], budget, profile: 'quick', baseSeed: ROOT_SEED, seeds: 300 });
  const r = calibrationReport({ claims: [good, bad], records, budget, profile: 'quick', baseSeed: ROOT_SEED, seeds: 300, command: 'test', machine: machineInfo('test'), elapsedSeconds: 0, cpuSeconds: 0, level: 1e-4 });
  const [g, b] = r.claims;
  expect(g.findings, JSON.stringify(g)).toEqual([]);
  expect(g.pValues.shape).toBe('uniform');
  expect(b.findings.length, JSON.stringify(b)).toBeGreaterThan(0);
  expect(b.pValues.shape).toBe('anti-conservative');
  expect(r.findings.every((f) => f.startsWith('T.calib.misset: '))).toBe(true);
  // Seeds are reproducible and the records of the shared claim do not depend on which other claims ran.
  const again = await runCalibration({ claims: [good], budget, profile: 'quick', baseSeed: ROOT_SEED, seeds: 5 });
  const noMs = (xs: Array<{ ms: number; cpuMs?: number }>) => xs.map(({ ms: _ms, cpuMs: _cpu, ...x }) => x);
  expect(noMs(again.get(good.id)!)).toEqual(noMs(records.get(good.id)!.slice(0, 5)));
});

test('summarisePValues: uniform draws are uniform, squared ones anti-conservative, square roots conservative', () => {
  const rng = Rng.stream(ROOT_SEED, 'pv-shapes');
  const u = Array.from({ length: 400 }, () => rng.uniform());
  // γ = 1e-6 for the uniform sample: a false flag has probability ≤ 2e-6; the distorted samples are flagged with
  // D ≈ 0.25 at n = 400 (p ≈ e^{−2·400·0.0625} ≈ 2e-22).
  expect(summarisePValues(u, 1e-6).shape).toBe('uniform');
  expect(summarisePValues(u.map((x) => x * x), 1e-6).shape).toBe('anti-conservative');
  expect(summarisePValues(u.map((x) => Math.sqrt(x)), 1e-6).shape).toBe('conservative');
  expect(summarisePValues(u.slice(0, 5)).shape).toBe('too few');
});

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'calibrate', ...args], { encoding: 'utf8', env: { ...process.env, LEMMATA_SEED: '' }, timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('lemmata calibrate G4: writes calibration.json and CALIBRATION.md, resumes to more seeds with the same records', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lemmata-calib-'));
  const a = cli(['G4', '--seeds', '2', '--seed', String(ROOT_SEED), '--out', dir]);
  expect(a.code, a.stderr).toBe(0);
  expect(a.stderr).toMatch(/base seed \d+, 2 seed\(s\), profile quick/);
  const first = readFileSync(join(dir, 'calibration.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  expect(first.map((x) => [x.claim, x.k]).sort()).toEqual([['G4', 0], ['G4', 1]]);
  const b = cli(['G4', '--seeds', '3', '--seed', String(ROOT_SEED), '--out', dir, '--resume', '--json']);
  expect(b.code, b.stderr).toBe(0);
  expect(b.stderr).toMatch(/resuming with 2 finished run\(s\)/);
  const rep = JSON.parse(b.stdout);
  expect(rep.claims[0].runs).toBe(3);
  expect(rep.claims[0].verdicts.error).toBe(0);
  expect(rep.budget.alphaPerTest).toBeGreaterThan(0);
  const all = readFileSync(join(dir, 'calibration.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  expect(all.slice(0, 2)).toEqual(first);
  expect(all).toHaveLength(3);
  expect(existsSync(join(dir, 'CALIBRATION.md'))).toBe(true);
  expect(readFileSync(join(dir, 'CALIBRATION.md'), 'utf8')).toMatch(/\| G4 \| expectation \| 1 \|/);
  // Resuming with another base seed is refused.
  const c = cli(['G4', '--seeds', '3', '--seed', String((ROOT_SEED + 1) % 2 ** 32), '--out', dir, '--resume']);
  expect(c.code).toBe(2);
  expect(c.stderr).toMatch(/cannot resume .* base seed/);
});

test('calibrate --jobs 2 gives the records of --jobs 1 (each run draws only from its own root seed)', () => {
  const read = (dir: string) =>
    readFileSync(join(dir, 'calibration.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => ({ ...JSON.parse(l), ms: 0, cpuMs: 0 }))
      .sort((a, b) => (a.claim === b.claim ? a.k - b.k : a.claim < b.claim ? -1 : 1));
  const one = mkdtempSync(join(tmpdir(), 'lemmata-calib-'));
  const two = mkdtempSync(join(tmpdir(), 'lemmata-calib-'));
  const a = cli(['G4', 'G10', '--seeds', '3', '--seed', String(ROOT_SEED), '--jobs', '1', '--out', one]);
  expect(a.code, a.stderr).toBe(0);
  const b = cli(['G4', 'G10', '--seeds', '3', '--seed', String(ROOT_SEED), '--jobs', '2', '--out', two]);
  expect(b.code, b.stderr).toBe(0);
  expect(b.stderr).toMatch(/2 job\(s\)/);
  expect(read(two)).toEqual(read(one));
  expect(read(one)).toHaveLength(6);
});

test('calibrate --resume: a torn last line is cut and recomputed; a corrupt record is refused by its line number', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lemmata-calib-'));
  expect(cli(['G4', '--seeds', '2', '--seed', '9', '--out', dir]).code).toBe(0);
  const file = join(dir, 'calibration.jsonl');
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  writeFileSync(file, `${lines[0]}\n${lines[1].slice(0, 20)}`); // killed while writing the second record
  const r = cli(['G4', '--seeds', '2', '--seed', '9', '--out', dir, '--resume']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/resuming with 1 finished run\(s\) \(the torn last line of the killed run was dropped\)/);
  const noMs = (ls: string[]) => ls.map((l) => ({ ...JSON.parse(l), ms: 0, cpuMs: 0 }));
  expect(noMs(readFileSync(file, 'utf8').trim().split('\n'))).toEqual(noMs(lines)); // the same run, recomputed
  writeFileSync(file, `${lines[0]}\n{"t":"calib","claim":"G4","k":1,"seed":1,"verdict":"verified","pValue":7,"ms":1}\n${lines[1]}\n`);
  const bad = cli(['G4', '--seeds', '2', '--seed', '9', '--out', dir, '--resume']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/line 2: pValue is not null or a number in \[0, 1\]/);
});

test.each([
  [['G4'], /calibrate needs --seeds K/],
  [['G4', '--seeds', '0'], /--seeds must be an integer in \[1, 100000\], got '0'/],
  [['G4', '--seeds', '1e9'], /--seeds must be an integer/],
  [['G4', '--seeds', 'NaN'], /--seeds must be an integer/],
  [['G1.quadratic', '--seeds', '2'], /no stochastic claim selected \(G1.quadratic: identity\)/],
  [['NOPE*', '--seeds', '2'], /NOPE/],
])('usage error %j exits 2 with one line', (args, message) => {
  const r = cli(args as string[]);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message as RegExp);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
});
