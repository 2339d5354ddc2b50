/**
 * Pluggable dense linear-algebra backends.
 *
 * A backend supplies BLAS/LAPACK-style kernels on {@link Matrix} views with the reference semantics
 * of the plain-TypeScript kernels (`gemm.ts`, `syrk.ts`, `trsm.ts`, `cholesky.ts`). The public
 * functions of those files validate their arguments and then call the *active* backend, so a faster
 * implementation (WASM SIMD, an FFI binding to OpenBLAS, …) can be registered and selected without
 * touching callers. Backend kernels receive validated input and perform no checks of their own.
 *
 * The selection is the one piece of process-wide state in `src/core`: prefer {@link withBackend},
 * which restores the previous selection.
 *
 * @module
 */
import type { Matrix } from './matrix.ts';
import { gemmPlain } from './gemm.ts';
import { syrkPlain } from './syrk.ts';
import { trsmPlain } from './trsm.ts';
import { potrfPlain } from './cholesky.ts';
import { syevPlain } from './eigen.ts';

/** Which triangle of a symmetric or triangular matrix is referenced. */
export type Uplo = 'lower' | 'upper';

/** Result of a symmetric eigendecomposition: eigenvalues ascending, eigenvectors as columns (if asked for). */
export interface SyevResult {
  values: Float64Array;
  vectors: Matrix | null;
}

/** The kernels a backend provides. All mutate their output argument in place. */
export interface BackendKernels {
  /** \( C \leftarrow \alpha\,\mathrm{op}(A)\,\mathrm{op}(B) + \beta C \); β = 0 ignores the old C. C never overlaps A or B. */
  gemm(transA: boolean, transB: boolean, alpha: number, a: Matrix, b: Matrix, beta: number, c: Matrix): void;
  /**
   * \( C \leftarrow \alpha A A^\top + \beta C \) (`trans` false) or \( \alpha A^\top A + \beta C \) (`trans` true) on the
   * lower triangle of C; with `full`, the strict upper triangle is then overwritten by the mirror of the lower one.
   */
  syrk(full: boolean, trans: boolean, alpha: number, a: Matrix, beta: number, c: Matrix): void;
  /**
   * Triangular solve in place of B: \( \mathrm{op}(T) X = \alpha B \) (`side` left) or \( X\,\mathrm{op}(T) = \alpha B \)
   * (`side` right), with T lower or upper triangular (only that triangle is read), op(T) = T or Tᵀ,
   * and an implicit unit diagonal when `unitDiag`. The diagonal of T is nonzero (checked by callers).
   */
  trsm(side: 'left' | 'right', uplo: Uplo, trans: boolean, unitDiag: boolean, alpha: number, t: Matrix, b: Matrix): void;
  /**
   * Cholesky factorisation in place (LAPACK `dpotrf`, lower): reads the lower triangle of the square A
   * and overwrites it with L, \( A = L L^\top \); the strict upper triangle is left as it was.
   * Throws `NotPositiveDefiniteError` (cholesky.ts) with the global pivot index on failure.
   */
  potrf(a: Matrix): void;
  /** Symmetric eigendecomposition (optional; provided by the eigen module when available). */
  syev?(a: Matrix, wantVectors: boolean): SyevResult;
}

/** A named backend. */
export interface Backend extends BackendKernels {
  readonly name: string;
}

/** A backend description for {@link registerBackend}: kernels it leaves out are taken from the plain backend. */
export type BackendSpec = { readonly name: string } & Partial<BackendKernels>;

/** Thrown for an unknown or duplicate backend name. */
export class BackendError extends Error {
  override name = 'BackendError';
}

/**
 * The default backend: plain TypeScript over `Float64Array`, single-threaded.
 * Its composite kernels (syrk, trsm, potrf) call the *active* backend's gemm, so a backend that
 * only supplies a faster gemm speeds them up too. (Wrapped in closures so that the import cycle
 * between this module and the kernel modules is only resolved at call time.)
 */
export const plainBackend: Backend = Object.freeze({
  name: 'plain-ts',
  gemm: (transA: boolean, transB: boolean, alpha: number, a: Matrix, b: Matrix, beta: number, c: Matrix) =>
    gemmPlain(transA, transB, alpha, a, b, beta, c),
  syrk: (full: boolean, trans: boolean, alpha: number, a: Matrix, beta: number, c: Matrix) => syrkPlain(full, trans, alpha, a, beta, c),
  trsm: (side: 'left' | 'right', uplo: Uplo, trans: boolean, unitDiag: boolean, alpha: number, t: Matrix, b: Matrix) =>
    trsmPlain(side, uplo, trans, unitDiag, alpha, t, b),
  potrf: (a: Matrix) => potrfPlain(a),
  syev: (a: Matrix, wantVectors: boolean) => syevPlain(a, wantVectors),
});

const registry = new Map<string, Backend>([[plainBackend.name, plainBackend]]);
let active: Backend = plainBackend;

/**
 * Registers a backend under `spec.name` (missing kernels fall back to {@link plainBackend}) and returns it.
 * Throws a {@link BackendError} if the name is taken.
 */
export function registerBackend(spec: BackendSpec): Backend {
  if (typeof spec?.name !== 'string' || spec.name === '') throw new BackendError('backend spec must have a non-empty name');
  if (registry.has(spec.name)) throw new BackendError(`a backend named '${spec.name}' is already registered`);
  const backend: Backend = Object.freeze({
    name: spec.name,
    gemm: spec.gemm ?? plainBackend.gemm,
    syrk: spec.syrk ?? plainBackend.syrk,
    trsm: spec.trsm ?? plainBackend.trsm,
    potrf: spec.potrf ?? plainBackend.potrf,
    syev: spec.syev ?? plainBackend.syev,
  });
  registry.set(spec.name, backend);
  return backend;
}

/** Removes a registered backend (not the plain one); if it was active, the plain backend becomes active. */
export function unregisterBackend(name: string): void {
  if (name === plainBackend.name) throw new BackendError(`the default backend '${name}' cannot be unregistered`);
  if (!registry.delete(name)) throw new BackendError(`no backend named '${name}' is registered`);
  if (active.name === name) active = plainBackend;
}

/** Selects the backend used by the public kernels; returns the name of the previously active one. */
export function useBackend(name: string): string {
  const b = registry.get(name);
  if (!b) throw new BackendError(`unknown backend '${name}'; registered: ${[...registry.keys()].join(', ')}`);
  const prev = active.name;
  active = b;
  return prev;
}

/** The backend the public kernels currently dispatch to. */
export function activeBackend(): Backend {
  return active;
}

/** Names of the registered backends, the plain one first. */
export function listBackends(): string[] {
  return [...registry.keys()];
}

/** Runs `fn` with backend `name` active and restores the previous selection afterwards, even on throw. */
export function withBackend<T>(name: string, fn: () => T): T {
  const prev = useBackend(name);
  try {
    return fn();
  } finally {
    useBackend(prev);
  }
}
