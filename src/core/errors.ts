/**
 * The error classes of the linear-algebra kernels, in a file that imports only the root of the hierarchy
 * (`lemmataError.ts`), so that every module of `src/core` (and every layer above) can throw or catch them without
 * an import cycle. Input errors (exit code 2) derive from `InputError`, numerical failures (exit code 1) from
 * `LemmataError`.
 *
 * Module-specific errors with no other users stay beside their module (`StatsError` in stats.ts,
 * `BracketError` in brent.ts, `FixedPointError` in fixedPoint.ts, `RandomError` in random.ts).
 *
 * @module
 */
import { InputError, LemmataError } from './lemmataError.ts';

/** Thrown for shape mismatches, non-finite entries and other invalid arguments; the message names the argument. Exit code 2. */
export class DimensionError extends InputError {
  override name = 'DimensionError';
}

/** An argument outside a function's domain (NaN, ±∞, a negative variance): not a shape problem, so not a DimensionError. Exit code 2. */
export class DomainError extends InputError {
  override name = 'DomainError';
}

/** Thrown when an iterative eigen/singular value method fails to converge within its iteration cap. Exit code 1. */
export class ConvergenceError extends LemmataError {
  override name = 'ConvergenceError';
}

/**
 * Thrown when a Cholesky pivot \( d_j = a_{jj} - \sum_{k<j} l_{jk}^2 \) is not positive: the matrix is not
 * (numerically) positive definite. Its leading j × j block is, and \( d_j \) is the Schur complement there.
 * Exit code 2 (the input is not what the caller promised).
 */
export class NotPositiveDefiniteError extends InputError {
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

/** Thrown when a triangular factor has a zero diagonal entry (the system is singular). Exit code 2. */
export class SingularMatrixError extends InputError {
  override name = 'SingularMatrixError';
  constructor(
    /** Index of the zero diagonal entry. */
    readonly index: number,
    argName: string,
  ) {
    super(`${argName} is singular: diagonal entry ${index} is zero`);
  }
}

/** Thrown for an unknown or duplicate backend name, or a backend that is not available in this runtime. Exit code 2. */
export class BackendError extends InputError {
  override name = 'BackendError';
}
