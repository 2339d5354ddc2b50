/**
 * `lemmata theory deep` end to end: JSON keys, values against two fixtures — the project's own 40-digit reference
 * (fixtures/deep/reference.json, regression) and the independent mpmath computation of the formulas
 * (fixtures/deep/independent.json, made by fixtures/deep/make-independent.py) —, --precision output, sweeps (table,
 * CSV, JSON array, plot), ridge, honest edges, and exit code 2 with one line naming the argument on invalid input
 * (issues 9, 10 and 15).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { formatPoint, formatSweep, theoryDeep, theoryDeepCommand, theoryDeepSweep } from '../src/cli/commands/theoryDeep.ts';
import { cell, parseAxis } from '../src/cli/commands/theorySweep.ts';
import { UsageError } from '../src/cli/usageError.ts';
import { decimalContext } from '../src/reference/decimal.ts';

const Decimal = decimalContext({ precision: 60 });
import { mmseGaussian } from '../src/models/glm/gaussianChannel.ts';
import { ridgeReplica } from '../src/models/glm/ridgeReplica.ts';
import { ridgeSign } from '../src/models/glm/ridgeSign.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'lemmata.js');

/** The bracket [a, b] around the minimum of a unimodal f on [lo, hi] after 80 golden-section steps (ratio (√5 − 1)/2 each). */
function goldenSection(f: (x: number) => number, lo: number, hi: number): [number, number] {
  let [a, b] = [lo, hi];
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 80; i++) {
    const c = b - g * (b - a);
    const d = a + g * (b - a);
    if (f(c) < f(d)) b = d;
    else a = c;
  }
  return [a, b];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/deep/reference.json', import.meta.url), 'utf8')) as {
  cases: Record<string, { s: string; epsTot: string; theory: Array<Record<string, string | number | null>> }>;
};

interface IndependentPoint {
  channel: 'gaussian' | 'sign';
  alpha: string;
  noise: string;
  ridgeLambdas?: string[];
  values: Record<string, string | Array<Record<string, string>>>;
}
const independent = JSON.parse(readFileSync(new URL('../fixtures/deep/independent.json', import.meta.url), 'utf8')) as {
  cases: Array<{ name: string; acts: string[]; weightVars: string[] | null; readoutVar: string | null; s: string; epsTot: string; outputVar: string; points: IndependentPoint[] }>;
};

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'theory', 'deep', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

type Json = Record<string, unknown>;
const ALWAYS = ['layers', 's', 'epsTot', 'D', 'overlap', 'mmse', 'genErrorClean', 'miPerSample', 'glmMiPerSample', 'freeEntropy'];

function optionsOf(c: (typeof independent.cases)[number], p: IndependentPoint, precision: number | null) {
  return {
    acts: c.acts,
    weightVars: c.weightVars?.map(Number),
    readoutVar: c.readoutVar === null ? undefined : Number(c.readoutVar),
    weightVarTexts: c.weightVars ?? undefined,
    readoutVarText: c.readoutVar ?? undefined,
    alpha: Number(p.alpha),
    noise: Number(p.noise),
    texts: { alpha: p.alpha, noise: p.noise },
    channel: p.channel,
    precision,
    ridgeLambdas: p.ridgeLambdas?.map(Number),
    ridgeTexts: p.ridgeLambdas,
  };
}

/** The scalar keys a fixture point holds, with their values, and the ridge entries flattened. */
function expectedPairs(p: IndependentPoint, c: (typeof independent.cases)[number]): Array<[string, string, (j: Json) => unknown]> {
  const out: Array<[string, string, (j: Json) => unknown]> = [
    ['s', c.s, (j) => j.s],
    ['epsTot', c.epsTot, (j) => j.epsTot],
    ['outputVar', c.outputVar, (j) => j.outputVar],
  ];
  for (const [k, v] of Object.entries(p.values)) {
    if (k === 'ridge') {
      (v as Array<Record<string, string>>).forEach((r, i) => {
        for (const key of Object.keys(r).filter((x) => x !== 'lambda')) out.push([`ridge[${i}].${key}`, r[key], (j) => (j.ridge as Json[])[i][key]]);
      });
    } else out.push([k, v as string, (j) => j[k]]);
  }
  return out;
}

