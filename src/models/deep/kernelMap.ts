/**
 * The kernel map of one hidden layer of a random network: from the Gram matrix of a layer's inputs to the
 * expected Gram matrix of its outputs (the NNGP recursion; Neal 1996, Williams 1997, Lee et al. 2018,
 * *Deep neural networks as Gaussian processes*, ICLR, eq. (4); Cho & Saul 2009 for ReLU).
 *
 * A layer x ↦ φ(Wx/√d_in) − c with W_{ij} ~ N(0, σ²) maps inputs with Gram entries C_ij = x_i·x_j/d_in to
 * outputs whose Gram entries y_i·y_j/d_out have expectation (exactly, at any width d_out, given the inputs)
 * \[ F(C)_{ij} = \mathbb E\big[(\varphi(u)-c)(\varphi(v)-c)\big],\qquad (u, v) \sim N\Big(0,\ \sigma^2\begin{pmatrix} C_{ii} & C_{ij}\\ C_{ij} & C_{jj}\end{pmatrix}\Big), \]
 * because the d_out rows of W are i.i.d. and (w·x_i, w·x_j)/√d_in is exactly that Gaussian pair.
 *
 * Evaluation (A = σ²C_ii, B = σ²C_jj, ρ = C_ij/√(C_ii C_jj)):
 * - closed forms for the built-ins: erf, the arcsine kernel of Williams 1997,
 *   \( \mathbb E\,\mathrm{erf}(u)\mathrm{erf}(v) = \tfrac2\pi\arcsin\frac{2\Sigma_{uv}}{\sqrt{(1+2A)(1+2B)}} \); sign, \( \tfrac2\pi\arcsin\rho \);
 *   ReLU, \( \tfrac{\sqrt{AB}}{2\pi}(\sin\theta + (\pi-\theta)\cos\theta) \), θ = arccos ρ, E ReLU(u) = √(A/2π) (Cho & Saul 2009, eq. (6));
 *   linear, Σ_uv;
 * - smooth activations: Mehler's series \( \sum_k c_k(A)c_k(B)\rho^k \) with the orthonormal Hermite coefficients of
 *   φ − c (`hermiteCoefficients.ts`), truncated at the first K with
 *   \( |\rho|^{K+1}\sqrt{T_K(A)\,T_K(B)} \le \mathrm{tol}\cdot\sqrt{\mathbb E\varphi_c(u)^2\,\mathbb E\varphi_c(v)^2} \), T_K the Parseval
 *   tails (Cauchy–Schwarz bounds the remainder by the left side); the diagonal is E φ_c(u)² itself;
 * - where the series has not met the tolerance by its last order (|ρ| near 1), and for non-smooth activations without a
 *   closed form: two-dimensional adaptive quadrature (`pairExpectation.ts`).
 *
 * @module
 */
import { DimensionError, type Matrix } from '../../core/matrix.ts';
import { gaussianExpectation } from '../../core/gaussianExpectation.ts';
import { BUILTIN_ACTIVATIONS, type Activation } from './activation.ts';
import { hermiteCoefficients, type HermiteCoefficients } from './hermiteCoefficients.ts';
import { pairExpectation } from './pairExpectation.ts';

/** One layer as the kernel map sees it: φ, σ² of its weights, and the constant c subtracted after φ (centring). */
export interface KernelLayer {
  activation: Activation;
  weightVar: number;
  /** c in φ(·) − c (κ0 at the layer's nominal variance for a centred layer, else 0). */
  shift: number;
}

/** Options of the kernel map. */
export interface KernelMapOptions {
  /** `auto` (default): closed forms where known; `quadrature`: never the closed forms (to check them). */
  method?: 'auto' | 'quadrature';
  /** Relative tolerance of the series and quadratures (default 1e-14). */
  tol?: number;
  /** Highest Hermite order of the series (default 128). */
  maxOrder?: number;
}

interface ClosedForm {
  /** E φ(u)φ(v) for (u, v) ~ N(0, [[A, S], [S, B]]). */
  pair: (A: number, B: number, S: number) => number;
  /** E φ(u) for u ~ N(0, A). */
  mean: (A: number) => number;
}

const clamp1 = (x: number) => Math.max(-1, Math.min(1, x));

