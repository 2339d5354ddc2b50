/**
 * The exact posterior of a deep **linear** teacher–student network, against which the HMC sampler is checked
 * (shared/math/deep-gaussian-equivalence.md §6–7.1).
 *
 * With φ = identity the output is S = v·x/√d with \( v = W_1^\top\cdots W_L^\top a/\sqrt{d_1\cdots d_L} \), and
 * (§7.1) \( v \mid c \sim \mathcal N(0, c I_d) \) exactly, where
 * \[ c = \sigma_a^2\prod_{l=1}^L\sigma_l^2\;\prod_{l=1}^L \chi^2_{d_l}/d_l \quad\text{(independent chi-squares)}. \]
 * Hence the posterior of S given (Y, X) is a one-dimensional scale mixture of the Gaussian GLM posteriors of G3:
 * given c, \( \langle v\rangle_c = (X^\top X/d + (\Delta/c)I)^{-1}X^\top Y/\sqrt{cd} \) (ridge at λ = Δ/c,
 * `posteriorMeanRidge` with s = c), and
 * \( p(c\mid Y, X) \propto p(c)\,\mathcal N(Y; 0, cXX^\top/d + \Delta I_n) \). With XᵀX/d = QΛQᵀ and t = QᵀXᵀY,
 * p = Qᵀx:
 * \[ \hat S_c(x) = \sum_i \frac{c\,p_i t_i}{d(c\lambda_i + \Delta)},\qquad
 *    \mathrm{Var}(S(x)\mid c, Y) = \sum_i \frac{c\Delta\,p_i^2}{d(c\lambda_i+\Delta)}, \]
 * \[ \log\mathcal N(Y; 0, cXX^\top/d + \Delta I) = -\tfrac12\Big[n\log 2\pi + (n-d)\log\Delta + \sum_i\log(c\lambda_i+\Delta)
 *    + \frac{\|Y\|^2}\Delta - \sum_i\frac{c\,t_i^2}{d\Delta(c\lambda_i+\Delta)}\Big] \]
 * (Sylvester and Woodbury; valid for n < d too). The mixture over y = log c is a quadrature on a uniform grid
 * of 2N + 1 points over ±12 prior standard deviations; the prior density of y is the convolution of the densities
 * of log(χ²_{d_l}/d_l), \( \log f(y) = \tfrac k2\log t - \tfrac t2 - \tfrac k2\log 2 - \log\Gamma(\tfrac k2) \), t = k e^y,
 * computed by direct discrete convolution. For L = 0, c = σ_a² exactly and the posterior is G3's.
 *
 * @module
 */
import { lgamma } from '../../../core/beta.ts';
import { symEig } from '../../../core/eigen.ts';
import { gemv } from '../../../core/gemv.ts';
import { DimensionError, type Matrix } from '../../../core/matrix.ts';
import { gram } from '../../../core/syrk.ts';
import { matmul } from '../../../core/gemm.ts';
import { PosteriorModelError } from './posteriorModel.ts';

/** The deep linear network: variances and hidden widths (no activations: all are the identity). */
export interface DeepLinearNetwork {
  d: number;
  widths: number[];
  weightVars: number[];
  readoutVar: number;
}

/** The exact posterior at the test inputs (and the training inputs). */
export interface DeepLinearPosterior {
  /** E[S(x) | Y, X] at each test input. */
  testMean: Float64Array;
  /** Var(S(x) | Y, X) at each test input. */
  testVar: Float64Array;
  /** E[S_μ | Y, X] at the training inputs. */
  inSampleMean: Float64Array;
  /** Σ_μ Var(S_μ | Y, X). */
  inSampleVarSum: number;
  /** Posterior mean and sd of log c. */
  logC: { mean: number; sd: number };
  /** log p(Y | X) (the evidence). */
  logEvidence: number;
}

/** log-density of y = log(χ²_k/k) at y. */
function logChi2LogDensity(y: number, k: number): number {
  const t = k * Math.exp(y);
  return (k / 2) * Math.log(t) - t / 2 - (k / 2) * Math.LN2 - lgamma(k / 2);
}

/** Options of {@link deepLinearPosterior}. */
export interface DeepLinearPosteriorOptions {
  /**
   * N: the grid has 2N + 1 points in log c (default 600; the integrand is smooth and the rule is the trapezoid rule on
   * a rapidly decaying function, so its error is far below Monte Carlo resolution).
   */
  gridHalf?: number;
}

/**
 * The exact posterior of the deep linear network (L ≥ 0) given (X, Y, Δ), evaluated at the rows of Xtest.
 *
 * @throws {PosteriorModelError} for invalid variances or widths, Δ ≤ 0; {@link DimensionError} for mismatched shapes.
 */
