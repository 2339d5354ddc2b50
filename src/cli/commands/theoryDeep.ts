/**
 * `lemmata theory deep`: the Bayes-optimal predictions for a deep random network through its effective GLM
 * (shared/math/deep-gaussian-equivalence.md §2–5; Cui, Krzakala, Zdeborová 2023; Camilli et al. 2025), at one point
 * or over a sweep of α and Δ (the layer coefficients are computed once per sweep), with ridge, plots and overlays.
 *
 * @module
 */
import type { Decimal } from 'decimal.js';
import { Rng } from '../../core/random.ts';
import { mean, stderr } from '../../core/stats.ts';
import { renderChart, type Series } from '../../harness/plot.ts';
import { ActivationError, NonCentredActivationError, resolveActivation, type LayerActivation } from '../../models/deep/activation.ts';
import { deepClassificationReplicate } from '../../models/deep/deepClassification.ts';
import { deepRegressionReplicate } from '../../models/deep/deepRegression.ts';
import { deepTheoryDecimalFromGlm, deepTheoryFromGlm, NO_SIGNAL_SENTENCE, type DeepChannel, type DeepTheory, type DeepTheoryDecimal } from '../../models/deep/deepTheory.ts';
import { ArchitectureError, effectiveGlm, effectiveGlmDecimal, type DeepArchitecture, type EffectiveGlm, type EffectiveGlmDecimal } from '../../models/deep/effectiveGlm.ts';
import { VarianceError } from '../../models/deep/layerCoefficients.ts';
import { PITFALLS } from '../../models/deep/pitfalls.ts';
import { GlmParameterError, mmseGaussian } from '../../models/glm/gaussianChannel.ts';
import { probitFixedPoint } from '../../models/glm/probitChannel.ts';
import { GUARD_DIGITS } from '../../reference/decimal.ts';
import { parse } from '../args.ts';
import { UsageError } from '../usageError.ts';
import { alignedTable, cell, joinNegativeValues, parseAxis, parseMonteCarlo, toCsv, writePlot, type Axis, type MonteCarloSpec } from './theorySweep.ts';

