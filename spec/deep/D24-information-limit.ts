/**
 * D24. Free-entropy matching for a nonlinear network: the deep network's information per sample, estimated at finite d
 * by thermodynamic integration, tends to i_GLM(α, D)/α + ½ log(1 + ε_tot/Δ) (§4, corrected), not to the effective GLM's
 * own i_GLM/α.
 */
import { defineClaim, defineFigure, type Profile, renderChart, type Series } from '../../src/index.ts';
import { Rng } from '../../src/core/index.ts';
import { effectiveGlm } from '../../src/models/deep/effectiveGlm.ts';
import { tanh2x2 } from '../../src/models/deep/namedArchitectures.ts';
import { informationReplicate, type InformationReplicate, type InformationSettings } from '../../src/models/deep/posterior/informationSample.ts';
import { miGaussian } from '../../src/models/glm/gaussianChannel.ts';

const ARCH = tanh2x2({ gamma: 1.4 });
const ALPHA = 2;
const DELTA = 0.1;
const SETTINGS: InformationSettings = { arch: ARCH, alpha: ALPHA, delta: DELTA, nodes: 5, chain: { warmup: 30, samples: 60, leapfrog: 10 }, bounds: { groups: 0, perGroup: 1 } };
const SIZES = { quick: [4, 6, 8], ci: [4, 6, 8], full: [8, 16, 32] };
// quick as ci: [12, 8, 6] left the claim underpowered at quick seeds 1, 3 and 4 (1.2–1.7× the replicates were needed).
const REPLICATES = { quick: [24, 16, 12], ci: [24, 16, 12], full: [40, 20, 10] };

const G = effectiveGlm(ARCH);
const D = (G.epsTot + DELTA) / G.s;
/** i_GLM(α, D)/α: the effective GLM's information per sample (the "v only" value). */
const V_ONLY = miGaussian(ALPHA, D) / ALPHA;
/** The deep network's limit: the GLM's information plus ½ log(1 + ε_tot/Δ) (ζ is a function of θ in the deep model). */
const LIMIT = V_ONLY + 0.5 * Math.log1p(G.epsTot / DELTA);

interface Impl {
  limit: () => number;
}

/** Replicates memoised by their stream key, so the figure reuses the run's cells. */
const CELLS = new Map<string, InformationReplicate>();
function replicate(d: number, rng: Rng): InformationReplicate {
  const hit = CELLS.get(rng.key);
  if (hit) return hit;
  const r = informationReplicate(SETTINGS, d, rng);
  if (CELLS.size > 5000) CELLS.clear();
  CELLS.set(rng.key, r);
  return r;
}

export default defineClaim<Impl>({
  id: 'D24',
  title: 'Deep information per sample → i_GLM/α + ½ log(1 + ε_tot/Δ) (tanh(2x)×2, thermodynamic integration)',
  kind: 'extrapolation',
  source: [
    { paper: 'Camilli, Tieplova, Bergamin, Barbier 2025 (arXiv 2505.03577)', ref: 'free-entropy matching of the deep network and the effective GLM' },
    { paper: 'shared/math/deep-gaussian-equivalence.md', ref: '§4 (corrected): lim (1/n) I(θ; Y | X) = i_GLM(α, D)/α + ½ log(1 + ε_tot/Δ); tanh(2x)×2, α = 2, Δ = 0.1: 0.7868329' },
    { paper: 'Guo, Shamai, Verdú 2005 (IEEE Trans. IT 51)', ref: 'Thm. 1, I-MMSE' },
  ],
  statement:
    'Deep teacher φ = tanh(2x), L = 2, widths 1.4d, n = 2d, Δ = 0.1. The information per sample (1/n) I(θ; Y | X) is estimated per instance by ' +
    `thermodynamic integration over the SNR (I-MMSE, ${SETTINGS.nodes} Gauss–Legendre nodes in log(1 + 2γ), planted HMC chains at each node, ` +
    'teacher-free in-sample MMSE) and tends, as d → ∞, to i_GLM(α, D)/α + ½ log(1 + ε_tot/Δ) = ' +
    `${V_ONLY.toFixed(7)} + ${(LIMIT - V_ONLY).toFixed(7)} = ${LIMIT.toFixed(7)}; fitted as I_d = I_∞ + c/d. The "v only" value i_GLM/α (the effective ` +
    'GLM\'s own information, the convention of the uncorrected text) is a wrong variant.',
  quantity: '(1/n) I(θ; Y | X) (nats per sample)',
  size: 'd',
  sizes: SIZES,
  replicates: REPLICATES,
  correction: {
    orders: [1],
    derivation:
      'For the GLM the finite-size bias of (1/d) I is ≈ ∓0.09/d (§6, measured, log-log slope −1.0); for the deep network the pilot (seed 41) gave ' +
      'I_d ≈ 0.706 ± 0.015 at d = 8 and 0.73 ± 0.03 at d = 16, consistent with a 1/d approach. The ci ladder uses d = 4, 6, 8 (cheap chains): there ' +
      'a 1/d² term of the size of the 1/d one at d = 8 (≈ 0.08) would move E_∞ by ≲ 0.1, well inside ci\'s resolution (≈ 0.3) and far from the ' +
      'v-only gap 0.46; the Welch–James misfit test reports a misfit. Full uses d = 8, 16, 32.',
  },
  sample(d, ctx) {
    return replicate(d, ctx.rng).info;
  },
  impl: { limit: () => LIMIT },
  expected: (impl) => impl.limit(),
  minEffect: 0.4,
  tolerance:
    'The extrapolation kind (WLS fit of I_∞ + c/d, Welch t test at the claim\'s share of α_total). minEffect = 0.4 < the v-only gap 0.463 and the ' +
    `per-dimension gap ${(ALPHA * LIMIT - LIMIT).toFixed(3)}: what must be resolved is the convention, not a fine deviation; the per-instance sd of the TI ` +
    'estimate is 0.05 at d = 8 (pilot), and with 24/16/12 instances at d = 4/6/8 (Welch ν ≈ 15) the resolution is ≈ 0.3.',
  variants: [
    { name: 'v-only', why: `the effective GLM's information i_GLM/α = ${V_ONLY.toFixed(5)} per sample (drops ½ log(1 + ε_tot/Δ): ζ is noise in the GLM but a function of θ in the deep model)`, impl: { limit: () => V_ONLY } },
    { name: 'per-dimension', why: `the information per input dimension α·I = ${(ALPHA * LIMIT).toFixed(5)} where the per-sample one is meant (§8)`, impl: { limit: () => ALPHA * LIMIT } },
  ],
});

