/**
 * Hamiltonian Monte Carlo with a Metropolis correction (Duane, Kennedy, Pendleton, Roweth 1987; Neal,
 * *MCMC using Hamiltonian dynamics*, Handbook of MCMC 2011, §5.3.2), and dual-averaging step-size
 * adaptation for a warm-up (Hoffman & Gelman, *The No-U-Turn Sampler*, JMLR 15 (2014), Alg. 5).
 *
 * One iteration draws p ~ N(0, I), runs `leapfrog` steps of size ε of the dynamics of
 * \( H(\theta, p) = U(\theta) + \tfrac12\|p\|^2 \),
 * \[ p \leftarrow p - \tfrac\varepsilon2\nabla U(\theta),\quad \theta \leftarrow \theta + \varepsilon p,\quad p \leftarrow p - \tfrac\varepsilon2\nabla U(\theta), \]
 * and accepts the end point with probability min(1, exp(−ΔH)). The leapfrog map is volume preserving and
 * reversible, so every iteration leaves \( \pi(\theta) \propto e^{-U(\theta)} \) exactly invariant, whatever ε and
 * whatever errors the gradient has (they cost acceptance, not correctness). ε is multiplied by an independent
 * uniform jitter in [1 − j, 1 + j] each iteration (a mixture of invariant kernels is invariant), which breaks
 * periodic trajectories. A non-finite potential along the trajectory is a rejection.
 *
 * @module
 */
import type { Rng } from '../../../core/random.ts';
import { InputError } from '../../../core/lemmataError.ts';

/** Thrown for invalid HMC settings. Exit code 2. */
export class HmcError extends InputError {
  override name = 'HmcError';
}

/** A target density e^{−U}: U(θ), writing ∇U(θ) into `grad` when it is given. */
export interface HmcTarget {
  dim: number;
  potential(theta: Float64Array, grad?: Float64Array): number;
}

/** The chain's state: position, potential and gradient there. */
export interface HmcState {
  theta: Float64Array;
  U: number;
  grad: Float64Array;
}

/** Result of one iteration. */
export interface HmcStepResult {
  accepted: boolean;
  /** min(1, exp(−ΔH)) (0 for a divergent trajectory). */
  acceptProb: number;
  /** Step size used (after jitter). */
  stepSize: number;
}

/** Scratch buffers of {@link hmcStep} (allocate once per chain with {@link hmcBuffers}). */
export interface HmcBuffers {
  theta: Float64Array;
  grad: Float64Array;
  p: Float64Array;
}

/** Buffers for a target of dimension `dim`. */
export function hmcBuffers(dim: number): HmcBuffers {
  return { theta: new Float64Array(dim), grad: new Float64Array(dim), p: new Float64Array(dim) };
}

/** The state at θ (evaluates U and ∇U once). */
export function hmcState(target: HmcTarget, theta: Float64Array): HmcState {
  if (theta.length !== target.dim) throw new HmcError(`theta has length ${theta.length}, the target has dimension ${target.dim}`);
  const grad = new Float64Array(target.dim);
  const t = Float64Array.from(theta);
  const U = target.potential(t, grad);
  if (!Number.isFinite(U)) throw new HmcError(`the potential at the start is ${U}`);
  return { theta: t, U, grad };
}

/** Settings of one {@link hmcStep}. */
export interface HmcStepSettings {
  /** Leapfrog step size ε > 0 (in the units of θ) before jitter. */
  stepSize: number;
  /** Leapfrog steps per iteration (positive integer). */
  leapfrog: number;
  /** Relative jitter of the step size, ε·(1 + jitter·(2u − 1)) with u uniform, in [0, 1) (default 0.1). */
  jitter?: number;
  /** Scratch buffers of the target's dimension ({@link hmcBuffers}, allocated once per chain). */
  buffers: HmcBuffers;
}

/**
 * One Metropolis-adjusted HMC iteration from `state` (updated in place when the proposal is accepted).
 * Draws, in order: the momentum (dim normals), the jitter (one uniform), the acceptance uniform.
 *
 * @throws {HmcError} for a non-positive step size, a non-integer number of leapfrog steps or a jitter outside [0, 1).
 */