export const THEORY_DEEP_HELP = `lemmata theory deep --act EXPR [--act EXPR ...] --alpha A --noise DELTA [options]

Bayes-optimal learning of a deep random network in the proportional regime, through its effective
generalized linear model (deep Gaussian equivalence: Cui, Krzakala, Zdeborová, ICML 2023, arXiv
2302.00375; proved by Camilli, Tieplova, Bergamin, Barbier, COLT 2025, arXiv 2505.03577).

Teacher: x ~ N(0, I_d); X^(l) = φ_l(W^(l) X^(l-1)/√d_(l-1)), W^(l) entries N(0, σ_l²); S = a·X^(L)/√d_L,
a ~ N(0, σ_a² I); Y = S + √Δ Z (gaussian) or Y = sign(S + √Δ Z) (sign); n = αd samples.
Per layer (h ~ N(0, r_l), r_l = σ_l² q_(l-1), q_0 = 1): κ0 = E φ(h), κ1 = E[hφ(h)]/r_l, q = E φ(h)²,
ε = q − κ0² − r_l κ1². Effective GLM: s = σ_a² Π σ_l² κ1_l², ε_tot = σ_a² Σ_l ε_l Π_(j>l) σ_j² κ1_j²,
D = (ε_tot + Δ)/s. The widths γ_l = d_l/d do not enter the limit.

Options:
  --act EXPR            activation of one hidden layer, from the input up (repeat per layer): linear,
                        tanh, erf, sign, relu, crelu (centred ReLU), or an expression in x such as
                        'tanh(2*x)' (mathjs syntax; functions abs sign max min sqrt cbrt exp expm1 log
                        log1p sin cos tan atan sinh cosh tanh asinh erf erfc, constants pi e). φ must
                        be finite on the whole line and square-integrable under each layer's Gaussian
                        (checked by a scan of its tail; refused otherwise). Activations must be centred.
  --center              centre every layer: use φ − E φ(h) at the layer's variance r_l
  --widths G1,G2,...    width ratios γ_l = d_l/d (default 1 each; they do not change the result)
  --weight-var V1,...   σ_l² per layer (default 1 each)
  --readout-var V       σ_a² (default 1)
  --alpha A             sample ratio n/d > 0 (required): a value, a list A,B,C, a range lo:hi:n
                        (n linear points) or log:lo:hi:n (n geometric points)
  --noise DELTA         label-noise variance Δ ≥ 0 (required): a value, list or range as --alpha;
                        with both a sweep, the grid is their product
  --channel C           gaussian (default) or sign
  --ridge-lambda L      ridge test errors at penalty λ = L (a value, list or range), from Cui et al.
                        eqs. 19–20; the optimal λ and its errors are always reported. On the sign
                        channel ridge fits the ±1 labels and is judged by the 0-1 error of sign(ŷ)
  --precision DIGITS    evaluate in decimal.js with DIGITS significant digits (2..100); numbers are
                        printed as decimal strings with that many digits (seconds per layer)
  --json                JSON: one object for one point, an array of such objects for a sweep
  --csv                 CSV, one row per point
  --plot FILE           draw the errors against α (or Δ when only Δ varies) into FILE.svg or FILE.html:
                        the Bayes-optimal error, ridge at each --ridge-lambda, ridge at the optimal λ
  --compare NAME        (with --plot, repeatable) overlay a wrong convention: coefficients-at-unit-variance,
                        unattenuated-eps, kappa1-unsquared, noisy-label-error
  --monte-carlo SPEC    (with --plot) finite-d points from the D6/D7 samplers, SPEC = d=128,R=20[,seed=1]:
                        mean ± standard error over R replicates at each α (ridge at λ = D on deep-teacher
                        data, clean error; sign channel: Bayes-optimal GAMP, 0-1 error)
  -h, --help            this text

Output (JSON keys; infinite values are the string "Infinity", never null):
  layers          [{centred, r, kappa0, kappa1, q, eps, center}] per hidden layer (centred: the layer
                  subtracts center = E φ(h); the text table marks it)
  s, epsTot, D    the effective GLM (outputVar = σ_a² q_L = s + ε_tot)
  overlap, mmse   q and m = 1 − q of the effective GLM (Gaussian closed form, or probit fixed point)
  genErrorClean   E(S − ŷ)² = s·m + ε_tot, the Bayes-optimal error on the noiseless readout
  genErrorNoisy   (gaussian) E(Y − ŷ)² = genErrorClean + Δ
  classError      (sign) 0-1 error on the labels (1/π) arccos √(s q/(s + ε_tot + Δ))
  classErrorClean (sign) 0-1 error against sign(S), free of label flips: (1/π) arccos √(s q/(s + ε_tot))
  miPerSample     lim (1/n) I(θ; Y | X), the information the labels carry about all the network's
                  weights θ, in nats:
                    gaussian  i_GLM(α, D)/α + ½ log(1 + ε_tot/Δ)      (∞ at Δ = 0)
                    sign      i_GLM(α, D)/α + E h2(Φ(u/√D)) − E h2(Φ(S/√Δ)), u ~ N(0,1),
                              S ~ N(0, σ_a² q_L); the last term is 0 at Δ = 0 (finite, ≤ ln 2)
  glmMiPerSample  lim (1/n) I(v; Y | X) of the effective GLM = i_GLM(α, D)/α (the information about v
                  only; it drops the term that ζ, a function of θ in the deep network, contributes)
  freeEntropy     lim (1/n) E ln p(Y | X) = −H(Y|X)/n, shared by the network and its effective GLM:
                    gaussian  −i_GLM/α − ½ log(2πe(ε_tot + Δ))   (a density)
                    sign      −i_GLM/α − E h2(Φ(u/√D))              (a probability)
  ridge           (gaussian) [{lambda, errorClean, errorNoisy}] at each --ridge-lambda
                  (sign) [{lambda, classError, classErrorClean, errorSquare}]: ridge on the ±1 labels,
                  which acts as on a linear teacher with μ1 = √(2/π)·√(s/(s + ε_tot + Δ)); 0-1 errors
                  of sign(ŷ) on the labels and against sign(S), square loss on the labels
  optimalLambda   argmin_λ of the ridge error: D (gaussian; ridgeOptimalErrorClean/-Noisy, equal to the
                  Bayes-optimal ones: ridge at λ = D is the GLM posterior mean), (1 − μ1²)/μ1² (sign;
                  ridgeOptimalClassError/-ClassErrorClean/-ErrorSquare, above the Bayes 0-1 error)
  notes           sentences on edge cases, e.g. s = 0 (κ1 = 0 in a layer: no linear signal, D = ∞)

With κ1 = 0 in some layer (e.g. x^3 - 3*x), or s ≤ 1e-20·σ_a² q_L (Float64; 10^-(2P+10) with --precision),
s is printed as 0 and D as ∞: the effective GLM is pure noise and the error is the prior variance.

Invalid input (unparsable or non-whitelisted expression, an activation that is not finite on the line
or not square-integrable, non-centred activation, α ≤ 0, Δ < 0, widths or weight variances not matching
the number of layers, results outside the Float64 range) exits with code 2.

Examples:
  lemmata theory deep --act 'tanh(2*x)' --act 'tanh(2*x)' --widths 1.4,1.4 --alpha 2 --noise 0.1
  lemmata theory deep --act erf --act erf --act erf --alpha log:0.1:10:50 --noise 0.1 --csv
  lemmata theory deep --act 'tanh(2*x)' --act 'tanh(2*x)' --alpha 0.1:6:60 --noise 0.1 \\
      --ridge-lambda 0.01,1 --plot fig.svg --compare coefficients-at-unit-variance --monte-carlo d=128,R=10
  lemmata theory deep --act relu --center --alpha 2 --noise 0 --channel sign`;

