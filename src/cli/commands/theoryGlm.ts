/**
 * `lemmata theory glm`: the replica-symmetric formulas of the Gaussian-prior GLM at one (α, D), for
 * users and scripts (deep-gaussian-equivalence.md §5).
 *
 * @module
 */
import type { Decimal } from 'decimal.js';
import { GlmParameterError, freeEntropyGaussian, genErrorNoisyGaussian, miGaussian, mmseGaussian } from '../../models/glm/gaussianChannel.ts';
import { gaussianChannelDecimal } from '../../models/glm/gaussianChannelDecimal.ts';
import { probitClassError, probitFixedPoint, probitMutualInformation } from '../../models/glm/probitChannel.ts';
import { probitChannelDecimal } from '../../models/glm/probitChannelDecimal.ts';
import { parse } from '../args.ts';
import { UsageError } from '../usageError.ts';

/** The help text of `lemmata theory glm`: usage, channels, options, JSON keys, exit codes, examples. */
export const THEORY_GLM_HELP = `lemmata theory glm --channel gaussian|probit --alpha A --noise D [--precision DIGITS] [--json]

Replica-symmetric (Bayes-optimal) quantities of the generalized linear model with Gaussian prior
v ~ N(0, I_d), inputs x ~ N(0, I_d), n/d = α (Barbier, Krzakala, Macris, Miolane, Zdeborová,
PNAS 2019; shared/math/deep-gaussian-equivalence.md §5):

  gaussian   y = v·x/√d + √D z          D > 0 (noise-to-signal ratio)
  probit     y = sign(v·x/√d + √D z)    D ≥ 0 (D = 0: noiseless sign)

Options:
  --channel gaussian|probit   the output channel (required)
  --alpha A                   sample ratio n/d, A > 0 (required)
  --noise D                   noise variance D (required; > 0 for gaussian, ≥ 0 for probit)
  --precision DIGITS          evaluate in decimal.js with DIGITS significant digits (2..200); values
                              are then printed as decimal strings carrying exactly DIGITS digits
                              (probit takes seconds: every fixed-point step is a high-precision integral)
  --json                      one JSON object on stdout
  -h, --help                  this text

Output (JSON keys):
  overlap        q = E‖⟨v⟩‖²/d at the RS fixed point
  mmse           m = 1 − q (per component)
  miPerDim       lim (1/d) I(v; Y | X), nats
  miPerSample    miPerDim / α, nats
  iterations     iterations of the damped fixed point (0 for the Gaussian closed form)
  genErrorNoisy  (gaussian) Bayes-optimal E(y − ŷ)² on a fresh noisy label = m + D (clean: m)
  freeEntropy    (gaussian) (1/n) E log p(Y|X) = −miPerSample − ½ log(2πeD), density convention
  classError     (probit) Bayes-optimal 0-1 test error (1/π) arccos √(q/(1+D))
  rootEvaluations (probit, --precision) high-precision q̂ integrals used by the certified root finder

Invalid input (α ≤ 0, D < 0, D = 0 for gaussian, NaN, unknown channel) exits with code 2.

Examples:
  lemmata theory glm --channel gaussian --alpha 2 --noise 0.1
  lemmata theory glm --channel probit --alpha 2 --noise 0 --json
  lemmata theory glm --channel gaussian --alpha 2 --noise 0.1 --precision 40 --json`;

const MAX_PRECISION = 200;

function positiveOrZero(name: string, text: string | undefined, allowZero: boolean): number {
  if (text === undefined) throw new UsageError(`--${name} is required (see lemmata theory glm --help)`);
  const x = Number(text);
  const domain = allowZero ? 'a finite number ≥ 0' : 'a finite number > 0';
  if (text.trim() === '' || !Number.isFinite(x) || (allowZero ? !(x >= 0) : !(x > 0))) throw new UsageError(`--${name} must be ${domain}, got '${text}'`);
  return x;
}

/** One calculator result: numbers in Float64 mode, decimal strings with --precision. */
type Row = Record<string, number | string | null>;