// Float64 against the independent mpmath values: 1e-10 relative (issue 9). The Float64 quadratures are accurate to
// ~1e-14, the closed forms to a few ulps, the probit fixed point to 1e-15 relative; 1e-10 is the bound.
test.each(independent.cases.flatMap((c) => c.points.map((p) => [`${c.name} ${p.channel} α=${p.alpha} Δ=${p.noise}`, c, p] as const)))(
  'Float64 agrees with the independent mpmath fixture to 1e-10 relative: %s',
  (_label, c, p) => {
    const j = theoryDeep(optionsOf(c, p, null));
    for (const [k, ref, get] of expectedPairs(p, c)) {
      const v = get(j);
      if (ref === 'Infinity') {
        expect(v, k).toBe('Infinity');
        continue;
      }
      const r = Number(ref);
      // Quantities that vanish exactly (s for x³ − 3x, the information of v when s = 0) are printed as exact zeros.
      if (r === 0 || Math.abs(r) < 1e-30) expect(Math.abs(v as number), k).toBeLessThanOrEqual(1e-30);
      else expect(v as number, `${k} of ${c.name}`).toBeCloseToRel(r, 1e-10);
    }
  },
  60_000,
);

// --precision 30 against the 40-digit independent values: agreement to the 30th significant digit (the printed value
// is the reference rounded to 30 digits, so |printed − ref| ≤ one unit in its 30th digit). Sign-channel points take
// a few seconds each in high precision; one per architecture family is checked.
const HP_POINTS = independent.cases.flatMap((c) =>
  c.points.filter((p) => p.channel === 'gaussian' || (c.name === 'tanh2x2' && p.noise === '0.1') || c.name === 'he3' || c.name === 'linear2').map((p) => [`${c.name} ${p.channel} α=${p.alpha} Δ=${p.noise}`, c, p] as const),
);
test.each(HP_POINTS)(
  '--precision 30 agrees with the independent fixture to 30 digits: %s',
  (_label, c, p) => {
    const j = theoryDeep(optionsOf(c, p, 30));
    for (const [k, ref, get] of expectedPairs(p, c)) {
      const v = get(j) as string;
      expect(typeof v, k).toBe('string');
      if (ref === 'Infinity') {
        expect(v, k).toBe('Infinity');
        continue;
      }
      const R = new Decimal(ref);
      const V = new Decimal(v);
      if (R.abs().lt('1e-45')) {
        expect(V.abs().lte('1e-45'), `${k}: ${v}`).toBe(true);
        continue;
      }
      const unit = new Decimal(10).pow(V.abs().e - 29); // one unit in the 30th significant digit
      expect(V.minus(R).abs().lte(unit), `${k} of ${c.name}: ${v} vs ${ref}`).toBe(true);
    }
  },
  120_000,
);

test('tanh(2x)×2, α = 2, Δ = 0.1: 0.3237003 (v only) + 0.4631326 = 0.7868329 (issue 9)', () => {
  const j = theoryDeep({ acts: ['tanh(2*x)', 'tanh(2*x)'], alpha: 2, noise: 0.1 });
  expect((j.glmMiPerSample as number).toFixed(7)).toBe('0.3237003');
  expect(((j.miPerSample as number) - (j.glmMiPerSample as number)).toFixed(7)).toBe('0.4631326');
  expect((j.miPerSample as number).toFixed(7)).toBe('0.7868329');
  // free entropy = −H(Y|X)/n = −(I(θ;Y|X) + H(Y|θ,X))/n with H(Y|θ,X)/n = ½ log(2πeΔ)
  expect(j.freeEntropy as number).toBeCloseToRel(-(j.miPerSample as number) - 0.5 * Math.log(2 * Math.PI * Math.E * 0.1), 1e-14);
});

test('README example: keys and values (1e-13 relative of the 40-digit regression fixture)', () => {
  const r = run(['--act', 'tanh(2*x)', '--act', 'tanh(2*x)', '--widths', '1.4,1.4', '--alpha', '2', '--noise', '0.1', '--json']);
  expect(r.code, r.stderr).toBe(0);
  const j = JSON.parse(r.stdout) as Json;
  for (const k of [...ALWAYS, 'genErrorNoisy', 'optimalLambda']) expect(j).toHaveProperty(k);
  expect(j).not.toHaveProperty('classError');
  const f = fixture.cases.tanh2x2;
  const t = f.theory.find((x) => x.alpha === 2 && x.delta === 0.1)!;
  for (const k of ['genErrorClean', 'genErrorNoisy', 'miPerSample', 'glmMiPerSample', 'freeEntropy']) expect(j[k] as number).toBeCloseToRel(Number(t[k]), 1e-13);
  expect(Math.abs((j.genErrorNoisy as number) - Number(t.genErrorClean))).toBeGreaterThan(0.05);
});