const MAX_PRECISION = 100;

function numberList(name: string, text: string | undefined, L: number): number[] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(',').map((t) => t.trim());
  if (parts.length !== L) throw new UsageError(`--${name} has ${parts.length} entr${parts.length === 1 ? 'y' : 'ies'} but there ${L === 1 ? 'is 1 layer' : `are ${L} layers`} (one --act per layer)`);
  return parts.map((t, i) => {
    const x = Number(t);
    if (t === '' || !Number.isFinite(x) || !(x > 0)) throw new UsageError(`--${name} entry ${i + 1} must be a finite number > 0, got '${t}'`);
    return x;
  });
}

function scalar(name: string, text: string | undefined, ok: (x: number) => boolean, domain: string, required: boolean): number | undefined {
  if (text === undefined) {
    if (required) throw new UsageError(`--${name} is required (see lemmata theory deep --help)`);
    return undefined;
  }
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || !ok(x)) throw new UsageError(`--${name} must be ${domain}, got '${text}'`);
  return x;
}

type Json = Record<string, unknown>;

/** Options of {@link theoryDeep} (one point). */
export interface TheoryDeepOptions {
  acts: string[];
  center?: boolean;
  widths?: number[];
  weightVars?: number[];
  readoutVar?: number;
  alpha: number;
  noise: number;
  channel?: DeepChannel;
  precision?: number | null;
  /** The command-line texts of α and Δ (used exactly in high precision). */
  texts?: { alpha: string; noise: string };
  /** Ridge penalties (gaussian channel) and their texts. */
  ridgeLambdas?: number[];
  ridgeTexts?: string[];
  /** The command-line texts of σ_l² and σ_a² (used exactly in high precision). */
  weightVarTexts?: string[];
  readoutVarText?: string;
}

/** Options of {@link theoryDeepSweep}: the architecture and channel of {@link TheoryDeepOptions}, and the axes. */
export interface TheoryDeepSweepOptions extends Omit<TheoryDeepOptions, 'alpha' | 'noise' | 'texts'> {
  alphas: Axis;
  noises: Axis;
}

/** Maps the model's input errors to usage errors (exit 2) naming the flag where one is known. */
function asUsage<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ActivationError) throw new UsageError(`--act: ${e.message}`);
    if (e instanceof NonCentredActivationError || e instanceof ArchitectureError || e instanceof VarianceError || e instanceof GlmParameterError || e instanceof RangeError) {
      throw new UsageError(e.message);
    }
    throw e;
  }
}

/** A prepared sweep: the architecture and its effective GLM, computed once. */
interface Prepared {
  o: TheoryDeepSweepOptions;
  arch: DeepArchitecture;
  layers: LayerActivation[];
  channel: DeepChannel;
  glm?: EffectiveGlm;
  glmDecimal?: EffectiveGlmDecimal;
}

function prepare(o: TheoryDeepSweepOptions): Prepared {
  if (o.acts.length === 0) throw new UsageError('at least one --act is required (one per hidden layer)');
  const layers = asUsage(() => o.acts.map((a) => resolveActivation(a, { center: o.center ?? false })));
  const exact = o.weightVarTexts || o.readoutVarText !== undefined ? { exact: { ...(o.weightVarTexts ? { weightVars: o.weightVarTexts } : {}), ...(o.readoutVarText !== undefined ? { readoutVar: o.readoutVarText } : {}) } } : {};
  const arch: DeepArchitecture = { layers, widths: o.widths, weightVars: o.weightVars, readoutVar: o.readoutVar, ...exact };
  const channel = o.channel ?? 'gaussian';
  const P = o.precision ?? null;
  if (P === null) return { o, arch, layers, channel, glm: asUsage(() => effectiveGlm(arch)) };
  return { o, arch, layers, channel, glmDecimal: asUsage(() => effectiveGlmDecimal(arch, { precision: P + GUARD_DIGITS })) };
}

/** A Float64 result as JSON: Infinity as the string "Infinity"; NaN is an internal error (never printed). */
function jnum(x: number, key: string): number | string {
  if (Number.isNaN(x)) throw new Error(`internal error: ${key} is NaN`);
  return x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : x;
}

