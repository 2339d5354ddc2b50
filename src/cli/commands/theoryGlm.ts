/**
 * `lemmata theory glm`: the replica-symmetric formulas of the Gaussian-prior GLM at one (α, D), for
 * users and scripts (deep-gaussian-equivalence.md §5).
 *
 * @module
 */
import type { Decimal } from 'decimal.js';
import { GlmParameterError, freeEntropyGaussian, genErrorNoisyGaussian, miGaussian, mmseGaussian, overlapGaussian } from '../../models/glm/gaussianChannel.ts';
import { gaussianChannelDecimal, ridgeReplicaDecimal } from '../../models/glm/gaussianChannelDecimal.ts';
import { probitClassError, probitEntropyGap, probitFixedPoint, probitMutualInformation } from '../../models/glm/probitChannel.ts';
import { probitChannelDecimal, probitEntropyGapDecimal } from '../../models/glm/probitChannelDecimal.ts';
import { plainTeacher, ridgeReplica } from '../../models/glm/ridgeReplica.ts';
import { ridgeSign, ridgeSignOptimalLambda } from '../../models/glm/ridgeSign.ts';
import { decimalContext, GUARD_DIGITS } from '../../reference/decimal.ts';
import { parse } from '../args.ts';
import { UsageError } from '../usageError.ts';
import { alignedTable, cell, joinNegativeValues, MAX_POINTS, parseAxis, toCsv } from './theorySweep.ts';

/** The help text of `lemmata theory glm`: usage, channels, options, JSON keys, exit codes, examples. */
export const THEORY_GLM_HELP = `lemmata theory glm --channel gaussian|probit --alpha A --noise D [--precision DIGITS] [--json|--csv]

Replica-symmetric (Bayes-optimal) quantities of the generalized linear model with Gaussian prior
v ~ N(0, I_d), inputs x ~ N(0, I_d), n/d = α (Barbier, Krzakala, Macris, Miolane, Zdeborová,
PNAS 2019; shared/math/deep-gaussian-equivalence.md §5):

  gaussian   y = v·x/√d + √D z          D > 0 (noise-to-signal ratio)
  probit     y = sign(v·x/√d + √D z)    D ≥ 0 (D = 0: noiseless sign)

Options:
  --channel gaussian|probit   the output channel (required)
  --alpha A                   sample ratio n/d, A > 0 (required): a value, a list A,B,C, a range
                              lo:hi:n (n linear points) or log:lo:hi:n (n geometric points)
  --noise D                   noise variance D (required; > 0 for gaussian, ≥ 0 for probit): a value,
                              list or range; with both a sweep, the grid is their product
  --ridge-lambda L            ridge test errors at penalty λ = L (value, list or range), Cui et al.
                              2023 eqs. 19–20 with s = 1, ε_tot = 0, Δ = D; on the probit channel ridge
                              fits the ±1 labels (linear part μ1 = √(2/π)/√(1 + D)), judged by sign(ŷ)
  --precision DIGITS          evaluate in decimal.js with DIGITS significant digits (2..200); values
                              are then printed as decimal strings carrying exactly DIGITS digits
                              (probit takes seconds: every fixed-point step is a high-precision integral)
  --json                      JSON: one object for one point, an array of objects for a sweep
  --csv                       CSV, one row per point
  -h, --help                  this text

Output (JSON keys):
  overlap        q = E‖⟨v⟩‖²/d at the RS fixed point (computed as q̂/(1+q̂), accurate when q is tiny)
  mmse           m = 1 − q (per component)
  miPerDim       lim (1/d) I(v; Y | X), nats: the information the labels carry about this GLM's own
                 weights v. (For the effective GLM of a deep network this is the information about v
                 only, not the network's: see lemmata theory deep, miPerSample vs glmMiPerSample.)
  miPerSample    miPerDim / α = lim (1/n) I(v; Y | X), nats
  freeEntropy    lim (1/n) E log p(Y|X) = −H(Y|X)/n:
                   gaussian  −miPerSample − ½ log(2πeD)          (a density)
                   probit    −miPerSample − E h2(Φ(u/√D)), u ~ N(0,1)  (a probability; 0 at D = 0)
  iterations     iterations of the damped fixed point (0 for the Gaussian closed form)
  genErrorNoisy  (gaussian) Bayes-optimal E(y − ŷ)² on a fresh noisy label = m + D (clean: m)
  ridge          (gaussian) [{lambda, errorClean, errorNoisy}] at each --ridge-lambda
  ridge          (probit) [{lambda, classError, errorSquare}]: 0-1 error of sign(ŷ), square loss on ±1
  optimalLambda  argmin_λ of the ridge error: D (gaussian; ridgeOptimalErrorNoisy = genErrorNoisy: ridge
                 at λ = D is the posterior mean), (1 − μ1²)/μ1² = (π(1 + D) − 2)/2 (probit;
                 ridgeOptimalClassError, ridgeOptimalErrorSquare; above the Bayes 0-1 error)
  classError     (probit) Bayes-optimal 0-1 test error (1/π) arccos √(q/(1+D))
  rootEvaluations (probit, --precision) high-precision q̂ integrals used by the certified root finder

Invalid input (α ≤ 0, D < 0, D = 0 for gaussian, NaN, unknown channel, results outside the Float64
range) exits with code 2.

Examples:
  lemmata theory glm --channel gaussian --alpha 2 --noise 0.1
  lemmata theory glm --channel probit --alpha 2 --noise 0 --json
  lemmata theory glm --channel gaussian --alpha log:0.1:10:40 --noise 0.1,1 --ridge-lambda 0.01 --csv
  lemmata theory glm --channel gaussian --alpha 2 --noise 0.1 --precision 40 --json`;

