/**
 * D23. The deep network's information, estimated by thermodynamic integration over the SNR, lies inside the exact
 * finite-n sandwich E_W ½ log det(I + K_W/Δ) ≤ I(θ; Y | X) ≤ ½ log det(I + K̄/Δ).
 */
import { defineClaim, type Rng } from '../../src/index.ts';
import { tanh2x2 } from '../../src/models/deep/namedArchitectures.ts';
import { informationReplicate, type InformationReplicate, type InformationSettings } from '../../src/models/deep/posterior/informationSample.ts';

const DIM = 8;
const SETTINGS: InformationSettings = {
  arch: tanh2x2({ gamma: 1.4 }),
  alpha: 2,
  delta: 0.1,
  nodes: 5,
  chain: { warmup: 30, samples: 60, leapfrog: 10 },
  bounds: { groups: 10, perGroup: 20 },
};
// quick as ci: 16 left both D23 claims underpowered at quick seed 5 (they asked for about 19–20 instances).
const INSTANCES = { quick: 24, ci: 24, full: 60 };
interface Impl {
  /** The information per sample that is claimed to lie in the sandwich, from a replicate (correct: the TI estimate). */
  info: (r: InformationReplicate, alpha: number) => number;
}

/**
 * One instance's replicate, cached by its stream key: a wrong variant changes only which number of the replicate it
 * reports, and its cell draws from the same stream (same key), so it reuses the expensive chains instead of rerunning
 * them. A pure cache (same key → same value), bounded.
 */
const CACHE = new Map<string, InformationReplicate>();
function replicate(rng: Rng): InformationReplicate {
  const key = rng.key;
  let r = CACHE.get(key);
  if (!r) {
    r = informationReplicate(SETTINGS, DIM, rng);
    if (CACHE.size > 256) CACHE.clear();
    CACHE.set(key, r);
  }
  return r;
}

const SOURCES = [
  { paper: 'shared/math/deep-gaussian-equivalence.md', ref: '§4: E_W ½ log det(I + K_W/Δ) ≤ I(θ; Y | X = x) ≤ ½ log det(I + K̄/Δ)' },
  { paper: 'Guo, Shamai, Verdú 2005 (IEEE Trans. IT 51)', ref: 'Thm. 1, I-MMSE: dI/dγ = ½ mmse(γ)' },
  { paper: 'Cover & Thomas 2006, Elements of Information Theory', ref: 'Thm. 8.6.5 (Gaussian maximises entropy at fixed covariance); chain rule I(θ; Y) ≥ I(a; Y | W)' },
];

const SETUP =
  `Deep teacher φ = tanh(2x), L = 2, widths 1.4d, d = ${DIM}, n = 2d, Δ = 0.1. The information is estimated per instance by thermodynamic ` +
  `integration: (1/n)·½∫₀^{1/Δ} mmse(γ)dγ with ${SETTINGS.nodes} Gauss–Legendre nodes in log(1 + 2γ), the in-sample MMSE at each node from a ` +
  'planted HMC chain (teacher-free posterior variance); both bounds by Monte Carlo over 200 prior draws of W for the same X (the upper one ' +
  'jackknifed, since log det of an averaged Gram is biased low).';

/** Smallest violation of a bound the check must detect (nats per sample): what 24 instances resolve at α_i ≈ 1e-5, with margin. */
const MIN_EFFECT = 0.15;

const TOLERANCE =
  `One-sided t test over R instances (R = ${INSTANCES.ci} at ci) at the claim's share α_i of the suite's false-alarm budget. Its standard ` +
  'error combines the instance spread (sd ≈ 0.05 at d = 8) with the bounds\' own Monte Carlo errors (≈ 0.003), so 24 instances detect a ' +
  `violation of ≈ 0.09 nats per sample with power 0.8 (minEffect ${MIN_EFFECT}; 60 instances at full resolve ≈ 0.05). Measured at d = 8 ` +
  '(12 instances, seed 41): TI 0.706, lower 0.506, upper 0.739 per sample; v only 0.321; TI per dimension 1.41.';

export default [
  defineClaim<Impl>({
    id: 'D23.lower',
    title: 'The deep network\'s information (thermodynamic integration) is at least the readout bound E_W ½ log det(I + K_W/Δ)',
    kind: 'expectation',
    relation: 'atLeast',
    source: SOURCES,
    statement: `${SETUP} Then E[TI − lower] ≥ 0: the chain rule I(θ; Y) ≥ I(a; Y | W) holds for every draw of X. The effective GLM's own information (1/n) I(v; Y | X) ("v only", §4) falls below this bound.`,
    quantity: 'TI − E_W ½ log det(I + K_W/Δ)/n per instance',
    replicates: INSTANCES,
    sample: (ctx, impl) => {
      const r = replicate(ctx.rng);
      return impl.info(r, SETTINGS.alpha) - r.bounds!.lower;
    },
    expected: () => 0,
    minEffect: MIN_EFFECT,
    impl: { info: (r) => r.info },
    tolerance: TOLERANCE,
    variants: [{ name: 'v-only', why: 'the effective GLM\'s information I(v; Y | X) reported as the deep network\'s (drops ½ log(1 + ε_tot/Δ) per sample in the limit)', impl: { info: (r: InformationReplicate) => r.vOnly } }],
  }),
  defineClaim<Impl>({
    id: 'D23.upper',
    title: 'The deep network\'s information (thermodynamic integration) is at most the NNGP bound ½ log det(I + K̄/Δ)',
    kind: 'expectation',
    relation: 'atLeast',
    source: SOURCES,
    statement: `${SETUP} Then E[upper − TI] ≥ 0: a Gaussian maximises the entropy of Y at the covariance K̄ + ΔI, for every draw of X.`,
    quantity: '½ log det(I + K̄/Δ)/n − TI per instance',
    replicates: INSTANCES,
    sample: (ctx, impl) => {
      const r = replicate(ctx.rng);
      return r.bounds!.upper - impl.info(r, SETTINGS.alpha);
    },
    expected: () => 0,
    minEffect: MIN_EFFECT,
    impl: { info: (r) => r.info },
    tolerance: TOLERANCE,
    variants: [{ name: 'per-dimension', why: 'the information per input dimension (×α) where the per-sample one is meant (§8: they differ by α)', impl: { info: (r: InformationReplicate, alpha: number) => alpha * r.info } }],
  }),
];