function notesOf(linearSignal: boolean, channel: DeepChannel, delta: number): string[] {
  const notes: string[] = [];
  if (!linearSignal) notes.push(NO_SIGNAL_SENTENCE);
  if (channel === 'gaussian' && delta === 0) notes.push('miPerSample = ∞: with Δ = 0 the real-valued labels are a deterministic function of θ, so I(θ; Y | X) is infinite; glmMiPerSample and freeEntropy are finite.');
  return notes;
}

function row(p: Prepared, alpha: number, alphaText: string, noise: number, noiseText: string): Json {
  const { o, channel } = p;
  const head = { activations: o.acts, channel, alpha, noise };
  if (p.glm) {
    const g = p.glm;
    const t: DeepTheory = asUsage(() => deepTheoryFromGlm(g, { alpha, delta: noise, channel, ridgeLambdas: o.ridgeLambdas }));
    const n = jnum;
    const out: Json = {
      ...head,
      layers: t.layers.map((c, i) => ({ centred: p.layers[i].center, r: n(c.r, 'r'), kappa0: n(c.kappa0, 'kappa0'), kappa1: n(c.kappa1, 'kappa1'), q: n(c.q, 'q'), eps: n(c.eps, 'eps'), ...(p.layers[i].center ? { center: n(c.center, 'center') } : {}) })),
      s: n(t.s, 's'),
      epsTot: n(t.epsTot, 'epsTot'),
      outputVar: n(t.outputVar, 'outputVar'),
      D: n(t.D, 'D'),
      overlap: n(t.overlap, 'overlap'),
      mmse: n(t.mmse, 'mmse'),
      genErrorClean: n(t.genErrorClean, 'genErrorClean'),
      ...(t.genErrorNoisy !== undefined ? { genErrorNoisy: n(t.genErrorNoisy, 'genErrorNoisy') } : {}),
      ...(t.classError !== undefined ? { classError: n(t.classError, 'classError'), classErrorClean: n(t.classErrorClean as number, 'classErrorClean') } : {}),
      miPerSample: n(t.miPerSample, 'miPerSample'),
      glmMiPerSample: n(t.glmMiPerSample, 'glmMiPerSample'),
      freeEntropy: n(t.freeEntropy, 'freeEntropy'),
      ...(channel === 'gaussian'
        ? {
            ...(t.ridge?.length ? { ridge: t.ridge.map((r) => ({ lambda: n(r.lambda, 'lambda'), errorClean: n(r.errorClean, 'ridge'), errorNoisy: n(r.errorNoisy, 'ridge') })) } : {}),
            optimalLambda: n(t.optimalLambda as number, 'optimalLambda'),
            ridgeOptimalErrorClean: n(t.ridgeOptimal?.errorClean as number, 'ridgeOptimal'),
            ridgeOptimalErrorNoisy: n(t.ridgeOptimal?.errorNoisy as number, 'ridgeOptimal'),
          }
        : {
            ...(t.ridgeSign?.length ? { ridge: t.ridgeSign.map((r) => ({ lambda: n(r.lambda, 'lambda'), classError: n(r.classError, 'ridge'), classErrorClean: n(r.classErrorClean, 'ridge'), errorSquare: n(r.errorSquare, 'ridge') })) } : {}),
            optimalLambda: n(t.optimalLambda as number, 'optimalLambda'),
            ridgeOptimalClassError: n(t.ridgeSignOptimal?.classError as number, 'ridgeOptimal'),
            ridgeOptimalClassErrorClean: n(t.ridgeSignOptimal?.classErrorClean as number, 'ridgeOptimal'),
            ridgeOptimalErrorSquare: n(t.ridgeSignOptimal?.errorSquare as number, 'ridgeOptimal'),
          }),
      units: 'nats',
    };
    const notes = notesOf(t.linearSignal, channel, noise);
    return notes.length ? { ...out, notes } : out;
  }
  const P = o.precision as number;
  const g = p.glmDecimal as EffectiveGlmDecimal;
  const t: DeepTheoryDecimal = asUsage(() => deepTheoryDecimalFromGlm(g, { alpha: alphaText, delta: noiseText, channel, ridgeLambdas: o.ridgeTexts ?? o.ridgeLambdas }, { precision: P }));
  const s = (x: Decimal) => (x.isZero() ? '0' : x.isFinite() ? x.toPrecision(P) : x.toString());
  const out: Json = {
    ...head,
    precision: P,
    layers: t.layers.map((c, i) => ({ centred: p.layers[i].center, r: s(c.r), kappa0: s(c.kappa0), kappa1: s(c.kappa1), q: s(c.q), eps: s(c.eps), ...(p.layers[i].center ? { center: s(c.center) } : {}) })),
    s: s(t.s),
    epsTot: s(t.epsTot),
    outputVar: s(t.outputVar),
    D: s(t.D),
    overlap: s(t.overlap),
    mmse: s(t.mmse),
    genErrorClean: s(t.genErrorClean),
    ...(t.genErrorNoisy !== undefined ? { genErrorNoisy: s(t.genErrorNoisy) } : {}),
    ...(t.classError !== undefined ? { classError: s(t.classError), classErrorClean: s(t.classErrorClean as Decimal) } : {}),
    miPerSample: s(t.miPerSample),
    glmMiPerSample: s(t.glmMiPerSample),
    freeEntropy: s(t.freeEntropy),
    ...(channel === 'gaussian'
      ? {
          ...(t.ridge?.length ? { ridge: t.ridge.map((r) => ({ lambda: s(r.lambda), errorClean: s(r.errorClean), errorNoisy: s(r.errorNoisy) })) } : {}),
          optimalLambda: s(t.optimalLambda as Decimal),
          ridgeOptimalErrorClean: s((t.ridgeOptimal as { errorClean: Decimal }).errorClean),
          ridgeOptimalErrorNoisy: s((t.ridgeOptimal as { errorNoisy: Decimal }).errorNoisy),
        }
      : {
          ...(t.ridgeSign?.length ? { ridge: t.ridgeSign.map((r) => ({ lambda: s(r.lambda), classError: s(r.classError), classErrorClean: s(r.classErrorClean), errorSquare: s(r.errorSquare) })) } : {}),
          optimalLambda: s(t.optimalLambda as Decimal),
          ridgeOptimalClassError: s((t.ridgeSignOptimal as { classError: Decimal }).classError),
          ridgeOptimalClassErrorClean: s((t.ridgeSignOptimal as { classErrorClean: Decimal }).classErrorClean),
          ridgeOptimalErrorSquare: s((t.ridgeSignOptimal as { errorSquare: Decimal }).errorSquare),
        }),
    units: 'nats',
  };
  const notes = notesOf(t.linearSignal, channel, noise);
  return notes.length ? { ...out, notes } : out;
}