/** Per-size means ± se of the claim's cells (and of the exact bounds on the figure's own instances). */
function levels(seed: number, profile: Profile) {
  return SIZES[profile].map((d, k) => {
    const v: number[] = [];
    for (let r = 0; r < REPLICATES[profile][k]; r++) v.push(replicate(d, Rng.stream(seed, 'D24', d, r)).info);
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    const se = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1) / v.length);
    return { d, mean: m, se };
  });
}

export const figures = [
  defineFigure({
    id: 'deep-information-vs-d',
    title: 'The deep network\'s information per sample against d, with the limit and the "v only" convention',
    caption:
      'Points: (1/n) I(θ; Y | X) of tanh(2x)×2 (γ = 1.4, α = 2, Δ = 0.1) by thermodynamic integration over the SNR, mean ± 2 se per d (the cells of ' +
      'D24, recomputed from the run\'s seed when drawn in another process). Line: the fitted I_∞ + c/d. Solid: the limit i_GLM/α + ½ log(1 + ε_tot/Δ) = ' +
      `${LIMIT.toFixed(4)}; dashed: the "v only" value i_GLM/α = ${V_ONLY.toFixed(4)}. D23 checks the same estimate against the exact finite-n sandwich.`,
    claims: ['D24'],
    render({ seed, profile }) {
      const lv = levels(seed, profile);
      const w = lv.map((l) => 1 / l.se ** 2);
      const x = lv.map((l) => 1 / l.d);
      const S0 = w.reduce((a, b) => a + b, 0);
      const S1 = w.reduce((a, b, k) => a + b * x[k], 0);
      const S2 = w.reduce((a, b, k) => a + b * x[k] * x[k], 0);
      const Sy = w.reduce((a, b, k) => a + b * lv[k].mean, 0);
      const Sxy = w.reduce((a, b, k) => a + b * x[k] * lv[k].mean, 0);
      const det = S0 * S2 - S1 * S1;
      const E = (S2 * Sy - S1 * Sxy) / det;
      const c = (S0 * Sxy - S1 * Sy) / det;
      const dMax = 1024;
      const curve = [];
      for (let k = 0; k <= 30; k++) {
        const d = lv[0].d * (dMax / lv[0].d) ** (k / 30);
        curve.push({ x: d, y: E + c / d });
      }
      const series: Series[] = [
        { label: 'TI estimate ± 2 se', points: lv.map((l) => ({ x: l.d, y: l.mean, err: 2 * l.se })) },
        { label: `fit I_∞ + c/d (I_∞ = ${E.toFixed(4)})`, points: curve, line: true },
        { label: `limit ${LIMIT.toFixed(4)}`, points: [{ x: lv[0].d, y: LIMIT }, { x: dMax, y: LIMIT }], line: true },
        { label: `wrong: v only ${V_ONLY.toFixed(4)}`, points: [{ x: lv[0].d, y: V_ONLY }, { x: dMax, y: V_ONLY }], line: true, dashed: true },
      ];
      return renderChart(series, { title: 'tanh(2x)×2, α = 2, Δ = 0.1: (1/n) I(θ; Y | X) vs d', xLabel: 'd', yLabel: 'nats per sample', logX: true });
    },
  }),
];