test('sign channel: 0-1 error and the label-flip-free one, no "noisy" MSE; information finite at Δ = 0', () => {
  const j = theoryDeep({ acts: ['crelu', 'tanh'], alpha: 2, noise: 0, channel: 'sign' });
  expect(j).toHaveProperty('classError');
  expect(j).toHaveProperty('classErrorClean');
  expect(j).not.toHaveProperty('genErrorNoisy');
  expect(j).not.toHaveProperty('ridge');
  expect(j.classErrorClean as number).toBeCloseToRel(j.classError as number, 1e-14); // no label noise: the same
  expect(j.miPerSample as number).toBeLessThanOrEqual(Math.LN2);
  expect(j.miPerSample as number).toBeCloseToRel(-(j.freeEntropy as number), 1e-14); // H(Y|θ,X) = 0 at Δ = 0
  expect((j.layers as Json[])[0].centred).toBe(true);
  expect((j.layers as Json[])[0].center as number).toBeCloseToRel(Math.sqrt(1 / (2 * Math.PI)), 1e-14);
  const noisy = theoryDeep({ acts: ['crelu', 'tanh'], alpha: 2, noise: 0.3, channel: 'sign' });
  expect(noisy.classErrorClean as number).toBeLessThan(noisy.classError as number);
});

test('Gaussian channel at Δ = 0: miPerSample is "Infinity" (with a note), glmMiPerSample and freeEntropy finite', () => {
  const j = theoryDeep({ acts: ['erf'], alpha: 1, noise: 0 });
  expect(j.miPerSample).toBe('Infinity');
  expect(Number.isFinite(j.glmMiPerSample)).toBe(true);
  expect(Number.isFinite(j.freeEntropy)).toBe(true);
  expect((j.notes as string[]).join(' ')).toMatch(/deterministic function of θ/);
  expect(formatPoint(j)).toMatch(/miPerSample\s+∞/);
});

test('κ1 = 0 (x³ − 3x): s = 0, D = ∞, one sentence; errors are the prior variance (issues 10, 15)', () => {
  const j = theoryDeep({ acts: ['x^3 - 3*x'], alpha: 2, noise: 0.1 });
  expect(j.s).toBe(0);
  expect(j.D).toBe('Infinity');
  expect(j.optimalLambda).toBe('Infinity');
  expect(j.overlap).toBe(0);
  expect(j.genErrorClean as number).toBeCloseToRel(6, 1e-14); // E He_3(g)² = 3! = 6
  expect(j.notes as string[]).toHaveLength(1);
  expect((j.notes as string[])[0]).toMatch(/^no linear signal \(s = 0, D = ∞\)/);
  const text = formatPoint(j);
  expect(text).toMatch(/\ns\s+0\n/);
  expect(text).toMatch(/\nD\s+∞\n/);
  const hp = theoryDeep({ acts: ['x^3 - 3*x'], alpha: 2, noise: 0.1, precision: 20, texts: { alpha: '2', noise: '0.1' } });
  expect(hp.s).toBe('0');
  expect(hp.D).toBe('Infinity');
  const sign = theoryDeep({ acts: ['x^3 - 3*x'], alpha: 2, noise: 0, channel: 'sign' });
  expect(sign.classError).toBe(0.5);
  expect(sign.miPerSample as number).toBeCloseToRel(Math.LN2, 1e-15); // labels = sign(S): one bit about θ, none about v
});

test('centred layers are marked in the text table', () => {
  const text = formatPoint(theoryDeep({ acts: ['relu', 'tanh'], center: true, alpha: 2, noise: 0.1 }));
  expect(text).toMatch(/layer\s+centred/);
  expect(text).toMatch(/\n1\s+yes\s/);
});