export function hmcStep(target: HmcTarget, state: HmcState, o: HmcStepSettings, rng: Rng): HmcStepResult {
  const { leapfrog, buffers: buf } = o;
  const jitter = o.jitter ?? 0.1;
  if (!Number.isFinite(o.stepSize) || !(o.stepSize > 0)) throw new HmcError(`stepSize must be positive and finite, got ${o.stepSize}`);
  if (!Number.isInteger(leapfrog) || leapfrog < 1) throw new HmcError(`leapfrog (steps per iteration) must be a positive integer, got ${leapfrog}`);
  if (!(jitter >= 0 && jitter < 1)) throw new HmcError(`jitter must be in [0, 1), got ${jitter}`);
  const dim = target.dim;
  const { theta, grad, p } = buf;
  rng.fillNormal(p);
  const eps = o.stepSize * (1 + jitter * (2 * rng.uniform() - 1));
  let k0 = 0;
  for (let i = 0; i < dim; i++) k0 += p[i] * p[i];
  const H0 = state.U + 0.5 * k0;
  theta.set(state.theta);
  grad.set(state.grad);
  let U = state.U;
  let ok = true;
  for (let s = 0; s < leapfrog; s++) {
    for (let i = 0; i < dim; i++) p[i] -= 0.5 * eps * grad[i];
    for (let i = 0; i < dim; i++) theta[i] += eps * p[i];
    U = target.potential(theta, grad);
    if (!Number.isFinite(U)) {
      ok = false;
      break;
    }
    for (let i = 0; i < dim; i++) p[i] -= 0.5 * eps * grad[i];
  }
  const u = rng.uniform();
  if (!ok) return { accepted: false, acceptProb: 0, stepSize: eps };
  let k1 = 0;
  for (let i = 0; i < dim; i++) k1 += p[i] * p[i];
  const dH = U + 0.5 * k1 - H0;
  const acceptProb = Number.isFinite(dH) ? Math.min(1, Math.exp(-dH)) : 0;
  const accepted = u < acceptProb;
  if (accepted) {
    state.theta.set(theta);
    state.grad.set(grad);
    state.U = U;
  }
  return { accepted, acceptProb, stepSize: eps };
}

/**
 * Dual averaging of log ε toward a target mean acceptance δ (Hoffman & Gelman 2014, Alg. 5, with their
 * constants γ = 0.05, t₀ = 10, κ = 0.75 and μ = log(10ε₀)):
 * \( \bar H_m = (1 - \tfrac1{m+t_0})\bar H_{m-1} + \tfrac{\delta - a_m}{m+t_0} \),
 * \( \log\varepsilon_m = \mu - \tfrac{\sqrt m}{\gamma}\bar H_m \),
 * \( \log\bar\varepsilon_m = m^{-\kappa}\log\varepsilon_m + (1 - m^{-\kappa})\log\bar\varepsilon_{m-1} \).
 * Use `current` during the warm-up and `final` (ε̄) after it.
 */
export class DualAveraging {
  private m = 0;
  private hBar = 0;
  private logEps: number;
  private logEpsBar = 0;
  private readonly mu: number;
  constructor(
    eps0: number,
    private readonly target = 0.8,
  ) {
    if (!Number.isFinite(eps0) || !(eps0 > 0)) throw new HmcError(`initial step size must be positive and finite, got ${eps0}`);
    if (!(target > 0 && target < 1)) throw new HmcError(`target acceptance must be in (0, 1), got ${target}`);
    this.logEps = Math.log(eps0);
    this.mu = Math.log(10 * eps0);
  }
  /** Records the acceptance probability of the last iteration and updates ε. */
  update(acceptProb: number): void {
    this.m++;
    const m = this.m;
    const t0 = 10;
    this.hBar = (1 - 1 / (m + t0)) * this.hBar + (this.target - acceptProb) / (m + t0);
    this.logEps = this.mu - (Math.sqrt(m) / 0.05) * this.hBar;
    const w = m ** -0.75;
    this.logEpsBar = w * this.logEps + (1 - w) * this.logEpsBar;
  }
  /** The step size for the next warm-up iteration. */
  get current(): number {
    return Math.exp(this.logEps);
  }
  /** The averaged step size, frozen after the warm-up. */
  get final(): number {
    return this.m === 0 ? Math.exp(this.logEps) : Math.exp(this.logEpsBar);
  }
}