/**
 * The JSON record of `lemmata theory deep` at one point (exported for tests). Throws {@link UsageError} for invalid input.
 */
export function theoryDeep(o: TheoryDeepOptions): Json {
  const texts = o.texts ?? { alpha: String(o.alpha), noise: String(o.noise) };
  return theoryDeepSweep({ ...o, alphas: { values: [o.alpha], texts: [texts.alpha], log: false }, noises: { values: [o.noise], texts: [texts.noise], log: false } })[0];
}

/**
 * The records of a sweep: one per (α, Δ) of the product grid, α outer, with the coefficients computed once. A
 * single point is a sweep of one (so both print the same digits).
 */
export function theoryDeepSweep(o: TheoryDeepSweepOptions): Json[] {
  const p = prepare(o);
  const rows: Json[] = [];
  o.alphas.values.forEach((a, i) => o.noises.values.forEach((d, j) => rows.push(row(p, a, o.alphas.texts[i], d, o.noises.texts[j]))));
  return rows;
}

/** Scalar columns of the sweep table / CSV (in this order), present when the row has them. */
function columns(rows: Json[], csv: boolean): Array<{ name: string; get: (r: Json) => unknown }> {
  const r0 = rows[0];
  const cols: Array<{ name: string; get: (r: Json) => unknown }> = [];
  const keys = ['alpha', 'noise', ...(csv ? ['s', 'epsTot'] : []), 'D', 'overlap', 'mmse', 'genErrorClean', 'genErrorNoisy', 'classError', 'classErrorClean', 'miPerSample', 'glmMiPerSample', 'freeEntropy'];
  for (const k of keys) if (k in r0) cols.push({ name: k, get: (r) => r[k] });
  const ridge = (r0.ridge as Json[] | undefined) ?? [];
  const sign = r0.channel === 'sign';
  ridge.forEach((x, i) => {
    const at = (key: string) => (r: Json) => (r.ridge as Json[])[i][key];
    if (sign) {
      cols.push({ name: `ridgeClassError(λ=${cell(x.lambda)})`, get: at('classError') });
      if (csv) cols.push({ name: `ridgeClassErrorClean(λ=${cell(x.lambda)})`, get: at('classErrorClean') }, { name: `ridgeErrorSquare(λ=${cell(x.lambda)})`, get: at('errorSquare') });
    } else {
      cols.push({ name: `ridgeClean(λ=${cell(x.lambda)})`, get: at('errorClean') });
      if (csv) cols.push({ name: `ridgeNoisy(λ=${cell(x.lambda)})`, get: at('errorNoisy') });
    }
  });
  const opt = sign ? ['optimalLambda', 'ridgeOptimalClassError', ...(csv ? ['ridgeOptimalClassErrorClean', 'ridgeOptimalErrorSquare'] : [])] : ['optimalLambda', 'ridgeOptimalErrorClean', ...(csv ? ['ridgeOptimalErrorNoisy'] : [])];
  for (const k of opt) if (k in r0) cols.push({ name: k, get: (r) => r[k] });
  return cols;
}