test('a 50-point sweep of tanh(2x)×2 equals 50 single calls to the last printed digit (issue 15)', () => {
  const alphas = parseAxis('alpha', 'log:0.05:20:50', { check: (x) => x > 0, domain: '' });
  const base = { acts: ['tanh(2*x)', 'tanh(2*x)'], ridgeLambdas: [0.01, 1], ridgeTexts: ['0.01', '1'] };
  const rows = theoryDeepSweep({ ...base, alphas, noises: parseAxis('noise', '0.1', { check: () => true, domain: '' }) });
  expect(rows).toHaveLength(50);
  const table = formatSweep(rows).split('\n').slice(-50);
  rows.forEach((r, k) => {
    const single = theoryDeep({ ...base, alpha: alphas.values[k], noise: 0.1, texts: { alpha: String(alphas.values[k]), noise: '0.1' } });
    expect(r).toEqual(single);
    // the printed sweep line carries the same digits as the single call's values
    const cells = table[k].trim().split(/\s{2,}/);
    expect(cells[0]).toBe(cell(single.alpha));
    expect(cells).toContain(cell(single.genErrorClean));
    expect(cells).toContain(cell(single.miPerSample));
  });
});

test('ridge: at λ = D it equals the Bayes-optimal error to 1e-12 relative across a sweep, and λ = D minimises it', () => {
  const rows = theoryDeepSweep({ acts: ['tanh(2*x)', 'tanh(2*x)'], alphas: parseAxis('alpha', 'log:0.05:50:40', { check: () => true, domain: '' }), noises: parseAxis('noise', '0,0.1,1', { check: () => true, domain: '' }) });
  for (const r of rows) {
    expect(r.optimalLambda).toBe(r.D);
    expect(r.ridgeOptimalErrorClean as number).toBeCloseToRel(r.genErrorClean as number, 1e-12);
    expect(r.ridgeOptimalErrorNoisy as number).toBeCloseToRel(r.genErrorNoisy as number, 1e-12);
    // golden-section search of the ridge error over log λ finds D (the minimum is quadratic: argmin to ~√ε relative)
    const t = { s: r.s as number, epsTot: r.epsTot as number, Delta: r.noise as number };
    const err = (ll: number) => ridgeReplica(r.alpha as number, Math.exp(ll), t).testErrorNoisy;
    const [a, b] = goldenSection(err, Math.log(r.D as number) - 3, Math.log(r.D as number) + 3);
    expect(Math.abs((a + b) / 2 - Math.log(r.D as number))).toBeLessThan(1e-4);
    expect(err((a + b) / 2)).toBeGreaterThanOrEqual((r.genErrorNoisy as number) * (1 - 1e-13));
  }
  // a wrong λ* (Δ/s, the equivalent noise forgotten) is not the minimiser: its error exceeds the Bayes error
  const r = rows.find((x) => x.noise === 0.1 && (x.alpha as number) > 1.5)!;
  const t = { s: r.s as number, epsTot: r.epsTot as number, Delta: 0.1 };
  const wrong = ridgeReplica(r.alpha as number, 0.1 / t.s, t).testErrorNoisy;
  expect(wrong - (r.genErrorNoisy as number)).toBeGreaterThan(1e-3);
  expect(r.genErrorNoisy as number).toBeCloseToRel(t.s * mmseGaussian(r.alpha as number, r.D as number) + t.epsTot + 0.1, 1e-14);
});