/** Closed forms of the built-in activations (keyed by the activation object itself). */
const CLOSED_FORMS = new Map<Activation, ClosedForm>([
  [BUILTIN_ACTIVATIONS.linear, { pair: (_A, _B, S) => S, mean: () => 0 }],
  [BUILTIN_ACTIVATIONS.erf, { pair: (A, B, S) => (2 / Math.PI) * Math.asin(clamp1((2 * S) / Math.sqrt((1 + 2 * A) * (1 + 2 * B)))), mean: () => 0 }],
  [BUILTIN_ACTIVATIONS.sign, { pair: (A, B, S) => (2 / Math.PI) * Math.asin(clamp1(S / Math.sqrt(A * B))), mean: () => 0 }],
  [
    BUILTIN_ACTIVATIONS.relu,
    {
      pair: (A, B, S) => {
        const rho = clamp1(S / Math.sqrt(A * B));
        const th = Math.acos(rho);
        return (Math.sqrt(A * B) / (2 * Math.PI)) * (Math.sin(th) + (Math.PI - th) * rho);
      },
      mean: (A) => Math.sqrt(A / (2 * Math.PI)),
    },
  ],
]);

/** Whether the kernel map of `act` has a closed form (erf, sign, ReLU, linear). */
export function hasClosedFormKernel(act: Activation): boolean {
  return CLOSED_FORMS.has(act);
}

function checkLayer(layer: KernelLayer): void {
  if (!layer || typeof layer.activation?.f !== 'function') throw new DimensionError('layer.activation must be an Activation');
  if (!Number.isFinite(layer.weightVar) || !(layer.weightVar > 0)) throw new DimensionError(`layer.weightVar (σ² of the weights) must be positive and finite, got ${layer.weightVar}`);
  if (!Number.isFinite(layer.shift)) throw new DimensionError(`layer.shift (the centring constant) must be finite, got ${layer.shift}`);
}

/** Evaluates F(C)_ij for several pairs of one layer, caching per-variance Hermite coefficients. */
class PairEvaluator {
  private readonly closed: ClosedForm | undefined;
  private readonly smooth: boolean;
  private readonly fc: (x: number) => number;
  private readonly piece: { f: (x: number) => number; breakpoints: readonly number[] };
  private readonly cache = new Map<number, HermiteCoefficients>();
  private readonly tol: number;
  private readonly maxOrder: number;

  constructor(private readonly layer: KernelLayer, opts: KernelMapOptions) {
    checkLayer(layer);
    const method = opts.method ?? 'auto';
    if (method !== 'auto' && method !== 'quadrature') throw new DimensionError(`method must be 'auto' or 'quadrature', got '${String(method)}'`);
    this.closed = method === 'auto' ? CLOSED_FORMS.get(layer.activation) : undefined;
    this.smooth = layer.activation.breakpoints.length === 0;
    const f = layer.activation.f;
    const c = layer.shift;
    this.fc = c === 0 ? f : (x) => f(x) - c;
    this.piece = { f: this.fc, breakpoints: layer.activation.breakpoints };
    this.tol = opts.tol ?? 1e-14;
    this.maxOrder = opts.maxOrder ?? 128;
    if (!(this.tol > 0) || !Number.isFinite(this.tol)) throw new DimensionError(`tol must be positive and finite, got ${this.tol}`);
  }

  private coefficients(A: number): HermiteCoefficients {
    let h = this.cache.get(A);
    if (!h) this.cache.set(A, (h = hermiteCoefficients(this.fc, A, { maxOrder: this.maxOrder, tol: this.tol })));
    return h;
  }

  /** E φ_c(u)², u ~ N(0, A). */
  diagonal(A: number): number {
    if (this.closed) {
      const m = this.closed.mean(A);
      const c = this.layer.shift;
      return this.closed.pair(A, A, A) - 2 * c * m + c * c;
    }
    if (this.smooth) return this.coefficients(A).secondMoment;
    return gaussianExpectation((x) => this.fc(x) ** 2, A, { breakpoints: this.layer.activation.breakpoints, relTol: this.tol }).value;
  }

  /** E φ_c(u)φ_c(v), (u, v) ~ N(0, [[A, S], [S, B]]). */
  offDiagonal(A: number, B: number, S: number): number {
    if (this.closed) {
      const c = this.layer.shift;
      return this.closed.pair(A, B, S) - c * (this.closed.mean(A) + this.closed.mean(B)) + c * c;
    }
    if (this.smooth) {
      const ha = this.coefficients(A);
      const hb = this.coefficients(B);
      const rho = clamp1(S / Math.sqrt(A * B));
      const target = this.tol * Math.sqrt(ha.secondMoment * hb.secondMoment);
      const ar = Math.abs(rho);
      let sum = 0;
      let pw = 1; // ρ^k
      let apw = ar; // |ρ|^{k+1}
      for (let k = 0; k <= this.maxOrder; k++) {
        sum += ha.coeffs[k] * hb.coeffs[k] * pw;
        if (apw * Math.sqrt(ha.tails[k] * hb.tails[k]) <= target) return sum;
        pw *= rho;
        apw *= ar;
      }
    }
    return pairExpectation(this.piece, this.piece, { a: A, b: B, c: S, relTol: Math.max(this.tol, 1e-13) });
  }
}