/** Computes the JSON record (exported for tests). */
export function theoryGlm(channel: 'gaussian' | 'probit', alpha: number, D: number, precision: number | null, texts?: { alpha: string; noise: string }): Row {
  const base: Row = { channel, alpha, noise: D, precision, units: 'nats' };
  if (precision === null) {
    if (channel === 'gaussian') {
      const m = mmseGaussian(alpha, D);
      const mi = miGaussian(alpha, D);
      return { ...base, overlap: 1 - m, mmse: m, miPerDim: mi, miPerSample: mi / alpha, iterations: 0, genErrorNoisy: genErrorNoisyGaussian(alpha, D), freeEntropy: freeEntropyGaussian(alpha, D) };
    }
    const fp = probitFixedPoint(alpha, D);
    if (!fp.iteration.converged) throw new GlmParameterError(`probit fixed point did not converge (${fp.iteration.status}, residual ${fp.iteration.residual})`);
    const mi = probitMutualInformation(fp.mmse, fp.qhat, alpha, D);
    return { ...base, overlap: fp.overlap, mmse: fp.mmse, miPerDim: mi, miPerSample: mi / alpha, iterations: fp.iteration.iterations, classError: probitClassError(fp.mmse, D) };
  }
  // Decimal inputs from the command-line text, so that 0.1 means one tenth exactly.
  const a = texts?.alpha ?? alpha;
  const d = texts?.noise ?? D;
  const s = (x: Decimal) => x.toPrecision(precision);
  if (channel === 'gaussian') {
    const g = gaussianChannelDecimal(a, d, { precision });
    return { ...base, overlap: s(g.overlap), mmse: s(g.mmse), miPerDim: s(g.miPerDim), miPerSample: s(g.miPerSample), iterations: 0, genErrorNoisy: s(g.genErrorNoisy), freeEntropy: s(g.freeEntropy) };
  }
  const p = probitChannelDecimal(a, d, { precision });
  const it = probitFixedPoint(alpha, D).iteration.iterations;
  return { ...base, overlap: s(p.overlap), mmse: s(p.mmse), miPerDim: s(p.miPerDim), miPerSample: s(p.miPerSample), iterations: it, rootEvaluations: p.evaluations, classError: s(p.classError) };
}

/** `lemmata theory glm …` (see {@link THEORY_GLM_HELP}). */
export async function theoryGlmCommand(argv: string[]): Promise<number> {
  // `--noise -1` would be read by parseArgs as a missing value: join negative numbers to their flag so that the domain check names them.
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (/^--(alpha|noise|precision)$/.test(argv[i]) && i + 1 < argv.length && /^-[\d.]/.test(argv[i + 1])) joined.push(`${argv[i]}=${argv[++i]}`);
    else joined.push(argv[i]);
  }
  const { values } = parse(
    joined,
    {
      channel: { type: 'string' },
      alpha: { type: 'string' },
      noise: { type: 'string' },
      precision: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    false,
  );
  if (values.help) {
    process.stdout.write(THEORY_GLM_HELP + '\n');
    return 0;
  }
  const channel = values.channel;
  if (channel === undefined) throw new UsageError('--channel is required: gaussian or probit');
  if (channel !== 'gaussian' && channel !== 'probit') throw new UsageError(`--channel must be gaussian or probit, got '${channel}'`);
  const alpha = positiveOrZero('alpha', values.alpha as string | undefined, false);
  const D = positiveOrZero('noise', values.noise as string | undefined, channel === 'probit');
  let precision: number | null = null;
  if (values.precision !== undefined) {
    const p = Number(values.precision);
    if (!Number.isInteger(p) || p < 2 || p > MAX_PRECISION) throw new UsageError(`--precision must be an integer in [2, ${MAX_PRECISION}], got '${values.precision}'`);
    precision = p;
  }
  let row: Row;
  try {
    row = theoryGlm(channel, alpha, D, precision, { alpha: values.alpha as string, noise: values.noise as string });
  } catch (e) {
    if (e instanceof GlmParameterError) throw new UsageError(e.message);
    throw e;
  }
  if (values.json) {
    process.stdout.write(JSON.stringify(row, null, 2) + '\n');
    return 0;
  }
  const keys = Object.keys(row).filter((k) => row[k] !== null);
  const w = Math.max(...keys.map((k) => k.length));
  for (const k of keys) process.stdout.write(`${k.padEnd(w)}  ${String(row[k])}\n`);
  return 0;
}