test('sign channel ridge: 0-1 errors of sign(ŷ); λ* = (1 − μ1²)/μ1² minimises them and stays above the Bayes error', () => {
  const o = { acts: ['tanh(2*x)', 'tanh(2*x)'], channel: 'sign' as const, alphas: parseAxis('alpha', 'log:0.2:20:12', { check: () => true, domain: '' }), noises: parseAxis('noise', '0,0.3', { check: () => true, domain: '' }), ridgeLambdas: [0.1] };
  for (const r of theoryDeepSweep(o)) {
    const t = { s: r.s as number, epsTot: r.epsTot as number, Delta: r.noise as number };
    const ce = (ll: number) => ridgeSign(r.alpha as number, Math.exp(ll), t).classError;
    const [a, b] = goldenSection(ce, Math.log(r.optimalLambda as number) - 4, Math.log(r.optimalLambda as number) + 4);
    // the 0-1 error is flat at its minimum (quadratic): argmin to ~1e-3 in log λ, value to ~1e-12
    expect(Math.abs((a + b) / 2 - Math.log(r.optimalLambda as number)), `α = ${r.alpha}, Δ = ${r.noise}`).toBeLessThan(1e-3);
    expect(ce((a + b) / 2)).toBeGreaterThanOrEqual((r.ridgeOptimalClassError as number) - 1e-12);
    expect(r.ridgeOptimalClassError as number).toBeGreaterThanOrEqual((r.classError as number) - 1e-12); // ridge ≥ Bayes
    expect(((r.ridge as Json[])[0].classError as number)).toBeGreaterThanOrEqual((r.ridgeOptimalClassError as number) - 1e-12);
    expect(((r.ridge as Json[])[0].classErrorClean as number)).toBeLessThanOrEqual(((r.ridge as Json[])[0].classError as number) + 1e-15);
  }
  // high precision agrees with Float64 (the Float64 ridge closed form to ~1e-15 relative)
  const f = theoryDeep({ acts: ['erf'], channel: 'sign', alpha: 2, noise: 0.1, ridgeLambdas: [0.3] });
  const h = theoryDeep({ acts: ['erf'], channel: 'sign', alpha: 2, noise: 0.1, ridgeLambdas: [0.3], ridgeTexts: ['0.3'], precision: 25, texts: { alpha: '2', noise: '0.1' } });
  for (const k of ['classError', 'classErrorClean', 'errorSquare']) expect((f.ridge as Json[])[0][k] as number, k).toBeCloseToRel(Number((h.ridge as Json[])[0][k]), 1e-13);
  expect(f.ridgeOptimalClassError as number).toBeCloseToRel(Number(h.ridgeOptimalClassError), 1e-13);
  // no linear signal: sign(ŷ) is a coin flip at every λ
  const z = theoryDeep({ acts: ['x^3 - 3*x'], channel: 'sign', alpha: 2, noise: 0.1, ridgeLambdas: [0.3] });
  expect((z.ridge as Json[])[0].classError).toBe(0.5);
  expect(z.optimalLambda).toBe('Infinity');
}, 60_000);

test('--csv and --json give one row per point; the table has one line per point', async () => {
  const args = ['--act', 'erf', '--act', 'erf', '--alpha', '0.5,1,2', '--noise', '0:0.2:3', '--ridge-lambda', '0.1'];
  const csv = run([...args, '--csv']);
  expect(csv.code, csv.stderr).toBe(0);
  const lines = csv.stdout.trim().split('\n');
  expect(lines).toHaveLength(1 + 9);
  expect(lines[0]).toBe('alpha,noise,s,epsTot,D,overlap,mmse,genErrorClean,genErrorNoisy,miPerSample,glmMiPerSample,freeEntropy,ridgeClean(λ=0.1),ridgeNoisy(λ=0.1),optimalLambda,ridgeOptimalErrorClean,ridgeOptimalErrorNoisy');
  expect(lines[1]).toMatch(/^0\.5,0,.*,Infinity,/); // miPerSample at Δ = 0
  const json = run([...args, '--json']);
  const arr = JSON.parse(json.stdout) as Json[];
  expect(arr).toHaveLength(9);
  expect(arr.map((r) => [r.alpha, r.noise])).toEqual([0.5, 1, 2].flatMap((a) => [0, 0.1, 0.2].map((d) => [a, d])));
  expect(json.stdout).not.toMatch(/null|NaN/);
});

test('--plot writes an SVG (and HTML) with the Bayes-optimal, ridge and pitfall curves and Monte Carlo points', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lemmata-plot-'));
  const svg = join(dir, 'fig.svg');
  const r = run(['--act', 'tanh(2*x)', '--act', 'tanh(2*x)', '--alpha', '0.5:3:4', '--noise', '0.1', '--ridge-lambda', '0.01', '--plot', svg, '--compare', 'coefficients-at-unit-variance', '--monte-carlo', 'd=32,R=3,seed=5']);
  expect(r.code, r.stderr).toBe(0);
  const text = readFileSync(svg, 'utf8');
  expect(text.startsWith('<svg')).toBe(true);
  for (const s of ['Bayes-optimal', 'ridge λ = 0.01', 'ridge at optimal λ = D', 'wrong: coefficients-at-unit-variance', 'Monte Carlo d = 32, R = 3', 'α = n/d']) expect(text).toContain(s);
  const html = join(dir, 'fig.html');
  expect(run(['--act', 'erf', '--alpha', '1', '--noise', '0.1:1:3', '--plot', html]).code).toBe(0);
  expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>[\s\S]*<svg[\s\S]*Δ \(label-noise variance\)/);
});