const MAX_PRECISION = 200;

/** One calculator result: numbers in Float64 mode, decimal strings with --precision. */
type Row = Record<string, unknown>;

/** A Float64 value for JSON (NaN never escapes: it is an internal error). */
function jnum(x: number, key: string): number | string {
  if (Number.isNaN(x)) throw new Error(`internal error: ${key} is NaN`);
  return x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : x;
}

/** Options of {@link theoryGlm} beyond the point. */
export interface TheoryGlmOptions {
  /** Significant digits of the high-precision reference (default null: Float64). */
  precision?: number | null;
  /** The flags' texts of α and the noise (exact inputs of the high-precision reference). */
  texts?: { alpha: string; noise: string };
  /** Ridge penalties (gaussian) and their texts (exact in high precision). */
  ridgeLambdas?: number[];
  ridgeTexts?: string[];
}

/** Computes the JSON record of one point (exported for tests). */
export function theoryGlm(channel: 'gaussian' | 'probit', alpha: number, D: number, opts: TheoryGlmOptions = {}): Row {
  const { precision = null } = opts;
  const texts = opts.texts;
  const base: Row = { channel, alpha, noise: D, ...(precision !== null ? { precision } : {}), units: 'nats' };
  if (precision === null) {
    const n = jnum;
    if (channel === 'gaussian') {
      const m = mmseGaussian(alpha, D);
      const mi = miGaussian(alpha, D);
      const ridge = (opts.ridgeLambdas ?? []).map((lambda) => {
        const r = ridgeReplica(alpha, lambda, plainTeacher(D));
        return { lambda, errorClean: n(r.testErrorClean, 'ridge'), errorNoisy: n(r.testErrorNoisy, 'ridge') };
      });
      const opt = ridgeReplica(alpha, D, plainTeacher(D));
      return {
        ...base,
        overlap: n(overlapGaussian(alpha, D), 'overlap'),
        mmse: n(m, 'mmse'),
        miPerDim: n(mi, 'miPerDim'),
        miPerSample: n(mi / alpha, 'miPerSample'),
        iterations: 0,
        genErrorNoisy: n(genErrorNoisyGaussian(alpha, D), 'genErrorNoisy'),
        freeEntropy: n(freeEntropyGaussian(alpha, D), 'freeEntropy'),
        ...(ridge.length ? { ridge } : {}),
        optimalLambda: D,
        ridgeOptimalErrorNoisy: n(opt.testErrorNoisy, 'ridgeOptimal'),
      };
    }
    const fp = probitFixedPoint(alpha, D);
    if (!fp.iteration.converged) throw new GlmParameterError(`probit fixed point did not converge (${fp.iteration.status}, residual ${fp.iteration.residual})`);
    const mi = probitMutualInformation({ m: fp.mmse, qhat: fp.qhat, alpha, D });
    const hNoise = Math.LN2 - (D === 0 ? Math.LN2 : probitEntropyGap(1 / D));
    const t = plainTeacher(D);
    const signRidge = (lambda: number) => {
      const r = ridgeSign(alpha, lambda, t);
      return { lambda, classError: n(r.classError, 'ridge'), errorSquare: n(r.errorSquare, 'ridge') };
    };
    const ridge = (opts.ridgeLambdas ?? []).map(signRidge);
    const opt = signRidge(ridgeSignOptimalLambda(t));
    return {
      ...base,
      overlap: n(fp.overlap, 'overlap'),
      mmse: n(fp.mmse, 'mmse'),
      miPerDim: n(mi, 'miPerDim'),
      miPerSample: n(mi / alpha, 'miPerSample'),
      iterations: fp.iteration.iterations,
      freeEntropy: n(-(mi / alpha + hNoise), 'freeEntropy'),
      classError: n(probitClassError(fp.mmse, D), 'classError'),
      ...(ridge.length ? { ridge } : {}),
      optimalLambda: n(opt.lambda, 'optimalLambda'),
      ridgeOptimalClassError: opt.classError,
      ridgeOptimalErrorSquare: opt.errorSquare,
    };
  }
  // Decimal inputs from the command-line text, so that 0.1 means one tenth exactly.
  const a = texts?.alpha ?? alpha;
  const d = texts?.noise ?? D;
  const s = (x: Decimal) => x.toPrecision(precision);
  if (channel === 'gaussian') {
    const g = gaussianChannelDecimal(a, d, { precision });
    const lambdas = opts.ridgeTexts ?? opts.ridgeLambdas ?? [];
    const ridge = lambdas.map((l) => {
      const r = ridgeReplicaDecimal(a, l, { s: 1, epsTot: 0, Delta: d }, { precision });
      const W = decimalContext({ precision: precision + GUARD_DIGITS });
      return { lambda: s(new W(l)), errorClean: s(new W(r.testErrorNoisy).minus(new W(d))), errorNoisy: s(r.testErrorNoisy) };
    });
    const opt = ridgeReplicaDecimal(a, d, { s: 1, epsTot: 0, Delta: d }, { precision });
    return {
      ...base,
      overlap: s(g.overlap),
      mmse: s(g.mmse),
      miPerDim: s(g.miPerDim),
      miPerSample: s(g.miPerSample),
      iterations: 0,
      genErrorNoisy: s(g.genErrorNoisy),
      freeEntropy: s(g.freeEntropy),
      ...(ridge.length ? { ridge } : {}),
      optimalLambda: s(new (decimalContext({ precision }))(d)),
      ridgeOptimalErrorNoisy: s(opt.testErrorNoisy),
    };
  }
  const p = probitChannelDecimal(a, d, { precision });
  const it = probitFixedPoint(alpha, D).iteration.iterations;
  const W = decimalContext({ precision: precision + GUARD_DIGITS });
  const dd = new W(d);
  const hNoise = W.ln(2).minus(dd.isZero() ? W.ln(2) : probitEntropyGapDecimal(new W(1).div(dd), precision + GUARD_DIGITS));
  const fe = new W(p.miPerSample).plus(hNoise).neg();
  // Ridge on the ±1 labels (ridgeSign.ts) with s = 1, ε_tot = 0, Δ = D: μ1 = √(2/π)/√(1 + D), then the cosine of sign(ŷ).
  const pi = W.acos(-1);
  const mu2 = new W(2).div(pi).div(dd.plus(1));
  const signRidge = (l: Decimal.Value) => {
    const lambda = new W(l);
    const r = ridgeReplicaDecimal(a, lambda, { s: mu2, epsTot: new W(1).minus(mu2), Delta: 0 }, { precision: precision + GUARD_DIGITS });
    const cos = new W(r.m).div(W.sqrt(dd.plus(1).times(r.q)));
    return { lambda: s(lambda), classError: s(W.acos(cos).div(pi)), errorSquare: s(new W(r.testErrorNoisy)) };
  };
  const ridge = (opts.ridgeTexts ?? opts.ridgeLambdas ?? []).map(signRidge);
  const opt = signRidge(new W(1).minus(mu2).div(mu2));
  return {
    ...base,
    overlap: s(p.overlap),
    mmse: s(p.mmse),
    miPerDim: s(p.miPerDim),
    miPerSample: s(p.miPerSample),
    iterations: it,
    rootEvaluations: p.evaluations,
    freeEntropy: s(fe),
    classError: s(p.classError),
    ...(ridge.length ? { ridge } : {}),
    optimalLambda: opt.lambda,
    ridgeOptimalClassError: opt.classError,
    ridgeOptimalErrorSquare: opt.errorSquare,
  };
}