function layerTable(r: Json): string {
  const layers = r.layers as Json[];
  return alignedTable(
    ['layer', 'centred', 'r', 'kappa1', 'q', 'eps', 'center'],
    layers.map((c, i) => [String(i + 1), c.centred ? 'yes' : 'no', cell(c.r), cell(c.kappa1), cell(c.q), cell(c.eps), c.centred ? cell(c.center) : '']),
  );
}

/** The text output of one point: header, layer table, key/value lines, ridge lines, notes. */
export function formatPoint(r: Json): string {
  const out: string[] = [];
  out.push(`activations    ${(r.activations as string[]).join(' → ')}  (channel ${String(r.channel)}, α = ${String(r.alpha)}, Δ = ${String(r.noise)})`);
  out.push(layerTable(r));
  for (const k of ['s', 'epsTot', 'outputVar', 'D', 'overlap', 'mmse', 'genErrorClean', 'genErrorNoisy', 'classError', 'classErrorClean', 'miPerSample', 'glmMiPerSample', 'freeEntropy']) {
    if (r[k] !== undefined) out.push(`${k.padEnd(15)} ${cell(r[k])}`);
  }
  const sign = r.channel === 'sign';
  for (const x of (r.ridge as Json[] | undefined) ?? []) {
    out.push(`${`ridge λ=${cell(x.lambda)}`.padEnd(15)} ${sign ? `classError ${cell(x.classError)}  classErrorClean ${cell(x.classErrorClean)}  errorSquare ${cell(x.errorSquare)}` : `clean ${cell(x.errorClean)}  noisy ${cell(x.errorNoisy)}`}`);
  }
  if (r.optimalLambda !== undefined) {
    out.push(`${'optimalLambda'.padEnd(15)} ${cell(r.optimalLambda)}  (ridge there: ${sign ? `classError ${cell(r.ridgeOptimalClassError)}  classErrorClean ${cell(r.ridgeOptimalClassErrorClean)}  errorSquare ${cell(r.ridgeOptimalErrorSquare)}` : `clean ${cell(r.ridgeOptimalErrorClean)}  noisy ${cell(r.ridgeOptimalErrorNoisy)}`})`);
  }
  for (const n of (r.notes as string[] | undefined) ?? []) out.push(`note: ${n}`);
  return out.join('\n');
}

/** The text output of a sweep: header, layer table and the effective GLM once, then one aligned row per point. */
export function formatSweep(rows: Json[]): string {
  const r0 = rows[0];
  const out: string[] = [];
  out.push(`activations    ${(r0.activations as string[]).join(' → ')}  (channel ${String(r0.channel)}, ${rows.length} points)`);
  out.push(layerTable(r0));
  out.push(`s ${cell(r0.s)}   epsTot ${cell(r0.epsTot)}   outputVar ${cell(r0.outputVar)}`);
  const cols = columns(rows, false);
  out.push(alignedTable(cols.map((c) => c.name), rows.map((r) => cols.map((c) => cell(c.get(r))))));
  const notes = new Set<string>();
  for (const r of rows) for (const n of (r.notes as string[] | undefined) ?? []) notes.add(n);
  for (const n of notes) out.push(`note: ${n}`);
  return out.join('\n');
}

/** CSV of a sweep (one row per point). */
export function formatCsv(rows: Json[]): string {
  const cols = columns(rows, true);
  return toCsv(cols.map((c) => c.name), rows.map((r) => cols.map((c) => cell(c.get(r), { csv: true }))));
}

/** Options of {@link deepPlot}. */
export interface DeepPlotOptions {
  compare?: string[];
  monteCarlo?: MonteCarloSpec;
  /** Progress lines (Monte Carlo takes seconds per point). */
  progress?: (line: string) => void;
}

/**
 * The chart of a sweep: against α (or Δ when only Δ varies), the Bayes-optimal error (clean E(S − ŷ)², or the 0-1
 * error for the sign channel), ridge at each λ and at the optimal λ, the requested pitfalls, and Monte Carlo points.
 */
