/**
 * Completely positive (CP) factorisations \( A = B^\top B \), \( B \ge 0 \) entrywise, of graph matrices
 * \( E^\top E \) (Jacot, Golikov, Hongler, Gabriel 2022, arXiv 2205.15809, Def. 12 and Prop. 13).
 *
 * Prop. 13: for the edge–vertex incidence matrix E of a triangle-free graph with k edges, \( \mathrm{Rank}_{cp}(E^\top E) = k \).
 * Proof idea (ours, used by the checks): \( (E^\top E)_{ij} = 0 \) for non-adjacent i ≠ j and every term of
 * \( \sum_r b_{ri}b_{rj} \) is ≥ 0, so every row of a CP factor is supported on a clique; without triangles the
 * cliques are edges and vertices, and each edge needs its own row. With a triangle it fails: K₄ has 6 edges, yet
 * \( E^\top E = 2I + J = B^\top B \) with the 4-row factor \( B = \sqrt2\,I + bJ \), \( b = (\sqrt{24} - 2\sqrt2)/8 \).
 *
 * @module
 */
import { DimensionError, zeros, type Matrix } from '../../core/matrix.ts';
import type { Rng } from '../../core/random.ts';
import { cholesky, choleskySolve } from '../../core/cholesky.ts';

/** The 4-row CP factor of \(E^\top E = 2I + J\) for K₄ (6 edges): \( B = \sqrt2\,I + bJ \), \( b = (\sqrt{24} - 2\sqrt2)/8 \) (arXiv 2205.15809, after Prop. 13). */
export function k4CpFactor(): Matrix {
  const b = (Math.sqrt(24) - 2 * Math.SQRT2) / 8;
  const B = zeros(4, 4);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) B.data[i * 4 + j] = b + (i === j ? Math.SQRT2 : 0);
  return B;
}

/** \( \|B^\top B - A\|_F \) for an r × N factor B of the N × N matrix A. */
export function cpResidual(B: Matrix, A: Matrix): number {
  const N = A.rows;
  if (A.cols !== N || B.cols !== N) throw new DimensionError(`B must be r×${N} and A ${N}×${N}, got B ${B.rows}×${B.cols}, A ${A.rows}×${A.cols}`);
  let s = 0;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      let t = 0;
      for (let r = 0; r < B.rows; r++) t += B.data[B.offset + r * B.stride + i] * B.data[B.offset + r * B.stride + j];
      const d = t - A.data[A.offset + i * A.stride + j];
      s += d * d;
    }
  }
  return Math.sqrt(s);
}

/** The non-negative root of \( x^3 + px + q = 0 \) minimising \( x^4/4 + px^2/2 + qx \) over x ≥ 0 (0 if none is better). */
function bestNonNegRoot(p: number, q: number): number {
  const f = (x: number) => x * x * x * x * 0.25 + 0.5 * p * x * x + q * x;
  const cands: number[] = [0];
  const disc = (q * q) / 4 + (p * p * p) / 27;
  if (disc >= 0) {
    const s = Math.sqrt(disc);
    cands.push(Math.cbrt(-q / 2 + s) + Math.cbrt(-q / 2 - s));
  } else {
    // Three real roots (trigonometric form, p < 0).
    const r = 2 * Math.sqrt(-p / 3);
    const arg = ((3 * q) / (2 * p)) * Math.sqrt(-3 / p);
    const th = Math.acos(Math.max(-1, Math.min(1, arg))) / 3;
    for (let k = 0; k < 3; k++) cands.push(r * Math.cos(th - (2 * Math.PI * k) / 3));
  }
  let best = 0;
  let fb = 0;
  for (const x of cands) {
    if (!(x > 0) || !Number.isFinite(x)) continue;
    // One Newton polish on x³ + px + q.
    const y = x - (x * x * x + p * x + q) / (3 * x * x + p || 1);
    const z = y > 0 && Number.isFinite(y) ? y : x;
    const fz = f(z);
    if (fz < fb) {
      fb = fz;
      best = z;
    }
  }
  return best;
}

