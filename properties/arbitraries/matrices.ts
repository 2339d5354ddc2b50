/**
 * fast-check arbitraries for dense matrices, built from shrinkable integers only:
 * dimensions, an integer seed for an internal {@link Rng}, and log-uniform scales from integer exponents.
 * The matrices themselves are deterministic functions of those integers, so a counterexample is
 * printed (and replayed) as a handful of integers, never as a wall of floats.
 *
 * @module
 */
import fc from 'fast-check';
import { Rng } from '../../src/core/random.ts';
import { DimensionError, zeros, type Matrix } from '../../src/core/matrix.ts';
import { gaussianMatrix, logSpacedSpectrum, withSpectrum } from '../../src/core/randomMatrix.ts';

/** An integer seed for an internal {@link Rng} (shrinks towards 0). */
export const seedArb: fc.Arbitrary<number> = fc.integer({ min: 0, max: 0xffffffff });

/** The stream a generated matrix is drawn from: a pure function of the seed and a tag. */
export function matrixRng(seed: number, ...tag: Array<string | number>): Rng {
  return Rng.stream(seed, 'arbitraries/matrices', ...tag);
}

/**
 * A log-uniform scale \( 10^{j/s} \), j an integer in [minLog10·s, maxLog10·s], s = `stepsPerDecade`.
 * Shrinks towards the value closest to 1 in range.
 */
export function logUniformArb(minLog10: number, maxLog10: number, stepsPerDecade = 4): fc.Arbitrary<number> {
  return fc
    .integer({ min: Math.round(minLog10 * stepsPerDecade), max: Math.round(maxLog10 * stepsPerDecade) })
    .map((j) => Math.pow(10, j / stepsPerDecade));
}

/** Compact printing of generated cases: the integers that define them, not their floats. */
function printable<T extends object>(value: T, text: string): T {
  Object.defineProperty(value, fc.toStringMethod, { value: () => text, enumerable: false });
  return value;
}

/** Where a matrix sits inside a larger buffer: rows/columns of padding above/left, extra stride on the right. */
export interface Layout {
  top: number;
  left: number;
  extraStride: number;
}

/** A small view layout; {top: 0, left: 0, extraStride: 0} (contiguous) is the shrink target. */
export const layoutArb: fc.Arbitrary<Layout> = fc.record({
  top: fc.integer({ min: 0, max: 2 }),
  left: fc.integer({ min: 0, max: 3 }),
  extraStride: fc.integer({ min: 0, max: 3 }),
});

/**
 * A copy of `a` placed as a view inside a larger buffer laid out by `layout`; every element outside the
 * view holds `fill` (NaN by default, so a kernel that reads or writes outside its view is caught).
 */
export function embed(a: Matrix, layout: Layout, fill = Number.NaN): Matrix {
  const stride = layout.left + a.cols + layout.extraStride;
  const total = (layout.top + a.rows + 1) * stride; // one padding row below as well
  const data = new Float64Array(total).fill(fill);
  const offset = layout.top * stride + layout.left;
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) data[offset + i * stride + j] = a.data[a.offset + i * a.stride + j];
  }
  return { rows: a.rows, cols: a.cols, data, offset, stride };
}

/** True when every element of `v.data` outside the view `v` is still NaN (see {@link embed}). */
export function paddingIntact(v: Matrix): boolean {
  const inside = new Uint8Array(v.data.length);
  for (let i = 0; i < v.rows; i++) inside.fill(1, v.offset + i * v.stride, v.offset + i * v.stride + v.cols);
  for (let t = 0; t < v.data.length; t++) if (!inside[t] && !Number.isNaN(v.data[t])) return false;
  return true;
}

/** A contiguous copy of a view (for comparisons). */
export function contiguous(a: Matrix): Matrix {
  const out = zeros(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) out.data[i * a.cols + j] = a.data[a.offset + i * a.stride + j];
  }
  return out;
}

/** A generated Gaussian matrix and the integers that define it. */
export interface GaussianCase {
  rows: number;
  cols: number;
  seed: number;
  scale: number;
  A: Matrix;
}