const SCALAR_KEYS = ['alpha', 'noise', 'overlap', 'mmse', 'miPerDim', 'miPerSample', 'freeEntropy', 'genErrorNoisy', 'classError', 'iterations'];

function columns(rows: Row[], csv: boolean): Array<{ name: string; get: (r: Row) => unknown }> {
  const r0 = rows[0];
  const cols: Array<{ name: string; get: (r: Row) => unknown }> = SCALAR_KEYS.filter((k) => k in r0).map((k) => ({ name: k, get: (r: Row) => r[k] }));
  const probit = r0.channel === 'probit';
  ((r0.ridge as Row[] | undefined) ?? []).forEach((x, i) => {
    const at = (key: string) => (r: Row) => (r.ridge as Row[])[i][key];
    if (probit) {
      cols.push({ name: `ridgeClassError(λ=${cell(x.lambda)})`, get: at('classError') });
      if (csv) cols.push({ name: `ridgeErrorSquare(λ=${cell(x.lambda)})`, get: at('errorSquare') });
    } else {
      cols.push({ name: `ridgeNoisy(λ=${cell(x.lambda)})`, get: at('errorNoisy') });
      if (csv) cols.push({ name: `ridgeClean(λ=${cell(x.lambda)})`, get: at('errorClean') });
    }
  });
  for (const k of ['optimalLambda', probit ? 'ridgeOptimalClassError' : 'ridgeOptimalErrorNoisy', ...(csv && probit ? ['ridgeOptimalErrorSquare'] : [])]) if (k in r0) cols.push({ name: k, get: (r) => r[k] });
  return cols;
}

