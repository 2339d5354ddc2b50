/**
 * The verdict of an extrapolation claim: an expectation whose finite-size bias is fitted, not assumed
 * away (the "expectation with a finite-size correction" of the verification policy).
 *
 * Model. At each size n_k the claim's replicates estimate E_{n_k} by a mean ȳ_k with variance v_k = s_k²
 * (plus, with a control variate, the independent mean of the control replicates: ȳ_k = ā_k + b̄_k,
 * v_k = s_{a,k}² + s_{b,k}²). The claim states the correction orders p_1 … p_J:
 * \[ E_n = E_\infty + \sum_{j=1}^{J} c_j\, n^{-p_j}. \]
 * With X_k = (1, n_k^{-p_1}, …, n_k^{-p_J}) and weights w_k = 1/v_k, weighted least squares gives
 * β̂ = (XᵀWX)⁻¹XᵀWȳ, Ê_∞ = β̂_0 = Σ_k a_k ȳ_k, and Var Ê_∞ = Σ_k a_k² v_k = [(XᵀWX)⁻¹]_{00}.
 * At least J + 2 sizes are required, so that χ² = Σ_k w_k (ȳ_k − X_k β̂)² has q = K − J − 1 ≥ 1 degrees of
 * freedom and a misfit of the correction model can show. The weights are estimated, so χ² is not χ²_q: Johansen's
 * (1980) Welch–James approximation refers χ²/c to F(q, f₂), with the hat matrix H = X(XᵀWX)⁻¹XᵀW, the per-size
 * degrees of freedom f_k of v_k and
 * \[ A = \sum_k \frac{(1 - H_{kk})^2}{f_k},\quad c = q + 2A - \frac{6A}{q + 2},\quad f_2 = \frac{q(q + 2)}{3A} \]
 * (for a constant fit, Welch's 1951 heteroscedastic ANOVA). Measured on 20000 null data sets with R = 8 per size and
 * four sizes: the plain χ²_q tail rejected at 0.01 in 3.2% of them and at 0.001 in 0.9%; the F approximation in 0.99%
 * and 0.095% (R = 4, five sizes: 9.2% against 0.89%). When the misfit p-value is below `misfitAlpha` the stated
 * correction does not describe the data, Ê_∞ would carry the unmodelled bias, and the verdict is `inconclusive`
 * (never `refuted`). Under the strict gate (`npm test`, `verify --strict`) an inconclusive claim fails, so the misfit
 * test is budgeted like the t test: an extrapolation claim counts two tests, and `misfitAlpha` defaults to α_i.
 * A PDG-style scale factor √(χ²/q) was not used: with q = 1 (three sizes, one term) it exceeds 1 in a third of the
 * runs of a correct model and halves the power for nothing.
 *
 * Test. T = (Ê_∞ − E_claimed)/se is compared with t_{1−α/2, ν}, where ν is the Welch–Satterthwaite
 * degrees of freedom of Σ a_k ȳ_k (each v_k estimated from R_k − 1 degrees of freedom). A correct claim
 * whose correction model holds is refuted with probability ≤ α (the scale factor only lowers it).
 * Power: a deviation ε is detected with probability ≥ 0.8 when ε ≥ (t_{1−α/2,ν} + t_{0.8,ν})·se; when the
 * claim's `minEffect` is below that, an unrejected claim is `inconclusive`, with the replicates needed.
 *
 * p-value. `details.pValue` = 2·P(T_ν > |T|), from the same T and ν: a claim is refuted exactly when the
 * correction model fits (misfit p ≥ misfitAlpha) and pValue < α. It is reported under a misfit too (where
 * it decides nothing), so that `lemmata calibrate` sees the whole distribution of the test of E_∞.
 *
 * Bias that the model leaves out (higher orders than those stated) is not covered: the claim's
 * correction derivation must say why the stated orders suffice at its sizes.
 *
 * @module
 */
import { fSurvival, mean, stderr, studentTQuantile, studentTSurvival } from '../core/stats.ts';
import type { Verdict } from './verdict.ts';

/** The replicates of one size. */
export interface ExtrapolationLevel {
  n: number;
  values: ArrayLike<number>;
  /** Independent control-variate replicates at the same size (their mean is added). */
  control?: ArrayLike<number>;
}

/** What {@link judgeExtrapolation} judges. */
export interface ExtrapolationEvidence {
  levels: readonly ExtrapolationLevel[];
  /** Correction orders p_j (> 0, distinct). */
  orders: readonly number[];
  /** The claimed E_∞. */
  expected: number;
  minEffect: number;
  /** The per-test level α_i. */
  alpha: number;
  /** Level of the misfit test of the correction model (default: `alpha`, a budgeted test of its own). */
  misfitAlpha?: number;
}

