/**
 * D11. The exact finite-n sandwich of the deep network's information, for every draw of X (Gaussian channel):
 * E_W ½ log det(I + K_W/Δ) ≤ I(θ; Y | X = x) ≤ ½ log det(I + E_W K_W/Δ); the effective GLM's information about v
 * alone falls below the lower bound.
 */
import { defineClaim, fc, logUniform } from '../../src/index.ts';
import { type Matrix, mean, Rng, stderr, studentTQuantile } from '../../src/core/index.ts';
import { sampleDeepTeacher, sampleInputs } from '../../src/models/deep/deepTeacher.ts';
import { effectiveGlm, type DeepArchitecture } from '../../src/models/deep/effectiveGlm.ts';
import { gaussianInformationPerSample, glmInformationPerSample, readoutInformationPerSample } from '../../src/models/deep/informationBounds.ts';
import { namedLayer } from '../../src/models/deep/namedArchitectures.ts';
import { lastLayerAveragedGram } from '../../src/models/deep/readoutGram.ts';
import { EPS } from '../../src/core/index.ts';

const SMOOTH = ['tanh', 'erf', 'tanh2'] as const;

interface Params {
  acts: Array<(typeof SMOOTH)[number]>;
  weightVars: number[];
  widths: number[];
  alpha: number;
  delta: number;
  d: number;
  seed: number;
}

/** What one draw of X gives the bounds: R independent draws of W, each with its lower-bound term and last-layer-averaged Gram. */
interface Draws {
  X: Matrix;
  arch: DeepArchitecture;
  delta: number;
  g: { s: number; epsTot: number };
  /** ℓ_r = ½ log det(I + K_{W_r}/Δ)/n. */
  lower: Float64Array;
  /** K̃_r = E_{W^{(L)}} K_W with W^{(<L)} of draw r. */
  tilde: Matrix[];
}

interface Impl {
  /**
   * Per draw r, an estimate U_r of the upper bound with E U_r ≥ E_W ℓ(K_W) when the bound holds. Correct:
   * U_r = ½ log det(I + K̃_r/Δ)/n, since E_{W^{(L)}} ℓ(K_W) ≤ ℓ(K̃_r) (concavity) and E_r ℓ(K̃_r) ≤ ℓ(E_W K_W).
   */
  upper: (dr: Draws) => Float64Array;
}

/** W draws per X at each profile. */
const W_DRAWS = { quick: 6, ci: 10, full: 24 };
/** One-sided false-alarm probability of the per-run test (the claim runs ≤ 1000 times: ≤ 1e-3 in all). */
const ONE_SIDED = 1e-6;

const cache = new Map<string, Draws>();

function draws(p: Params, R: number): Draws {
  const key = `${JSON.stringify(p)}|${R}`;
  let dr = cache.get(key);
  if (dr) return dr;
  const arch: DeepArchitecture = { layers: p.acts.map(namedLayer), weightVars: p.weightVars, widths: p.widths };
  const n = Math.max(1, Math.round(p.alpha * p.d));
  const X = sampleInputs(n, p.d, Rng.stream(p.seed, 'D11', 'X'));
  const lower = new Float64Array(R);
  const tilde: Matrix[] = [];
  for (let r = 0; r < R; r++) {
    const t = sampleDeepTeacher(arch, p.d, Rng.stream(p.seed, 'D11', 'W', r));
    lower[r] = readoutInformationPerSample(t, X, p.delta);
    tilde.push(lastLayerAveragedGram(t, X));
  }
  dr = { X, arch, delta: p.delta, g: effectiveGlm(arch), lower, tilde };
  if (cache.size > 64) cache.clear();
  cache.set(key, dr);
  return dr;
}