/** The three Gram entries of a pair of inputs (or of their features): C11 = x·x/d, C22 = x′·x′/d, C12 = x·x′/d. */
export interface PairGram {
  /** C11 = x·x/d > 0. */
  c11: number;
  /** C22 = x′·x′/d > 0. */
  c22: number;
  /** C12 = x·x′/d, |C12| ≤ √(C11 C22). */
  c12: number;
}

/**
 * F(C) for one pair: the expected product of the layer's outputs for two inputs with Gram entries
 * C11 = x·x/d, C22 = x′·x′/d, C12 = x·x′/d (see the module comment).
 *
 * @throws {DimensionError} for a non-positive or non-finite diagonal, |C12| > (1 + 1e-12)√(C11 C22), or a bad layer.
 */
export function pairKernel(layer: KernelLayer, gram: PairGram, opts: KernelMapOptions = {}): { k11: number; k22: number; k12: number } {
  const { c11: C11, c22: C22, c12: C12 } = gram;
  checkPair(C11, C22, C12, 0, 1);
  const ev = new PairEvaluator(layer, opts);
  const s = layer.weightVar;
  return { k11: ev.diagonal(s * C11), k22: ev.diagonal(s * C22), k12: ev.offDiagonal(s * C11, s * C22, s * C12) };
}

function checkPair(a: number, b: number, c: number, i: number, j: number): void {
  if (!Number.isFinite(a) || !(a > 0)) throw new DimensionError(`C[${i}][${i}] must be positive and finite, got ${a}`);
  if (!Number.isFinite(b) || !(b > 0)) throw new DimensionError(`C[${j}][${j}] must be positive and finite, got ${b}`);
  if (!Number.isFinite(c)) throw new DimensionError(`C[${i}][${j}] must be finite, got ${c}`);
  if (Math.abs(c) > (1 + 1e-12) * Math.sqrt(a * b)) throw new DimensionError(`C is not positive semi-definite: |C[${i}][${j}]| = ${Math.abs(c)} > √(C[${i}][${i}]·C[${j}][${j}]) = ${Math.sqrt(a * b)}`);
}

/**
 * The layer's kernel map F applied entrywise to the Gram matrix C (n × n, symmetric, positive diagonal): a new
 * symmetric n × n matrix. Only the lower triangle of C is read after the symmetry check.
 *
 * @throws {DimensionError} if C is not square, not symmetric (|C_ij − C_ji| > 1e-12·max|C|), has a non-positive
 *   diagonal or an entry beyond the Cauchy–Schwarz bound, or the layer is invalid.
 */
export function layerKernelMap(C: Matrix, layer: KernelLayer, opts: KernelMapOptions = {}): Matrix {
  if (C.rows !== C.cols) throw new DimensionError(`C must be square, got ${C.rows}×${C.cols}`);
  const n = C.rows;
  const at = (i: number, j: number) => C.data[C.offset + i * C.stride + j];
  let amax = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) amax = Math.max(amax, Math.abs(at(i, j)));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (!(Math.abs(at(i, j) - at(j, i)) <= 1e-12 * amax)) throw new DimensionError(`C is not symmetric: C[${i}][${j}] = ${at(i, j)}, C[${j}][${i}] = ${at(j, i)}`);
    }
  }
  const ev = new PairEvaluator(layer, opts);
  const s = layer.weightVar;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const a = at(i, i);
    for (let j = 0; j < i; j++) {
      const b = at(j, j);
      const c = at(i, j);
      checkPair(a, b, c, i, j);
      const v = ev.offDiagonal(s * a, s * b, s * c);
      out[i * n + j] = v;
      out[j * n + i] = v;
    }
    if (!Number.isFinite(a) || !(a > 0)) throw new DimensionError(`C[${i}][${i}] must be positive and finite, got ${a}`);
    out[i * n + i] = ev.diagonal(s * a);
  }
  return { rows: n, cols: n, data: out, offset: 0, stride: n };
}