/** One size in the judgement. */
export interface ExtrapolationLevelSummary {
  n: number;
  replicates: number;
  controlReplicates: number;
  /** ȳ_k (main mean + control mean). */
  mean: number;
  stderr: number;
  /** The fitted E_n at this size. */
  fitted: number;
}

/** The judged extrapolation. */
export interface ExtrapolationJudgement {
  verdict: Verdict;
  reason: string;
  /** Ê_∞ and its standard error. */
  estimate: number | null;
  stderr: number | null;
  levels: ExtrapolationLevelSummary[];
  details: Record<string, unknown>;
}

const fmt = (x: number, d = 3) => (Number.isFinite(x) ? x.toPrecision(d) : String(x));

/** Solves the small symmetric positive definite system A x = b (Cholesky; A is (J+1)×(J+1)). */
function solveSpd(A: number[][], b: number[]): number[] | null {
  const m = A.length;
  const L = A.map(() => new Array<number>(m).fill(0));
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      if (i === j) {
        if (!(s > 0)) return null;
        L[i][i] = Math.sqrt(s);
      } else L[i][j] = s / L[j][j];
    }
  }
  const y = new Array<number>(m);
  for (let i = 0; i < m; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i][k] * y[k];
    y[i] = s / L[i][i];
  }
  const x = new Array<number>(m);
  for (let i = m - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < m; k++) s -= L[k][i] * x[k];
    x[i] = s / L[i][i];
  }
  return x;
}

