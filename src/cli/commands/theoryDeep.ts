/**
 * `lemmata theory deep`: the Bayes-optimal predictions for a deep random network through its effective GLM
 * (shared/math/deep-gaussian-equivalence.md §2–5; Cui, Krzakala, Zdeborová 2023; Camilli et al. 2025).
 *
 * @module
 */
import type { Decimal } from 'decimal.js';
import { ActivationError, NonCentredActivationError, resolveActivation, type LayerActivation } from '../../models/deep/activation.ts';
import { deepTheory, deepTheoryDecimal, type DeepChannel } from '../../models/deep/deepTheory.ts';
import { ArchitectureError, type DeepArchitecture } from '../../models/deep/effectiveGlm.ts';
import { VarianceError } from '../../models/deep/layerCoefficients.ts';
import { GlmParameterError } from '../../models/glm/gaussianChannel.ts';
import { parse } from '../args.ts';
import { UsageError } from '../usageError.ts';

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
                        'tanh(2*x)' (mathjs syntax). Activations must be centred (E φ(h) = 0).
  --center              centre every layer: use φ − E φ(h) at the layer's variance r_l
  --widths G1,G2,...    width ratios γ_l = d_l/d (default 1 each; they do not change the result)
  --weight-var V1,...   σ_l² per layer (default 1 each)
  --readout-var V       σ_a² (default 1)
  --alpha A             sample ratio n/d > 0 (required)
  --noise DELTA         label-noise variance Δ ≥ 0 (required)
  --channel C           gaussian (default) or sign
  --precision DIGITS    evaluate in decimal.js with DIGITS significant digits (2..100); numbers are
                        printed as decimal strings with that many digits (slow: seconds per layer)
  --json                one JSON object on stdout
  -h, --help            this text

Output (JSON keys):
  layers          [{r, kappa0, kappa1, q, eps}] per hidden layer (and center, the constant subtracted)
  s, epsTot, D    the effective GLM
  overlap, mmse   q = 1 − m and m of the effective GLM (Gaussian closed form, or probit fixed point)
  genErrorClean   E(S − ŷ)² = s·m + ε_tot          genErrorNoisy  genErrorClean + Δ
  miPerSample     lim (1/n) I(θ; Y | X) in nats (only when Δ > 0; infinite for Δ = 0)
  classError      (sign) 0-1 error (1/π) arccos √(s q/(s + ε_tot + Δ))

Invalid input (unparsable expression, non-centred activation, α ≤ 0, Δ < 0, widths or weight
variances not matching the number of layers) exits with code 2.

Examples:
  lemmata theory deep --act 'tanh(2*x)' --act 'tanh(2*x)' --widths 1.4,1.4 --alpha 2 --noise 0.1
  lemmata theory deep --act erf --act erf --act erf --alpha 1 --noise 0.1 --json
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

/** Options of {@link theoryDeep}. */
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
}

/**
 * The JSON record of `lemmata theory deep` (exported for tests). Throws {@link UsageError} for invalid input.
 */