export function deepLinearPosterior(net: DeepLinearNetwork, data: { X: Matrix; Y: Float64Array; delta: number }, Xtest: Matrix, options: DeepLinearPosteriorOptions = {}): DeepLinearPosterior {
  const { gridHalf = 600 } = options;
  const { X, Y, delta } = data;
  const d = net.d;
  const L = net.widths.length;
  if (X.cols !== d || Xtest.cols !== d) throw new DimensionError(`X and Xtest must have d = ${d} columns, got ${X.cols} and ${Xtest.cols}`);
  if (Y.length !== X.rows) throw new DimensionError(`Y has length ${Y.length} but X has ${X.rows} rows`);
  if (!Number.isFinite(delta) || !(delta > 0)) throw new PosteriorModelError(`delta must be positive and finite, got ${delta}`);
  if (net.weightVars.length !== L) throw new PosteriorModelError(`weightVars has ${net.weightVars.length} entries for ${L} layers`);
  if (!(net.readoutVar > 0) || net.weightVars.some((s) => !(s > 0)) || net.widths.some((w) => !Number.isInteger(w) || w < 1)) {
    throw new PosteriorModelError('variances must be positive and widths positive integers');
  }
  const n = X.rows;
  const logScale = Math.log(net.readoutVar) + net.weightVars.reduce((s, v) => s + Math.log(v), 0);
  // Prior of y = log c − logScale on a grid.
  const sdPrior = Math.sqrt(net.widths.reduce((s, w) => s + 2 / w, 0));
  const N = L === 0 ? 0 : gridHalf;
  const h = L === 0 ? 1 : (12 * sdPrior) / N;
  const G = 2 * N + 1;
  const ys = new Float64Array(G);
  for (let j = 0; j < G; j++) ys[j] = (j - N) * h;
  let logPrior = new Float64Array(G); // log density on the grid
  if (L > 0) {
    for (let j = 0; j < G; j++) logPrior[j] = logChi2LogDensity(ys[j], net.widths[0]);
    for (let l = 1; l < L; l++) {
      // The grid is uniform, so the next layer's density enters only through the offset i − j: tabulate it once.
      const kernel = new Float64Array(2 * G - 1);
      for (let o = 0; o < 2 * G - 1; o++) kernel[o] = Math.exp(logChi2LogDensity((o - (G - 1)) * h, net.widths[l]));
      let mx = -Infinity;
      for (let j = 0; j < G; j++) mx = Math.max(mx, logPrior[j]);
      const p = new Float64Array(G);
      for (let j = 0; j < G; j++) p[j] = Math.exp(logPrior[j] - mx);
      const next = new Float64Array(G);
      for (let i = 0; i < G; i++) {
        let s = 0;
        for (let j = 0; j < G; j++) s += p[j] * kernel[i - j + G - 1];
        next[i] = mx + Math.log(s * h);
      }
      logPrior = next;
    }
  }
  // Spectral data of XᵀX/d.
  const A = gram(X);
  for (let i = 0; i < A.data.length; i++) A.data[i] /= d;
  const { values: lam, vectors: Q } = symEig(A);
  const xty = new Float64Array(d);
  gemv(X, Y, xty, { trans: true });
  const t = new Float64Array(d);
  gemv(Q, xty, t, { trans: true });
  const P = matmul(Xtest, Q); // rows p(x) = Qᵀx
  const Pin = matmul(X, Q);
  const yy = Y.reduce((s, v) => s + v * v, 0);
  const logLik = (c: number) => {
    let ld = 0;
    let q = 0;
    for (let i = 0; i < d; i++) {
      const e = c * Math.max(0, lam[i]) + delta;
      ld += Math.log(e);
      q += (c * t[i] * t[i]) / (d * delta * e);
    }
    return -0.5 * (n * Math.log(2 * Math.PI) + (n - d) * Math.log(delta) + ld + yy / delta - q);
  };
  const logW = new Float64Array(G);
  for (let j = 0; j < G; j++) logW[j] = logPrior[j] + logLik(Math.exp(logScale + ys[j]));
  let mx = -Infinity;
  for (let j = 0; j < G; j++) mx = Math.max(mx, logW[j]);
  const w = new Float64Array(G);
  let Z = 0;
  for (let j = 0; j < G; j++) {
    w[j] = Math.exp(logW[j] - mx);
    Z += w[j];
  }
  const logEvidence = mx + Math.log(Z * h);
  for (let j = 0; j < G; j++) w[j] /= Z;
  const m = Xtest.rows;
  const testMean = new Float64Array(m);
  const testSecond = new Float64Array(m);
  const inMean = new Float64Array(n);
  const inSecond = new Float64Array(n);
  let ly = 0;
  let ly2 = 0;
  const coefMean = new Float64Array(d);
  const coefVar = new Float64Array(d);
  const accumulate = (Pm: Matrix, rows: number, mean: Float64Array, second: Float64Array, wj: number) => {
    for (let r = 0; r < rows; r++) {
      let s = 0;
      let v = 0;
      const o = r * d;
      for (let i = 0; i < d; i++) {
        const p = Pm.data[o + i];
        s += p * coefMean[i];
        v += p * p * coefVar[i];
      }
      mean[r] += wj * s;
      second[r] += wj * (v + s * s);
    }
  };
  for (let j = 0; j < G; j++) {
    const wj = w[j];
    if (wj < 1e-18) continue; // contributes below float64 resolution of the mixture
    const c = Math.exp(logScale + ys[j]);
    ly += wj * ys[j];
    ly2 += wj * ys[j] * ys[j];
    for (let i = 0; i < d; i++) {
      const e = c * Math.max(0, lam[i]) + delta;
      coefMean[i] = (c * t[i]) / (d * e);
      coefVar[i] = (c * delta) / (d * e);
    }
    accumulate(P, m, testMean, testSecond, wj);
    accumulate(Pin, n, inMean, inSecond, wj);
  }
  const testVar = new Float64Array(m);
  for (let r = 0; r < m; r++) testVar[r] = testSecond[r] - testMean[r] * testMean[r];
  let inVar = 0;
  for (let r = 0; r < n; r++) inVar += inSecond[r] - inMean[r] * inMean[r];
  return {
    testMean,
    testVar,
    inSampleMean: inMean,
    inSampleVarSum: inVar,
    logC: { mean: logScale + ly, sd: Math.sqrt(Math.max(0, ly2 - ly * ly)) },
    logEvidence,
  };
}