const sandwich = defineClaim<Params, Impl>({
  id: 'D11',
  title: 'For every draw of X the deep network\'s information lies in an exact sandwich, and the information of v alone falls below it',
  kind: 'identity',
  source: [
    { paper: 'shared/math/deep-gaussian-equivalence.md', ref: '§4 (corrected): exact finite-n bounds E_W ½ log det(I + K_W/Δ) ≤ I(θ; Y | X = x) ≤ ½ log det(I + K̄/Δ)' },
    { paper: 'Cover & Thomas, Elements of Information Theory (2nd ed.)', ref: 'chain rule (Thm 2.5.2) for the lower bound; Gaussian maximum entropy (Thm 8.6.5) for the upper bound' },
    { paper: 'Camilli, Tieplova, Bergamin, Barbier 2025 (arXiv 2505.03577)', ref: 'the information of all the weights, I(θ; Y | X), the object of the theorem' },
  ],
  statement:
    'Deep networks with L = 1–3 smooth layers (tanh, erf, tanh(2x); σ_l² ∈ [0.5, 2], widths γ_l ∈ [0.7, 2]), d ∈ {12, 16, 24}, n = αd with ' +
    'α ∈ [0.5, 3], Gaussian channel Δ ∈ [0.02, 1]. For each draw x of X, with K_W = σ_a² X^{(L)}X^{(L)ᵀ}/d_L the readout Gram at fixed inner weights: ' +
    'E_W ½ log det(I + K_W/Δ)/n ≤ I(θ; Y | X = x)/n ≤ ½ log det(I + E_W K_W/Δ)/n (chain rule; Gaussian maximum entropy). Checked as ' +
    'E_W ℓ(K_W) ≤ E ℓ(K̃), K̃ = E_{W^{(L)}}K_W the last layer averaged exactly by its kernel map (for L = 1, K̃ = K̄, the NNGP kernel), ' +
    'and ℓ(K̄) ≥ E ℓ(K̃) by concavity; E_W K_W equals the NNGP kernel for L = 1 and tends to it for L ≥ 2. The "information of v only", the ' +
    'effective GLM\'s I(v; Y | X = x) = ½ log det(I + s xxᵀ/(d(ε_tot + Δ))), is not an upper bound: it falls below the lower bound ' +
    '(e.g. 0.32 vs 0.53 per sample for tanh(2x) × 2, γ = 1.4, α = 2, Δ = 0.1).',
  params: fc.integer({ min: 1, max: 3 }).chain((L) =>
    fc.record({
      acts: fc.array(fc.constantFrom(...SMOOTH), { minLength: L, maxLength: L }),
      weightVars: fc.array(logUniform(Math.log10(0.5), Math.log10(2)), { minLength: L, maxLength: L }),
      widths: fc.array(fc.integer({ min: 7, max: 20 }).map((k) => k / 10), { minLength: L, maxLength: L }),
      alpha: fc.integer({ min: 5, max: 30 }).map((k) => k / 10),
      delta: logUniform(Math.log10(0.02), 0),
      d: fc.constantFrom(12, 16, 24),
      seed: fc.integer({ min: 0, max: 0x7fffffff }),
    }),
  ),
  runs: { quick: 8, ci: 24, full: 200 },
  // Both variants are wrong only where ε_tot is large beside Δ (tanh(2x)-type layers, small Δ); 8 quick draws missed that
  // region at seed 3. At these points (measured at seed 0) the correct E δ + t·se is +0.61 and +0.53, "ε as label noise"
  // gives −0.25 and −0.25, "v only" −0.43 and −0.38.
  examples: [
    { params: { acts: ['tanh2'], weightVars: [2], widths: [1.4], alpha: 2, delta: 0.02, d: 16, seed: 1 }, why: 'one tanh(2x) layer, σ² = 2, Δ = 0.02: ε_tot ≫ Δ' },
    { params: { acts: ['tanh2', 'tanh2'], weightVars: [1, 1], widths: [1.4, 1.4], alpha: 2, delta: 0.02, d: 16, seed: 1 }, why: 'Cui et al.\'s tanh(2x) × 2 at Δ = 0.02' },
  ],
  impl: {
    upper: (dr) => Float64Array.from(dr.tilde, (K) => gaussianInformationPerSample(K, dr.delta)),
  },
  tolerance:
    'With R independent draws W_r (10 at ci) the differences δ_r = U_r − ℓ_r are i.i.d. and, if the bound holds, E δ_r ≥ 0 (Jensen on ' +
    'the last layer). The check fails when mean δ + t_{1−1e-6, R−1}·se(δ) < 0: a one-sided t-test at level 1e-6 per run, so over ≤ 1000 runs ' +
    'the false-alarm probability is ≤ 1e-3 (normal approximation of the mean of R = 10 smooth statistics). The concavity step ' +
    'ℓ(mean_r K̃_r) ≥ mean_r ℓ(K̃_r) is an exact inequality; its float64 check allows 64·n·ε on the per-sample log-determinants ' +
    '(Cholesky backward error γ_{n+1}·n relative to ‖I + K/Δ‖, then divided by n). Measured margins: δ ≈ 0.1–0.2 per sample with sd ≈ 0.01; ' +
    'the v-only information sits ≈ 0.2 below ℓ on tanh(2x)-type architectures.',
  evaluate(p, ctx, impl) {
    const R = W_DRAWS[ctx.profile];
    const dr = draws(p, R);
    const U = impl.upper(dr);
    const delta = Float64Array.from(U, (u, r) => u - dr.lower[r]);
    const t = studentTQuantile(1 - ONE_SIDED, R - 1);
    const mLow = mean(dr.lower);
    const avg = { rows: dr.tilde[0].rows, cols: dr.tilde[0].cols, data: new Float64Array(dr.tilde[0].data.length), offset: 0, stride: dr.tilde[0].cols };
    for (const K of dr.tilde) for (let i = 0; i < avg.data.length; i++) avg.data[i] += K.data[i] / R;
    const upperRB = gaussianInformationPerSample(avg, dr.delta);
    const n = dr.X.rows;
    const vOnly = glmInformationPerSample(dr.X, dr.g, dr.delta);
    return [
      {
        label: `E δ ≥ 0: lower ${mLow.toFixed(4)} ± ${stderr(dr.lower).toExponential(1)}, mean U ${mean(U).toFixed(4)}, ℓ(mean K̃) ${upperRB.toFixed(4)}, v only ${vOnly.toFixed(4)} (per sample); mean δ + t·se`,
        value: mean(delta) + t * stderr(delta),
        op: '>=',
        bound: 0,
      },
      { label: 'concavity: ℓ(mean K̃) − mean ℓ(K̃)', value: upperRB - mean(Float64Array.from(dr.tilde, (K) => gaussianInformationPerSample(K, dr.delta))), op: '>=', bound: -64 * n * EPS },
    ];
  },
  variants: [
    {
      name: 'v-only-information',
      why: 'the deep network\'s information taken to be the effective GLM\'s I(v; Y | X = x) = ½ log det(I + s xxᵀ/(d(ε_tot + Δ))) (the "information of v only" convention; then in particular I(θ; Y | X = x) ≤ it)',
      impl: { upper: (dr: Draws) => new Float64Array(dr.lower.length).fill(glmInformationPerSample(dr.X, dr.g, dr.delta)) },
    },
    {
      name: 'eps-as-label-noise',
      why: 'the upper bound with the effective noise counted as label noise, ½ log det(I + K̃/(Δ + ε_tot)): ε_tot treated as noise, as in the GLM, although it is a function of θ',
      impl: { upper: (dr: Draws) => Float64Array.from(dr.tilde, (K) => gaussianInformationPerSample(K, dr.delta + dr.g.epsTot)) },
    },
  ],
});

export default sandwich;