/** A Gaussian matrix with i.i.d. N(0, scale²) entries; dimensions in [1, maxRows] × [1, maxCols], scale log-uniform. */
export function gaussianMatrixArb(opts: { maxRows: number; maxCols: number; maxLog10Scale?: number }): fc.Arbitrary<GaussianCase> {
  const s = opts.maxLog10Scale ?? 0;
  return fc
    .record({
      rows: fc.integer({ min: 1, max: opts.maxRows }),
      cols: fc.integer({ min: 1, max: opts.maxCols }),
      seed: seedArb,
      scale: logUniformArb(-s, s),
    })
    .map(({ rows, cols, seed, scale }) =>
      printable(
        { rows, cols, seed, scale, A: gaussianMatrix(rows, cols, matrixRng(seed, 'gaussian', rows, cols), { scale }) },
        `gaussian ${rows}×${cols} seed=${seed} scale=${scale}`,
      ),
    );
}

/** A generated SPD matrix with its exact spectrum. */
export interface SpdCase {
  n: number;
  seed: number;
  /** Prescribed 2-norm condition number \( \lambda_{\max}/\lambda_{\min} \). */
  cond: number;
  /** The prescribed eigenvalues, log-spaced in [1/cond, 1]. */
  eigenvalues: Float64Array;
  /** \( Q\,\mathrm{diag}(\lambda)\,Q^\top \), Q Haar from `matrixRng(seed, 'spd', n)` (exactly symmetric). */
  A: Matrix;
}

/**
 * A random SPD matrix \( Q\,\mathrm{diag}(\lambda)\,Q^\top \): n ∈ [minN, maxN], cond = 10^{j/4} log-uniform in
 * [1, 10^maxLogCond], Q Haar. Shrinks towards n = minN, cond = 1, seed = 0.
 */
export function spdArb(opts: { maxN: number; maxLogCond: number; minN?: number }): fc.Arbitrary<SpdCase> {
  if (!(opts.maxLogCond >= 0)) throw new DimensionError(`maxLogCond must be ≥ 0, got ${opts.maxLogCond}`);
  return fc
    .record({ n: fc.integer({ min: opts.minN ?? 1, max: opts.maxN }), seed: seedArb, cond: logUniformArb(0, opts.maxLogCond) })
    .map(({ n, seed, cond }) => {
      const eigenvalues = logSpacedSpectrum(n, cond);
      const A = withSpectrum(eigenvalues, matrixRng(seed, 'spd', n));
      return printable({ n, seed, cond, eigenvalues, A }, `spd n=${n} seed=${seed} cond=${cond}`);
    });
}

/** A generated symmetric indefinite matrix. */
export interface IndefiniteCase {
  n: number;
  seed: number;
  /** Index (in the log-spaced spectrum) of the eigenvalue made negative. */
  negative: number;
  eigenvalues: Float64Array;
  A: Matrix;
}

/**
 * A symmetric matrix with spectrum log-spaced in [1/cond, 1] except one eigenvalue negated (cond ≤ 10^maxLogCond):
 * exactly one negative eigenvalue, so the matrix is indefinite and Cholesky must fail at some pivot.
 */
export function indefiniteArb(opts: { maxN: number; maxLogCond: number }): fc.Arbitrary<IndefiniteCase> {
  return fc
    .record({ n: fc.integer({ min: 1, max: opts.maxN }), seed: seedArb, cond: logUniformArb(0, opts.maxLogCond), pick: fc.nat() })
    .map(({ n, seed, cond, pick }) => {
      const eigenvalues = logSpacedSpectrum(n, cond);
      const negative = pick % n;
      eigenvalues[negative] = -eigenvalues[negative];
      const A = withSpectrum(eigenvalues, matrixRng(seed, 'indefinite', n));
      return printable({ n, seed, negative, eigenvalues, A }, `indefinite n=${n} seed=${seed} cond=${cond} negative=${negative}`);
    });
}