/** `lemmata theory glm …` (see {@link THEORY_GLM_HELP}). */
export async function theoryGlmCommand(argv: string[]): Promise<number> {
  // `--noise -1` would be read by parseArgs as a missing value: join negative numbers to their flag so that the domain check names them.
  const joined = joinNegativeValues(argv, ['alpha', 'noise', 'precision', 'ridge-lambda']);
  const { values } = parse(
    joined,
    {
      channel: { type: 'string' },
      alpha: { type: 'string' },
      noise: { type: 'string' },
      'ridge-lambda': { type: 'string' },
      precision: { type: 'string' },
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    { allowPositionals: false },
  );
  if (values.help) {
    process.stdout.write(THEORY_GLM_HELP + '\n');
    return 0;
  }
  const channel = values.channel;
  if (channel === undefined) throw new UsageError('--channel is required: gaussian or probit');
  if (channel !== 'gaussian' && channel !== 'probit') throw new UsageError(`--channel must be gaussian or probit, got '${channel}'`);
  if (values.json && values.csv) throw new UsageError('--json and --csv are exclusive');
  if (values.alpha === undefined) throw new UsageError('--alpha is required (see lemmata theory glm --help)');
  if (values.noise === undefined) throw new UsageError('--noise is required (see lemmata theory glm --help)');
  const alphas = parseAxis('alpha', values.alpha as string, { check: (x) => x > 0, domain: 'a finite number > 0' });
  const noises = parseAxis('noise', values.noise as string, { check: channel === 'probit' ? (x) => x >= 0 : (x) => x > 0, domain: `${channel === 'probit' ? 'a finite number ≥ 0' : 'a finite number > 0'}` });
  if (alphas.values.length * noises.values.length > MAX_POINTS) throw new UsageError(`the grid has ${alphas.values.length * noises.values.length} points; at most ${MAX_POINTS}`);
  const ridge = values['ridge-lambda'] === undefined ? undefined : parseAxis('ridge-lambda', values['ridge-lambda'] as string, { check: (x) => x > 0, domain: 'a finite number > 0' });
  let precision: number | null = null;
  if (values.precision !== undefined) {
    const p = Number(values.precision);
    if (!Number.isInteger(p) || p < 2 || p > MAX_PRECISION) throw new UsageError(`--precision must be an integer in [2, ${MAX_PRECISION}], got '${values.precision}'`);
    precision = p;
  }
  const rows: Row[] = [];
  try {
    alphas.values.forEach((a, i) =>
      noises.values.forEach((d, j) => rows.push(theoryGlm(channel, a, d, { precision, texts: { alpha: alphas.texts[i], noise: noises.texts[j] }, ridgeLambdas: ridge?.values, ridgeTexts: ridge?.texts }))),
    );
  } catch (e) {
    if (e instanceof GlmParameterError) throw new UsageError(e.message);
    throw e;
  }
  if (values.json) {
    process.stdout.write(JSON.stringify(rows.length === 1 ? rows[0] : rows, null, 2) + '\n');
    return 0;
  }
  if (values.csv) {
    const cols = columns(rows, true);
    process.stdout.write(toCsv(cols.map((c) => c.name), rows.map((r) => cols.map((c) => cell(c.get(r), { csv: true })))) + '\n');
    return 0;
  }
  if (rows.length > 1) {
    const cols = columns(rows, false);
    process.stdout.write(`channel ${channel}, ${rows.length} points (nats)\n` + alignedTable(cols.map((c) => c.name), rows.map((r) => cols.map((c) => cell(c.get(r))))) + '\n');
    return 0;
  }
  const row = rows[0];
  const keys = Object.keys(row).filter((k) => row[k] !== null && k !== 'ridge');
  const w = Math.max(...keys.map((k) => k.length));
  for (const k of keys) process.stdout.write(`${k.padEnd(w)}  ${cell(row[k])}\n`);
  for (const x of (row.ridge as Row[] | undefined) ?? []) {
    const what = channel === 'probit' ? `classError ${cell(x.classError)}  errorSquare ${cell(x.errorSquare)}` : `clean ${cell(x.errorClean)}  noisy ${cell(x.errorNoisy)}`;
    process.stdout.write(`${'ridge'.padEnd(w)}  λ = ${cell(x.lambda)}: ${what}\n`);
  }
  return 0;
}