test('invalid input exits 2 with one line naming the argument (end to end)', () => {
  for (const [args, re] of [
    [['--act', 'relu', '--alpha', '2', '--noise', '0'], /not centred/],
    [['--act', 'log(x)', '--alpha', '2', '--noise', '0.1'], /^lemmata theory: --act: activation 'log\(x\)' is not finite at x = /],
    [['--act', 'sqrt(x)', '--alpha', '2', '--noise', '0.1'], /--act: activation 'sqrt\(x\)' is not finite at x = -/],
    [['--act', '1/x', '--alpha', '2', '--noise', '0.1'], /--act: activation '1\/x' is not finite at x = 0/],
    [['--act', 'x^1e9', '--alpha', '2', '--noise', '0.1'], /--act: activation 'x\^1e9' is not square-integrable/],
    [['--act', 'x*exp(x^2/4)', '--alpha', '2', '--noise', '0.1'], /--act: activation 'x\*exp\(x\^2\/4\)' is not square-integrable/],
    [['--act', 'tan(x)', '--alpha', '2', '--noise', '0.1'], /--act: .*'tan\(x\)'.* did not converge/],
    [['--act', 'process.tanh(x)', '--alpha', '2', '--noise', '0.1'], /--act: cannot parse activation 'process\.tanh\(x\)'.*only the whitelisted functions/],
    [['--act', 'sinh(x)', '--weight-var', '400', '--alpha', '2', '--noise', '0.1'], /outside the Float64 range; use --precision/],
    [['--act', 'tanh', '--alpha', '2', '--noise', '0.1', '--precision', '101'], /--precision must be an integer in \[2, 100\]/],
    [['--act', 'tanh', '--alpha', 'Infinity', '--noise', '0.1'], /--alpha must be a finite number > 0, got 'Infinity'/],
    [['--act', 'tanh', '--alpha', '1:2:0', '--noise', '0.1'], /--alpha: the number of points n must be an integer/],
    [['--act', 'tanh', '--alpha', 'log:0:2:5', '--noise', '0.1'], /--alpha: a geometric range needs lo > 0/],
    [['--act', 'tanh', '--alpha', '2', '--noise', '0.1', '--plot', '/tmp/x.png'], /--plot needs a sweep|--plot: the file must end/],
    [['--act', 'tanh', '--alpha', '1,2', '--noise', '0.1', '--plot', '/tmp/x.png'], /--plot: the file must end in \.svg or \.html/],
    [['--act', 'tanh', '--alpha', '1,2', '--noise', '0.1', '--plot', '/tmp/lemmata-x.svg', '--compare', 'nonsense'], /--compare: unknown pitfall 'nonsense'/],
  ] as Array<[string[], RegExp]>) {
    const r = run(args);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
    expect(r.stderr, args.join(' ')).toMatch(re);
    expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    expect(r.stdout).toBe('');
  }
}, 120_000);

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
  [['--act', '1/(x-0.3)', '--alpha', '1', '--noise', '0.1'], /did not converge/],
  [['--act', 'tanh', '--alpha', '1', '--noise', '0', '--monte-carlo', 'd=8,R=2'], /give --plot/],
  [['--act', 'tanh', '--alpha', '1,2', '--noise', '0', '--plot', '/tmp/lemmata-y.svg', '--monte-carlo', 'd=1,R=2'], /--monte-carlo: d must be an integer in \[8, 4096\]/],
])('invalid input %j is a UsageError with the reason', async (args, msg) => {
  await expect(theoryDeepCommand(args as string[])).rejects.toThrow(UsageError);
  await expect(theoryDeepCommand(args as string[])).rejects.toThrow(msg as RegExp);
});

