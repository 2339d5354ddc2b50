/**
 * D5. Free-entropy (mutual-information) matching, deep linear case, exact: the per-sample mutual information of a
 * deep linear teacher and that of its effective GLM differ by O(1/n); the total gap stays bounded.
 */
import { defineClaim } from '../../src/index.ts';
import { deepLinearReplicate, glmInformation, logGainGrid, type DeepLinearInformation, type LogGainGrid } from '../../src/models/deep/deepLinearInformation.ts';

const ALPHA = 2;
const DELTA = 0.5;
/** Two hidden layers of widths 1.4d and 0.8d, σ_1² = 1.5, σ_2² = 0.8, σ_a² = 1.2: s = 1.2·1.5·0.8 = 1.44 (κ1 = 1, ε = 0). */
const GAMMAS = [1.4, 0.8];
const WEIGHT_VARS = [1.5, 0.8];
const READOUT_VAR = 1.2;
const S = READOUT_VAR * WEIGHT_VARS[0] * WEIGHT_VARS[1];

interface Impl {
  /** The effective GLM's signal strength s (deep linear: σ_a² Π σ_l², since κ1 = 1 and ε = 0). */
  sGlm: () => number;
}

const grids = new Map<number, LogGainGrid>();
/** Deep-side results per cell stream key (a pure function of the key, so caching changes no number). */
const deepCache = new Map<string, DeepLinearInformation>();
const widthsAt = (d: number) => GAMMAS.map((g) => Math.round(g * d));
function gridAt(d: number): LogGainGrid {
  let g = grids.get(d);
  if (!g) grids.set(d, (g = logGainGrid(widthsAt(d))));
  return g;
}

export default defineClaim<Impl>({
  id: 'D5',
  title: 'Deep linear networks: per-sample MI of the deep model minus that of the effective GLM is O(1/n)',
  kind: 'limit',
  source: [
    { paper: 'Camilli, Tieplova, Bergamin, Barbier 2025 (arXiv 2505.03577)', ref: 'free-entropy matching of the deep model and the effective GLM' },
    { paper: 'shared/math/deep-gaussian-equivalence.md', ref: '§4 (MI matching, Δ > 0), §7.1 (deep linear: v | c ~ N(0, scI), c = Π χ²_{d_l}/d_l)' },
  ],
  statement:
    `Deep linear teacher with widths d_l = (${GAMMAS.join(', ')})·d, σ_l² = (${WEIGHT_VARS.join(', ')}), σ_a² = ${READOUT_VAR}, n = ${ALPHA}d ` +
    `samples, Δ = ${DELTA}. Then (1/n)[I(θ; Y | X) − I_GLM(v; Y | X)] → 0 with order exactly 1 in d, where the GLM has s = σ_a² Π σ_l² = ${S} ` +
    'and v ~ N(0, I); equivalently the total gap n·(…) stays bounded. Exact reduction: v | c ~ N(0, scI), c = Π_l χ²_{d_l}/d_l, so ' +
    'I_deep = E_c[½Σ log(1 + scλ_i/Δ)] + I(c; Y | X) and I_GLM = ½Σ log(1 + sλ_i/Δ), λ_i the eigenvalues of XᵀX/d.',
  quantity: '(I_deep − I_GLM)/n per instance (I(c; Y|X) by the mean of 16 unbiased pointwise estimates)',
  size: 'd',
  ladder: { quick: { n0: 32, levels: 5, replicates: 150 }, ci: { n0: 32, levels: 5, replicates: 300 }, full: { n0: 32, levels: 7, replicates: 1000 } },
  impl: { sGlm: () => S },
  sample(d, ctx, impl) {
    // The deep side depends only on the cell's stream (common random numbers across variants): computed once per cell.
    let r = deepCache.get(ctx.rng.key);
    if (!r) deepCache.set(ctx.rng.key, (r = deepLinearReplicate({ d, alpha: ALPHA, widths: widthsAt(d), s: S, delta: DELTA, grid: gridAt(d) }, ctx.rng)));
    return (r.conditional + r.gainInformation - glmInformation(r.lambda, impl.sGlm(), DELTA)) / Math.round(ALPHA * d);
  },
  limit: () => 0,
  rate: {
    order: 1,
    sense: 'exactly',
    delta: 0.2,
    derivation:
      'I(c; Y | X) is the information of one scalar with prior sd O(d^{-1/2}) about n = αd samples: O(1) nats; ' +
      'E_c f(c) − f(1) = ½f″(1)Var c + … with f = ½Σ log(1 + scλ/Δ) = O(d) and Var c = Σ 2/d_l = O(1/d): O(1). ' +
      'So the total gap is O(1) and the per-sample gap O(1/n) = O(1/d).',
  },
  floatFloor: 1e-12,
  tolerance:
    'Rate: δ = 0.2 (policy default for an exact order). Power: measured per-sample gaps ≈ −0.22/n; the per-replicate sd is ' +
    '≈ 0.19/n (pointwise information of one scalar, sd ≈ 0.7 nats, averaged over 16 inner draws of (c, y) per spectrum), so with ' +
    'R = 300 |ē|/se ≈ 20 at every level and the WLS slope over 5 levels (d = 32…512) has σ ≈ 1/(20·2.2) ≈ 0.03 (measured 0.020 at R = 400), 1.96σ ≪ δ. A wrong GLM signal strength leaves an O(1) per-sample ' +
    'gap (fitted order ≈ 0, refuted by ≫ δ). Float floor 1e-12: the sums over d ≤ 512 eigenvalues are O(10³) nats, rounded ' +
    'at ~1e-13 relative, divided by n ≥ 64. The law of log c is on a 161-node grid spanning ±14 sd (trapezoid on a smooth ' +
    'density: error far below 1e-12).',
  variants: [
    { name: 'readout-variance-dropped', why: 'effective s = Π σ_l² without σ_a² (a dropped factor)', impl: { sGlm: () => WEIGHT_VARS[0] * WEIGHT_VARS[1] } },
    { name: 'std-for-variance', why: 's = σ_a Π σ_l (standard deviations where variances are meant)', impl: { sGlm: () => Math.sqrt(S) } },
  ],
});
