/**
 * The shape of a dense linear-algebra backend: the kernel signatures that `backend.ts` dispatches to.
 * Types only, so that the plain kernels (which receive the kernels they build on as arguments) and the
 * dispatch module can share them without importing each other.
 *
 * @module
 */
import type { Matrix } from './matrix.ts';

/** Which triangle of a symmetric or triangular matrix is referenced. */
export type Uplo = 'lower' | 'upper';

/** \( C \leftarrow \alpha\,\mathrm{op}(A)\,\mathrm{op}(B) + \beta C \); β = 0 ignores the old C. C never overlaps A or B. */
export type GemmKernel = (transA: boolean, transB: boolean, alpha: number, a: Matrix, b: Matrix, beta: number, c: Matrix) => void;

/**
 * \( C \leftarrow \alpha A A^\top + \beta C \) (`trans` false) or \( \alpha A^\top A + \beta C \) (`trans` true) on the
 * lower triangle of C; with `full`, the strict upper triangle is then overwritten by the mirror of the lower one.
 */
export type SyrkKernel = (full: boolean, trans: boolean, alpha: number, a: Matrix, beta: number, c: Matrix) => void;

/**
 * Triangular solve in place of B: \( \mathrm{op}(T) X = \alpha B \) (`side` left) or \( X\,\mathrm{op}(T) = \alpha B \)
 * (`side` right), with T lower or upper triangular (only that triangle is read), op(T) = T or Tᵀ,
 * and an implicit unit diagonal when `unitDiag`. The diagonal of T is nonzero (checked by callers).
 */
export type TrsmKernel = (side: 'left' | 'right', uplo: Uplo, trans: boolean, unitDiag: boolean, alpha: number, t: Matrix, b: Matrix) => void;

/**
 * Cholesky factorisation in place (LAPACK `dpotrf`, lower): reads the lower triangle of the square A
 * and overwrites it with L, \( A = L L^\top \); the strict upper triangle is left as it was.
 * Throws `NotPositiveDefiniteError` (errors.ts) with the global pivot index on failure.
 */
export type PotrfKernel = (a: Matrix) => void;

/**
 * Householder tridiagonalisation \( Q^\top A Q = T \) of the symmetric matrix held in the upper triangle of the
 * row-major n × n buffer `w`, in place (LAPACK `dsytd2`, upper; the conventions of `sytrdPlain.ts`): row k of `w`
 * receives the Householder vector u_k (entries k+1…, u_{k,k+1} = 1), `d`/`e` the diagonal and off-diagonal of T,
 * `tau` the scalars τ_k of \( H_k = I - \tau_k u_k u_k^\top \).
 */
export type SytrdKernel = (w: Float64Array, n: number, d: Float64Array, e: Float64Array, tau: Float64Array) => void;

/**
 * Householder bidiagonalisation \( U_B^\top A V_B = B \) of the row-major m × n buffer `a` (m ≥ n), in place (LAPACK
 * `dgebd2`; the conventions of `gebrdPlain.ts`): `d`/`e` receive the diagonal and superdiagonal of B, the left
 * reflectors are stored below the diagonal (scalars `tauL`), the right ones right of the superdiagonal (`tauR`).
 */
export type GebrdKernel = (
  a: Float64Array, m: number, n: number, d: Float64Array, e: Float64Array, tauL: Float64Array, tauR: Float64Array,
) => void;

/** The kernels a backend provides. All mutate their output argument in place and receive validated input. */
export interface BackendKernels {
  gemm: GemmKernel;
  syrk: SyrkKernel;
  trsm: TrsmKernel;
  potrf: PotrfKernel;
  sytrd: SytrdKernel;
  gebrd: GebrdKernel;
}

/** What a backend is besides its kernels. */
export interface BackendTraits {
  readonly name: string;
  /**
   * Whether `symEig` and `svd` use divide-and-conquer for the vectors by default (their merges are GEMMs, so a
   * backend with a fast GEMM gains most). False for the plain backend, whose results stay those of implicit
   * QL / QR.
   */
  readonly preferDivideAndConquer: boolean;
}

/** A named backend. */
export interface Backend extends BackendKernels, BackendTraits {}

/**
 * A backend description for `registerBackend`: kernels it leaves out are taken from the plain backend;
 * `preferDivideAndConquer` defaults to false.
 */
export type BackendSpec = { readonly name: string; readonly preferDivideAndConquer?: boolean } & Partial<BackendKernels>;
