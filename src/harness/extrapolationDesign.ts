/**
 * Sizing an extrapolation claim: how many replicates at each size make the standard error of the
 * extrapolated E_∞ small enough, at the least cost.
 *
 * With per-replicate standard deviation σ_k at size n_k, R_k replicates, and the weighted fit of
 * `judgeExtrapolation.ts`, Var Ê_∞ = [(XᵀWX)⁻¹]_{00} with W = diag(R_k/σ_k²). The design minimises the
 * cost Σ R_k c(n_k) subject to Var Ê_∞ ≤ se², over allocations on a grid of proportions (step 1/20) with
 * every size keeping at least `minShare` of the replicates (so the misfit check sees every size), then
 * scales the best allocation to the target. To detect a deviation ε with probability π at level α,
 * se = ε / (z_{1−α/2} + z_π) (normal approximation).
 *
 * @module
 */
import { InputError } from '../core/lemmataError.ts';

/** What {@link extrapolationReplicates} needs. */
export interface ExtrapolationDesignInput {
  /** The sizes n_k of the ladder. */
  sizes: number[];
  /** Correction orders of the claim (e.g. [1]). */
  orders: number[];
  /** Per-replicate standard deviation at size n. */
  sd(n: number): number;
  /** Relative cost of one replicate at size n (default n²). */
  cost?(n: number): number;
  /** The standard error of Ê_∞ to reach. */
  targetSe: number;
  /** Least share of the replicates at any size (default 0.1). */
  minShare?: number;
  /** Least replicates at any size (default 10). */
  minReplicates?: number;
}

/** Var Ê_∞ of the design's sizes, orders and standard deviations for replicates R (one per size; fractional allowed). */
export function extrapolationVariance(design: Pick<ExtrapolationDesignInput, 'sizes' | 'orders' | 'sd'>, R: number[]): number {
  const { sizes, orders } = design;
  const sd = (n: number) => design.sd(n);
  const m = orders.length + 1;
  const A = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  sizes.forEach((n, k) => {
    const x = [1, ...orders.map((p) => n ** -p)];
    const w = R[k] / sd(n) ** 2;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) A[i][j] += w * x[i] * x[j];
  });
  // [(A)⁻¹]_00 by Gauss–Jordan on the small system.
  const M = A.map((row, i) => [...row, i === 0 ? 1 : 0]);
  for (let c = 0; c < m; c++) {
    let p = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    if (M[c][c] === 0) return Infinity;
    for (let r = 0; r < m; r++) {
      if (r === c) continue;
      const f = M[r][c] / M[c][c];
      for (let j = c; j <= m; j++) M[r][j] -= f * M[c][j];
    }
  }
  return M[0][m] / M[0][0];
}

function* simplex(k: number, steps: number, minSteps: number): Generator<number[]> {
  if (k === 1) {
    if (steps >= minSteps) yield [steps];
    return;
  }
  for (let s = minSteps; s <= steps - minSteps * (k - 1); s++) for (const rest of simplex(k - 1, steps - s, minSteps)) yield [s, ...rest];
}

/** The cheapest allocation of replicates over the sizes, as shares, and the standard error it reaches per unit cost. */
export interface ExtrapolationPlan {
  /** Shares of the replicates per size (sum 1). */
  shares: number[];
  /** se of Ê_∞ when the total cost Σ R_k c(n_k) is 1: at cost C the se is `sePerUnitCost/√C`. */
  sePerUnitCost: number;
}

/** The cheapest allocation (see the module comment). */
export function extrapolationPlan(o: Omit<ExtrapolationDesignInput, 'targetSe' | 'minReplicates'>): ExtrapolationPlan {
  const { sizes, orders, sd } = o;
  if (sizes.length < orders.length + 2) throw new InputError(`extrapolationPlan: ${sizes.length} sizes cannot fit ${orders.length} correction term(s) with a misfit check`);
  const cost = o.cost ?? ((n: number) => n * n);
  const steps = 20;
  const minSteps = Math.max(1, Math.round((o.minShare ?? 0.1) * steps));
  let best: ExtrapolationPlan | null = null;
  for (const share of simplex(sizes.length, steps, minSteps)) {
    const p = share.map((x) => x / steps);
    // With R = t·p: Var = V(p)/t and cost t·Σ p c, so se² × cost = V(p)·Σ p c.
    const v = extrapolationVariance({ sizes, orders, sd }, p) * p.reduce((s, x, k) => s + x * cost(sizes[k]), 0);
    if (!best || v < best.sePerUnitCost ** 2) best = { shares: p, sePerUnitCost: Math.sqrt(v) };
  }
  return best!;
}

/** Replicates per size reaching `targetSe` at the least cost. */
export function extrapolationReplicates(o: ExtrapolationDesignInput): number[] {
  const { sizes, orders, sd, targetSe } = o;
  if (sizes.length < orders.length + 2) throw new InputError(`extrapolationReplicates: ${sizes.length} sizes cannot fit ${orders.length} correction term(s) with a misfit check`);
  if (!(targetSe > 0)) throw new InputError(`extrapolationReplicates: targetSe must be positive, got ${targetSe}`);
  const cost = o.cost ?? ((n: number) => n * n);
  const steps = 20;
  const minSteps = Math.max(1, Math.round((o.minShare ?? 0.1) * steps));
  let best: { R: number[]; total: number } | null = null;
  for (const share of simplex(sizes.length, steps, minSteps)) {
    // With R = t·share, Var = V1/t; the t reaching the target is V1/se², and the cost is t·Σ share·c.
    const v1 = extrapolationVariance({ sizes, orders, sd }, share);
    const t = v1 / targetSe ** 2;
    const total = t * share.reduce((s, p, k) => s + p * cost(sizes[k]), 0);
    if (!best || total < best.total) best = { R: share.map((p) => p * t), total };
  }
  const minR = o.minReplicates ?? 10;
  return best!.R.map((r) => Math.max(minR, Math.ceil(r)));
}