/** Judges the sizes' replicates against the claimed E_∞. */
export function judgeExtrapolation(e: ExtrapolationEvidence): ExtrapolationJudgement {
  const { levels: lv, orders, expected, minEffect, alpha } = e;
  const misfitAlpha = e.misfitAlpha ?? alpha;
  const none = (verdict: Verdict, reason: string): ExtrapolationJudgement => ({ verdict, reason, estimate: null, stderr: null, levels: [], details: {} });
  if (!Number.isFinite(expected)) return none('error', `the expected value is ${expected}`);
  for (const l of lv) {
    for (const arr of [l.values, l.control ?? []]) {
      for (let i = 0; i < arr.length; i++) if (!Number.isFinite(arr[i])) return none('error', `a replicate at n = ${l.n} is ${arr[i]}`);
    }
  }
  const J = orders.length;
  const K = lv.length;
  if (K < J + 2) return none('inconclusive', `${K} sizes cannot fit E_∞ and ${J} correction term(s) with a misfit check: ${J + 2} are needed`);
  const stats = lv.map((l) => {
    const Ra = l.values.length;
    const Rb = l.control?.length ?? 0;
    const va = Ra >= 2 ? stderr(l.values) ** 2 : NaN;
    const vb = Rb >= 2 ? stderr(l.control as ArrayLike<number>) ** 2 : 0;
    return { n: l.n, Ra, Rb, y: mean(l.values) + (Rb ? mean(l.control as ArrayLike<number>) : 0), va, vb, v: va + vb };
  });
  for (const s of stats) {
    if (s.Ra < 2 || (s.Rb > 0 && s.Rb < 2)) return none('inconclusive', `n = ${s.n}: at least 2 replicates are needed for a standard error`);
    if (!(s.v > 0)) return none('inconclusive', `n = ${s.n}: the replicates do not vary (zero standard error): the test needs a spread`);
  }
  const X = stats.map((s) => [1, ...orders.map((p) => s.n ** -p)]);
  const w = stats.map((s) => 1 / s.v);
  const m = J + 1;
  const A = Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => X.reduce((acc, x, k) => acc + w[k] * x[i] * x[j], 0)));
  const b = Array.from({ length: m }, (_, i) => X.reduce((acc, x, k) => acc + w[k] * x[i] * stats[k].y, 0));
  const beta = solveSpd(A, b);
  const e0 = solveSpd(A, Array.from({ length: m }, (_, i) => (i === 0 ? 1 : 0)));
  if (!beta || !e0) return none('inconclusive', 'the sizes do not determine the correction terms (singular fit): use distinct sizes');
  // a_k = e0ᵀ X_k w_k: Ê_∞ = Σ a_k ȳ_k; Var = Σ a_k² v_k = (XᵀWX)⁻¹_00.
  const a = X.map((x, k) => w[k] * x.reduce((acc, xi, i) => acc + xi * e0[i], 0));
  const E = beta[0];
  const varE = a.reduce((acc, ak, k) => acc + ak * ak * stats[k].v, 0);
  const fitted = X.map((x) => x.reduce((acc, xi, i) => acc + xi * beta[i], 0));
  const chi2 = stats.reduce((acc, s, k) => acc + w[k] * (s.y - fitted[k]) ** 2, 0);
  const dof = K - m;
  // The weights are estimated (v_k from f_k degrees of freedom), so χ² is not χ²_dof: with R = 8 its tail at 0.01 was
  // reached 3–5× too often. Johansen's (1980) Welch–James approximation: χ²/c ~ F(q, f₂) with q = dof,
  // A = Σ_k (1 − H_kk)²/f_k (H = X(XᵀWX)⁻¹XᵀW, the hat matrix), c = q + 2A − 6A/(q + 2), f₂ = q(q + 2)/(3A).
  // For the fit of a constant it is Welch's (1951) heteroscedastic ANOVA exactly.
  let johansenA = 0;
  for (let k = 0; k < K; k++) {
    const h = solveSpd(A, X[k]);
    const Hkk = h ? w[k] * X[k].reduce((acc, xi, i) => acc + xi * h[i], 0) : 0;
    const s = stats[k];
    const fk = s.v ** 2 / (s.va ** 2 / (s.Ra - 1) + (s.Rb ? s.vb ** 2 / (s.Rb - 1) : 0));
    johansenA += (1 - Hkk) ** 2 / fk;
  }
  const johansenC = dof + 2 * johansenA - (6 * johansenA) / (dof + 2);
  const johansenF2 = johansenA > 0 ? (dof * (dof + 2)) / (3 * johansenA) : Infinity;
  const misfitP = fSurvival(chi2 / johansenC, dof, johansenF2);
  const se = Math.sqrt(varE);
  // Welch–Satterthwaite: ν = (Σ a_k² v_k)² / Σ_k Σ_parts (a_k² v_part)²/(R_part − 1).
  const denom = stats.reduce((acc, s, k) => acc + (a[k] ** 2 * s.va) ** 2 / (s.Ra - 1) + (s.Rb ? (a[k] ** 2 * s.vb) ** 2 / (s.Rb - 1) : 0), 0);
  const nu = Math.max(1, varE ** 2 / denom);
  const tCrit = studentTQuantile(1 - alpha / 2, nu);
  const detectable = (tCrit + studentTQuantile(0.8, nu)) * se;
  const diff = E - expected;
  const t = diff / se;
  const pValue = Math.min(1, 2 * studentTSurvival(Math.abs(t), nu));
  const levels: ExtrapolationLevelSummary[] = stats.map((s, k) => ({ n: s.n, replicates: s.Ra, controlReplicates: s.Rb, mean: s.y, stderr: Math.sqrt(s.v), fitted: fitted[k] }));
  const details = {
    alpha,
    orders: [...orders],
    coefficients: beta.slice(1),
    chi2,
    dof,
    misfitP,
    misfitAlpha,
    misfitF: { statistic: chi2 / johansenC, d1: dof, d2: johansenF2 },
    nu,
    tCritical: tCrit,
    smallestDetectable: detectable,
    minEffect,
    expected,
    extrapolated: E,
    pValue,
  };
  const base = { estimate: E, stderr: se, levels, details };
  const corr = orders.map((p, j) => `${fmt(beta[j + 1])}/${p === 1 ? 'n' : `n^${p}`}`).join(' + ');
  const fitText = `E_∞ = ${fmt(E, 5)} ± ${fmt(se, 2)} (fit E_n = E_∞ + ${corr}, χ²/dof = ${fmt(chi2 / dof, 2)})`;
  if (misfitP < misfitAlpha) {
    return {
      ...base,
      verdict: 'inconclusive',
      reason: `${fitText}: the stated correction does not describe the data (χ² = ${fmt(chi2)} on ${dof} dof, Welch–James F p = ${fmt(misfitP, 2)} < ${fmt(misfitAlpha, 2)}); add a correction term or use larger sizes`,
    };
  }
  if (Math.abs(t) > tCrit) {
    return { ...base, verdict: 'refuted', reason: `${fitText}: ${fmt(diff)} from the claimed ${fmt(expected, 6)}, |t| = ${fmt(Math.abs(t))} > ${fmt(tCrit)} at α = ${fmt(alpha, 2)}` };
  }
  if (detectable > minEffect) {
    return {
      ...base,
      verdict: 'inconclusive',
      reason: `underpowered: ${fitText} detects only |Δ| ≥ ${fmt(detectable, 2)} with power 0.8, but the claim asks for ${fmt(minEffect, 2)}; about ${fmt((detectable / minEffect) ** 2, 2)}× the replicates are needed`,
    };
  }
  return { ...base, verdict: 'verified', reason: `${fitText} agrees with ${fmt(expected, 6)} (|t| = ${fmt(Math.abs(t))} ≤ ${fmt(tCrit)}); detects |Δ| ≥ ${fmt(detectable, 2)} with power 0.8` };
}
