/**
 * The error classes of the linear-algebra kernels, in a file that imports nothing, so that every module of
 * `src/core` (and every layer above) can throw or catch them without an import cycle.
 *
 * Module-specific errors with no other users stay beside their module (`StatsError` in stats.ts,
 * `BracketError` in brent.ts, `FixedPointError` in fixedPoint.ts, `RandomError` in random.ts).
 *
 * @module
 */

/** Thrown for shape mismatches, non-finite entries and other invalid arguments; the message names the argument. */
export class DimensionError extends Error {
  override name = 'DimensionError';
}

/** Thrown when an iterative eigen/singular value method fails to converge within its iteration cap. */
export class ConvergenceError extends Error {
  override name = 'ConvergenceError';
}

/**
 * Thrown when a Cholesky pivot \( d_j = a_{jj} - \sum_{k<j} l_{jk}^2 \) is not positive: the matrix is not
 * (numerically) positive definite. Its leading j × j block is, and \( d_j \) is the Schur complement there.
 */
export class NotPositiveDefiniteError extends Error {
  override name = 'NotPositiveDefiniteError';
  constructor(
    /** 0-based index j of the failing pivot. */
    readonly index: number,
    /** The pivot value \( d_j \le 0 \) (or NaN). */
    readonly value: number,
    argName = 'A',
  ) {
    super(`${argName} is not positive definite: pivot ${index} is ${value} (the leading ${index}×${index} block is positive definite, the next Schur complement is not)`);
  }
}

/** Thrown when a triangular factor has a zero diagonal entry (the system is singular). */
export class SingularMatrixError extends Error {
  override name = 'SingularMatrixError';
  constructor(
    /** Index of the zero diagonal entry. */
    readonly index: number,
    argName: string,
  ) {
    super(`${argName} is singular: diagonal entry ${index} is zero`);
  }
}

/** Thrown for an unknown or duplicate backend name, or a backend that is not available in this runtime. */
export class BackendError extends Error {
  override name = 'BackendError';
}