export function deepPlot(o: TheoryDeepSweepOptions, rows: Json[], opts: DeepPlotOptions = {}): { svg: string; title: string } {
  const channel = o.channel ?? 'gaussian';
  const byAlpha = o.alphas.values.length > 1;
  if (!byAlpha && o.noises.values.length < 2) throw new UsageError('--plot needs a sweep: give --alpha or --noise as a list or range');
  const xKey = byAlpha ? 'alpha' : 'noise';
  const groupKey = byAlpha ? 'noise' : 'alpha';
  const groups = byAlpha ? o.noises : o.alphas;
  const yKey = channel === 'sign' ? 'classError' : 'genErrorClean';
  const tag = (g: number) => (groups.values.length > 1 ? ` (${byAlpha ? 'Δ' : 'α'} = ${g})` : '');
  const series: Series[] = [];
  const num = (v: unknown) => Number(v);
  for (const gv of groups.values) {
    const rs = rows.filter((r) => r[groupKey] === gv);
    series.push({ label: `Bayes-optimal${tag(gv)}`, points: rs.map((r) => ({ x: num(r[xKey]), y: num(r[yKey]) })), line: true });
    const ridge = (rs[0].ridge as Json[] | undefined) ?? [];
    const rk = channel === 'sign' ? 'classError' : 'errorClean';
    ridge.forEach((x, i) => series.push({ label: `ridge λ = ${cell(x.lambda)}${tag(gv)}`, points: rs.map((r) => ({ x: num(r[xKey]), y: num((r.ridge as Json[])[i][rk]) })), line: true }));
    if (channel === 'gaussian') series.push({ label: `ridge at optimal λ = D${tag(gv)}`, points: rs.map((r) => ({ x: num(r[xKey]), y: num(r.ridgeOptimalErrorClean) })), line: true, dashed: true });
    else series.push({ label: `ridge at optimal λ = (1 − μ1²)/μ1²${tag(gv)}`, points: rs.map((r) => ({ x: num(r[xKey]), y: num(r.ridgeOptimalClassError) })), line: true, dashed: true });
  }
  const arch = prepare({ ...o, precision: null }).arch;
  for (const name of opts.compare ?? []) {
    const pit = PITFALLS[name];
    if (!pit) throw new UsageError(`--compare: unknown pitfall '${name}' (known: ${Object.keys(PITFALLS).join(', ')})`);
    const g = asUsage(() => pit.effective(arch));
    for (const gv of groups.values) {
      const pts = (byAlpha ? o.alphas.values : o.noises.values).map((xv) => {
        const alpha = byAlpha ? xv : gv;
        const delta = byAlpha ? gv : xv;
        const D = (g.epsTot + delta) / g.s;
        let y: number;
        if (channel === 'sign') {
          const m = probitFixedPoint(alpha, D).mmse;
          y = Math.asin(Math.sqrt((m + D) / (1 + D))) / Math.PI;
        } else y = g.s * mmseGaussian(alpha, D) + g.epsTot + (pit.noisyAsClean ? delta : 0);
        return { x: xv, y };
      });
      series.push({ label: `wrong: ${name}${tag(gv)}`, points: pts, line: true, dashed: true });
    }
  }
  if (opts.monteCarlo) {
    const mc = opts.monteCarlo;
    const g = effectiveGlm(arch);
    for (const gv of groups.values) {
      const pts: Array<{ x: number; y: number; err: number }> = [];
      for (const xv of byAlpha ? o.alphas.values : o.noises.values) {
        const alpha = byAlpha ? xv : gv;
        const delta = byAlpha ? gv : xv;
        const D = (g.epsTot + delta) / g.s;
        if (!(D > 0 && Number.isFinite(D))) continue;
        const vals: number[] = [];
        for (let k = 0; k < mc.R; k++) {
          const rng = Rng.stream(mc.seed, 'theory-deep-mc', alpha, delta, k);
          vals.push(channel === 'sign' ? deepClassificationReplicate({ arch, d: mc.d, alpha, delta, D, testRatio: 2 }, rng).error : deepRegressionReplicate({ arch, d: mc.d, alpha, delta, s: g.s, D, testRatio: 2 }, rng).clean);
        }
        pts.push({ x: xv, y: mean(vals), err: stderr(vals) });
        opts.progress?.(`monte carlo: ${byAlpha ? 'α' : 'Δ'} = ${xv}: ${mean(vals).toPrecision(4)} ± ${stderr(vals).toPrecision(2)} (d = ${mc.d}, R = ${mc.R})`);
      }
      series.push({ label: `Monte Carlo d = ${mc.d}, R = ${mc.R} (± 1 s.e.)${tag(gv)}`, points: pts, line: false });
    }
  }
  const title = `${o.acts.join(' → ')} (${channel} channel${groups.values.length === 1 ? `, ${byAlpha ? 'Δ' : 'α'} = ${groups.values[0]}` : ''})`;
  const yLabel = channel === 'sign' ? '0-1 test error' : 'clean test error E(S − ŷ)²';
  const axis = byAlpha ? o.alphas : o.noises;
  // renderChart grows the canvas for a long title or legend, so no entry is clipped.
  const svg = renderChart(series, { title, xLabel: byAlpha ? 'α = n/d' : 'Δ (label-noise variance)', yLabel, logX: axis.log });
  return { svg, title };
}