export function theoryDeep(o: TheoryDeepOptions): Json {
  if (o.acts.length === 0) throw new UsageError('at least one --act is required (one per hidden layer)');
  let layers: LayerActivation[];
  try {
    layers = o.acts.map((a) => resolveActivation(a, o.center ?? false));
  } catch (e) {
    if (e instanceof ActivationError) throw new UsageError(e.message);
    throw e;
  }
  const arch: DeepArchitecture = { layers, widths: o.widths, weightVars: o.weightVars, readoutVar: o.readoutVar };
  const channel = o.channel ?? 'gaussian';
  try {
    if (o.precision === undefined || o.precision === null) {
      const t = deepTheory(arch, { alpha: o.alpha, delta: o.noise, channel });
      return {
        activations: o.acts,
        channel,
        alpha: o.alpha,
        noise: o.noise,
        layers: t.layers.map((c) => ({ r: c.r, kappa0: c.kappa0, kappa1: c.kappa1, q: c.q, eps: c.eps, ...(c.center !== 0 ? { center: c.center } : {}) })),
        s: t.s,
        epsTot: t.epsTot,
        D: t.D,
        overlap: t.overlap,
        mmse: t.mmse,
        genErrorClean: t.genErrorClean,
        genErrorNoisy: t.genErrorNoisy,
        ...(t.miPerSample !== undefined ? { miPerSample: t.miPerSample } : {}),
        ...(t.classError !== undefined ? { classError: t.classError } : {}),
      };
    }
    const P = o.precision;
    const t = deepTheoryDecimal(arch, { alpha: o.texts?.alpha ?? o.alpha, delta: o.texts?.noise ?? o.noise, channel }, { precision: P });
    const s = (x: Decimal) => x.toPrecision(P);
    return {
      activations: o.acts,
      channel,
      alpha: o.alpha,
      noise: o.noise,
      precision: P,
      layers: t.layers.map((c) => ({ r: s(c.r), kappa0: s(c.kappa0), kappa1: s(c.kappa1), q: s(c.q), eps: s(c.eps), ...(!c.center.isZero() ? { center: s(c.center) } : {}) })),
      s: s(t.s),
      epsTot: s(t.epsTot),
      D: s(t.D),
      overlap: s(t.overlap),
      mmse: s(t.mmse),
      genErrorClean: s(t.genErrorClean),
      genErrorNoisy: s(t.genErrorNoisy),
      ...(t.miPerSample !== undefined ? { miPerSample: s(t.miPerSample) } : {}),
      ...(t.classError !== undefined ? { classError: s(t.classError) } : {}),
    };
  } catch (e) {
    if (e instanceof NonCentredActivationError || e instanceof ArchitectureError || e instanceof VarianceError || e instanceof GlmParameterError || e instanceof RangeError) {
      throw new UsageError(e.message);
    }
    throw e;
  }
}

/** `lemmata theory deep …` (see {@link THEORY_DEEP_HELP}). */
export async function theoryDeepCommand(argv: string[]): Promise<number> {
  // A negative value would be read by parseArgs as a flag: join it to its flag so the domain check names it.
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (/^--(alpha|noise|precision|readout-var|weight-var|widths|act)$/.test(argv[i]) && i + 1 < argv.length && /^-[\d.]/.test(argv[i + 1])) joined.push(`${argv[i]}=${argv[++i]}`);
    else joined.push(argv[i]);
  }
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
      precision: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    false,
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
  const alpha = scalar('alpha', values.alpha as string | undefined, (x) => x > 0, 'a finite number > 0', true) as number;
  const noise = scalar('noise', values.noise as string | undefined, (x) => x >= 0, 'a finite number ≥ 0 (a variance)', true) as number;
  const readoutVar = scalar('readout-var', values['readout-var'] as string | undefined, (x) => x > 0, 'a finite number > 0', false);
  const precision = scalar('precision', values.precision as string | undefined, (x) => Number.isInteger(x) && x >= 2 && x <= MAX_PRECISION, `an integer in [2, ${MAX_PRECISION}]`, false);
  const row = theoryDeep({
    acts,
    center: values.center as boolean | undefined,
    widths: numberList('widths', values.widths as string | undefined, L),
    weightVars: numberList('weight-var', values['weight-var'] as string | undefined, L),
    readoutVar,
    alpha,
    noise,
    channel,
    precision: precision ?? null,
    texts: { alpha: values.alpha as string, noise: values.noise as string },
  });
  if (values.json) {
    process.stdout.write(JSON.stringify(row, null, 2) + '\n');
    return 0;
  }
  const out: string[] = [];
  out.push(`activations    ${acts.join(' → ')}  (channel ${channel}, α = ${alpha}, Δ = ${noise})`);
  out.push('layer  r                       kappa1                  q                       eps');
  (row.layers as Json[]).forEach((c, i) => out.push(`${String(i + 1).padEnd(5)}  ${String(c.r).padEnd(22)}  ${String(c.kappa1).padEnd(22)}  ${String(c.q).padEnd(22)}  ${String(c.eps)}`));
  for (const k of ['s', 'epsTot', 'D', 'overlap', 'mmse', 'genErrorClean', 'genErrorNoisy', 'miPerSample', 'classError']) {
    if (row[k] !== undefined) out.push(`${k.padEnd(14)} ${String(row[k])}`);
  }
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