/** Options of {@link searchCpFactor}. */
export interface CpSearchOptions {
  /** Independent random starts (default 8). */
  restarts?: number;
  /** Coordinate-descent sweeps per start (default 500). */
  sweeps?: number;
  /** Stop a start once \( \|B^\top B - A\|_F \le \) tol·‖A‖_F (default 1e-13). */
  tol?: number;
}

/** Result of {@link searchCpFactor}. */
export interface CpSearch {
  /** The best factor found (r × N, ≥ 0). */
  B: Matrix;
  /** Its residual \( \|B^\top B - A\|_F \). */
  residual: number;
  /** Total coordinate-descent sweeps spent (the optimiser budget actually used). */
  sweeps: number;
}

/**
 * Best-of-restarts search for an r-row CP factor of A: exact coordinate descent on
 * \( \min_{H \ge 0} \|A - HH^\top\|_F^2 \), \( H = B^\top \) (N × r), each entry minimising its quartic in closed form
 * (Vandaele, Gillis, Lei, Zhong, Bourgeois, *Efficient and non-convex coordinate descent for symmetric NMF*,
 * IEEE TSP 64 (2016), Alg. 1). A residual that stays away from 0 is evidence (not proof) that no r-row factor exists;
 * the budget is part of the statement.
 *
 * @throws {DimensionError} if A is not square or r < 1.
 */
export function searchCpFactor(A: Matrix, r: number, rng: Rng, opts: CpSearchOptions = {}): CpSearch {
  const N = A.rows;
  if (A.cols !== N) throw new DimensionError(`A must be square, got ${A.rows}×${A.cols}`);
  if (!Number.isInteger(r) || r < 1) throw new DimensionError(`r must be a positive integer, got ${r}`);
  const restarts = opts.restarts ?? 8;
  const sweeps = opts.sweeps ?? 500;
  const tol = opts.tol ?? 1e-13;
  let an = 0;
  let amax = 0;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const v = A.data[A.offset + i * A.stride + j];
      if (!Number.isFinite(v)) throw new DimensionError(`A has a non-finite entry ${v} at (${i}, ${j})`);
      an += v * v;
      amax = Math.max(amax, Math.abs(v));
    }
  }
  an = Math.sqrt(an);
  let best: CpSearch = { B: zeros(r, N), residual: an, sweeps: 0 };
  let used = 0;
  const H = new Float64Array(N * r);
  const R = new Float64Array(N * N); // R = A − HHᵀ
  for (let s = 0; s < restarts; s++) {
    const scale = Math.sqrt(amax / r);
    for (let i = 0; i < N * r; i++) H[i] = scale * rng.uniform();
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        let t = 0;
        for (let k = 0; k < r; k++) t += H[i * r + k] * H[j * r + k];
        R[i * N + j] = A.data[A.offset + i * A.stride + j] - t;
      }
    }
    let res = 0;
    for (let sw = 0; sw < sweeps; sw++) {
      used++;
      for (let k = 0; k < r; k++) {
        for (let i = 0; i < N; i++) {
          const x0 = H[i * r + k];
          // f(x) = ‖R + h hᵀ − h' h'ᵀ‖² in x = h_i; with R' = R + h hᵀ (column k removed):
          // f = x⁴ + 2(Σ_{j≠i} h_j² − R'_ii) x² − 4 (Σ_{j≠i} R'_ij h_j) x + const.
          let sh = 0;
          let sr = 0;
          for (let j = 0; j < N; j++) {
            if (j === i) continue;
            const hj = H[j * r + k];
            sh += hj * hj;
            sr += (R[i * N + j] + x0 * hj) * hj;
          }
          const rii = R[i * N + i] + x0 * x0;
          // f'(x)/4 = x³ + (Σh² − R'_ii) x − Σ R'_ij h_j.
          const x = bestNonNegRoot(sh - rii, -sr);
          if (x === x0) continue;
          const d = x - x0;
          for (let j = 0; j < N; j++) {
            if (j === i) continue;
            const hj = H[j * r + k];
            R[i * N + j] -= d * hj;
            R[j * N + i] -= d * hj;
          }
          R[i * N + i] -= x * x - x0 * x0;
          H[i * r + k] = x;
        }
      }
      res = 0;
      for (let i = 0; i < N * N; i++) res += R[i] * R[i];
      res = Math.sqrt(res);
      if (res <= tol * an) break;
    }
    if (res > tol * an) res = polishOnSupport(A, H, N, r, an, tol);
    if (res < best.residual || s === 0) {
      const B = zeros(r, N);
      for (let i = 0; i < N; i++) for (let k = 0; k < r; k++) B.data[k * N + i] = H[i * r + k];
      best = { B, residual: cpResidual(B, A), sweeps: 0 };
    }
  }
  best.sweeps = used;
  return best;
}