/** `lemmata theory deep …` (see {@link THEORY_DEEP_HELP}). */
export async function theoryDeepCommand(argv: string[]): Promise<number> {
  const joined = joinNegativeValues(argv, ['alpha', 'noise', 'precision', 'readout-var', 'weight-var', 'widths', 'act', 'ridge-lambda']);
  const { values } = parse(
    joined,
    {
      act: { type: 'string', multiple: true },
      center: { type: 'boolean' },
      widths: { type: 'string' },
      'weight-var': { type: 'string' },
      'readout-var': { type: 'string' },
      alpha: { type: 'string' },
      noise: { type: 'string' },
      channel: { type: 'string' },
      'ridge-lambda': { type: 'string' },
      precision: { type: 'string' },
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
      plot: { type: 'string' },
      compare: { type: 'string', multiple: true },
      'monte-carlo': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    { allowPositionals: false },
  );
  if (values.help) {
    process.stdout.write(THEORY_DEEP_HELP + '\n');
    return 0;
  }
  const acts = (values.act as string[] | undefined) ?? [];
  if (acts.length === 0) throw new UsageError('at least one --act is required (one per hidden layer, from the input up)');
  const L = acts.length;
  const channel = (values.channel as string | undefined) ?? 'gaussian';
  if (channel !== 'gaussian' && channel !== 'sign') throw new UsageError(`--channel must be gaussian or sign, got '${channel}'`);
  if (values.json && values.csv) throw new UsageError('--json and --csv are exclusive');
  if (values.alpha === undefined) throw new UsageError('--alpha is required (see lemmata theory deep --help)');
  if (values.noise === undefined) throw new UsageError('--noise is required (see lemmata theory deep --help)');
  const alphas = parseAxis('alpha', values.alpha as string, { check: (x) => x > 0, domain: 'a finite number > 0' });
  const noises = parseAxis('noise', values.noise as string, { check: (x) => x >= 0, domain: 'a finite number ≥ 0 (a variance)' });
  if (alphas.values.length * noises.values.length > 100_000) throw new UsageError(`the grid has ${alphas.values.length * noises.values.length} points; at most 100000`);
  const ridge = values['ridge-lambda'] === undefined ? undefined : parseAxis('ridge-lambda', values['ridge-lambda'] as string, { check: (x) => x > 0, domain: 'a finite number > 0' });
  const readoutVar = scalar('readout-var', values['readout-var'] as string | undefined, (x) => x > 0, 'a finite number > 0', false);
  const precision = scalar('precision', values.precision as string | undefined, (x) => Number.isInteger(x) && x >= 2 && x <= MAX_PRECISION, `an integer in [2, ${MAX_PRECISION}]`, false);
  if ((values.compare || values['monte-carlo']) && values.plot === undefined) throw new UsageError('--compare and --monte-carlo draw on a plot: give --plot FILE.svg');
  const mc = values['monte-carlo'] === undefined ? undefined : parseMonteCarlo(values['monte-carlo'] as string);
  const o: TheoryDeepSweepOptions = {
    acts,
    center: values.center as boolean | undefined,
    widths: numberList('widths', values.widths as string | undefined, L),
    weightVars: numberList('weight-var', values['weight-var'] as string | undefined, L),
    readoutVar,
    weightVarTexts: (values['weight-var'] as string | undefined)?.split(',').map((t) => t.trim()),
    readoutVarText: (values['readout-var'] as string | undefined)?.trim(),
    channel,
    precision: precision ?? null,
    ridgeLambdas: ridge?.values,
    ridgeTexts: ridge?.texts,
    alphas,
    noises,
  };
  const rows = theoryDeepSweep(o);
  if (values.plot !== undefined) {
    const { svg, title } = deepPlot(o, rows, { compare: values.compare as string[] | undefined, monteCarlo: mc, progress: (l) => process.stderr.write(l + '\n') });
    writePlot(values.plot as string, svg, title);
  }
  const single = rows.length === 1;
  if (values.json) process.stdout.write(JSON.stringify(single ? rows[0] : rows, null, 2) + '\n');
  else if (values.csv) process.stdout.write(formatCsv(rows) + '\n');
  else process.stdout.write((single ? formatPoint(rows[0]) : formatSweep(rows)) + '\n');
  return 0;
}