test('extreme inputs: huge α, huge or subnormal Δ, wide and narrow Gaussians give finite numbers or exit 2, never NaN', () => {
  for (const o of [
    { acts: ['tanh'], alpha: 1e308, noise: 0.1 },
    { acts: ['tanh'], alpha: 2, noise: 1e308 },
    { acts: ['tanh'], alpha: 5e-324, noise: 0.1 },
    { acts: ['tanh'], alpha: 2, noise: 5e-324 },
    { acts: ['tanh'], alpha: 2, noise: -0 },
    { acts: ['tanh'], weightVars: [1e-300], alpha: 2, noise: 0.1 },
    { acts: ['tanh', 'tanh'], weightVars: [1e8, 1e8], alpha: 2, noise: 0.1 },
    { acts: ['erf'], readoutVar: 1e300, alpha: 2, noise: 0.1 },
    { acts: ['tanh'], alpha: 2, noise: 1e308, channel: 'sign' as const },
    { acts: ['tanh'], alpha: 1e10, noise: 0.1, channel: 'sign' as const },
  ]) {
    let j: Json;
    try {
      j = theoryDeep(o);
    } catch (e) {
      expect(e, JSON.stringify(o)).toBeInstanceOf(UsageError);
      continue;
    }
    const text = JSON.stringify(j);
    expect(text, JSON.stringify(o)).not.toMatch(/null|NaN/);
    for (const k of ['overlap', 'mmse', 'genErrorClean', 'glmMiPerSample', 'freeEntropy']) expect(Number.isFinite(j[k]), `${k} of ${JSON.stringify(o)}`).toBe(true);
  }
  // σ² = 1e308: tanh acts as sign, s = σ²κ1² → 2/π (the rule integrates in g = h/√r, so nothing squares 1e154)
  for (const act of ['tanh', 'sign']) expect(theoryDeep({ acts: [act], weightVars: [1e308], alpha: 2, noise: 0.1 }).s as number, act).toBeCloseToRel(2 / Math.PI, 1e-13);
  // tanh at α = 1e308 (issue 10): the information per sample is finite and tiny, not NaN
  const big = theoryDeep({ acts: ['tanh'], alpha: 1e308, noise: 0.1 });
  expect(big.glmMiPerSample as number).toBeGreaterThan(0);
  expect(big.glmMiPerSample as number).toBeLessThan(1e-300);
});

test('--weight-var 1e8 with tanh: q = 1 − κ1 (E tanh² = 1 − E tanh′) in Float64 and at 20 digits (issue 10)', () => {
  const j = theoryDeep({ acts: ['tanh'], weightVars: [1e8], alpha: 2, noise: 0.1 });
  const l = (j.layers as Array<Record<string, number>>)[0];
  expect(l.q).toBeCloseToRel(1 - l.kappa1, 1e-14);
  expect(l.q.toFixed(7)).toBe('0.9999202');
  const hp = theoryDeep({ acts: ['tanh'], weightVars: [1e8], alpha: 2, noise: 0.1, precision: 20, texts: { alpha: '2', noise: '0.1' } });
  const h = (hp.layers as Array<Record<string, string>>)[0];
  const q = new Decimal(h.q);
  expect(q.minus(new Decimal(1).minus(h.kappa1)).abs().lte('1e-19'), `${h.q} vs 1 − ${h.kappa1}`).toBe(true);
}, 120_000);

test('built-in activations do not load mathjs (lazy load, issue 16); an expression does', () => {
  // A loader hook reports every resolution of the specifier 'mathjs' or 'mathjs/…' (ESM import or CommonJS require).
  const hook = 'data:text/javascript,' + encodeURIComponent(
    "import { register } from 'node:module'; import Module from 'node:module';" +
      "const orig = Module._load; Module._load = function (r, ...a) { if (r === 'mathjs' || r.startsWith('mathjs/')) process.stderr.write('MATHJS-LOADED\\n'); return orig.call(this, r, ...a); };" +
      "register('data:text/javascript,' + encodeURIComponent(\"export async function resolve(s, c, n) { if (s === 'mathjs' || s.startsWith('mathjs/')) process.stderr.write('MATHJS-LOADED\\\\n'); return n(s, c); }\"));",
  );
  const named = spawnSync(process.execPath, ['--import', hook, BIN, 'theory', 'deep', '--act', 'tanh', '--act', 'tanh', '--alpha', '2', '--noise', '0.1'], { encoding: 'utf8' });
  expect(named.status, named.stderr).toBe(0);
  expect(named.stderr).not.toContain('MATHJS-LOADED');
  const expr = spawnSync(process.execPath, ['--import', hook, BIN, 'theory', 'deep', '--act', 'tanh(2*x)', '--alpha', '2', '--noise', '0.1'], { encoding: 'utf8' });
  expect(expr.status, expr.stderr).toBe(0);
  expect(expr.stderr).toContain('MATHJS-LOADED');
});

test('--help prints the usage, the three information quantities and exits 0', () => {
  const r = run(['--help']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/lemmata theory deep --act EXPR/);
  for (const k of ['miPerSample', 'glmMiPerSample', 'freeEntropy', 'I(θ; Y | X)', 'I(v; Y | X)', '--ridge-lambda', '--plot', '--compare', '--monte-carlo', 'log:lo:hi:n']) expect(r.stdout).toContain(k);
});