/** ‖A − HHᵀ‖_F. */
function residualOf(A: Matrix, H: Float64Array, N: number, r: number): number {
  let s = 0;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      let t = 0;
      for (let k = 0; k < r; k++) t += H[i * r + k] * H[j * r + k];
      const d = A.data[A.offset + i * A.stride + j] - t;
      s += d * d;
    }
  }
  return Math.sqrt(s);
}

/**
 * Levenberg–Marquardt on the support of H (entries > 1e-3·max H; the rest fixed at 0), H ≥ 0 kept by clamping.
 * Coordinate descent reaches the right support quickly but then crawls along the valley of exact factors (for k > N
 * edges the exact CP factors form a manifold: each edge row (t, 1/t) may be rescaled), where LM converges fast.
 * Returns the final residual; H is updated in place only when the residual decreased.
 */
function polishOnSupport(A: Matrix, H: Float64Array, N: number, r: number, an: number, tol: number): number {
  let hm = 0;
  for (const v of H) hm = Math.max(hm, v);
  const sup: number[] = [];
  const G = Float64Array.from(H);
  for (let i = 0; i < N * r; i++) if (G[i] > 1e-3 * hm) sup.push(i);
  else G[i] = 0;
  const p = sup.length;
  const m = (N * (N + 1)) / 2;
  const res = (h: Float64Array) => residualOf(A, h, N, r);
  let cur = res(G);
  const start = res(H);
  let mu = 1e-3;
  const J = new Float64Array(m * p);
  const rv = new Float64Array(m);
  for (let it = 0; it < 100 && cur > tol * an; it++) {
    let row = 0;
    J.fill(0);
    for (let i = 0; i < N; i++) {
      for (let j = i; j < N; j++, row++) {
        let t = 0;
        for (let k = 0; k < r; k++) t += G[i * r + k] * G[j * r + k];
        // Off-diagonal pairs count twice in ‖·‖_F².
        const w = i === j ? 1 : Math.SQRT2;
        rv[row] = w * (t - A.data[A.offset + i * A.stride + j]);
        sup.forEach((idx, c) => {
          const pi = Math.floor(idx / r);
          const k = idx % r;
          let d = 0;
          if (pi === i) d += G[j * r + k];
          if (pi === j) d += G[i * r + k];
          J[row * p + c] = w * d;
        });
      }
    }
    const M: Matrix = { rows: p, cols: p, data: new Float64Array(p * p), offset: 0, stride: p };
    const g = new Float64Array(p);
    for (let a = 0; a < p; a++) {
      for (let q = 0; q < m; q++) g[a] -= J[q * p + a] * rv[q];
      for (let b = a; b < p; b++) {
        let t = 0;
        for (let q = 0; q < m; q++) t += J[q * p + a] * J[q * p + b];
        M.data[a * p + b] = t;
        M.data[b * p + a] = t;
      }
    }
    let improved = false;
    for (let tries = 0; tries < 20 && !improved; tries++) {
      const Md: Matrix = { rows: p, cols: p, data: Float64Array.from(M.data), offset: 0, stride: p };
      for (let a = 0; a < p; a++) Md.data[a * p + a] += mu * (M.data[a * p + a] + 1e-12);
      let step: Float64Array;
      try {
        step = choleskySolve(cholesky(Md).L, g);
      } catch {
        mu *= 10;
        continue;
      }
      const T = Float64Array.from(G);
      sup.forEach((idx, c) => (T[idx] = Math.max(0, T[idx] + step[c])));
      const nr = res(T);
      if (nr < cur) {
        G.set(T);
        cur = nr;
        mu = Math.max(mu / 10, 1e-15);
        improved = true;
      } else mu *= 10;
    }
    if (!improved) break;
  }
  if (cur < start) {
    H.set(G);
    return cur;
  }
  return start;
}
