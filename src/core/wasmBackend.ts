/**
 * The WASM SIMD backends (`wasm-relaxed`, `wasm-simd128`): GEMM, SYRK, TRSM, Cholesky, the Householder
 * tridiagonalisation and bidiagonalisation in WebAssembly (`wasmKernels.ts`), with the plain-TypeScript kernels for operations too
 * small to repay the copy into linear memory. They prefer divide-and-conquer for eigenvectors and singular
 * vectors, whose merges are GEMMs.
 *
 * Imports no dispatch code: `backend.ts` registers these specs.
 *
 * @module
 */
import type { BackendSpec } from './backendTypes.ts';
import { NotPositiveDefiniteError } from './errors.ts';
import { gebrdPlain } from './gebrdPlain.ts';
import { gemmPlain } from './gemmPlain.ts';
import { potrfPlain } from './potrfPlain.ts';
import { syrkPlain } from './syrkPlain.ts';
import { sytrdPlain } from './sytrdPlain.ts';
import { trsmPlain } from './trsmPlain.ts';
import { WasmKernels, type WasmVariant } from './wasmKernels.ts';

/**
 * Below this many multiply-adds a call runs in plain TypeScript: copying the operands into linear memory and
 * back costs about as much as the arithmetic there (16³).
 */
const MIN_WORK = 4096;

/** Below this order the tridiagonalisation and Cholesky run in plain TypeScript (same reason). */
const MIN_ORDER = 32;

/** The backend name of a variant. */
export function wasmBackendName(variant: WasmVariant): string {
  return `wasm-${variant}`;
}

/** Options of {@link wasmBackendSpec}. */
export interface WasmBackendOptions {
  /** Backend name (default `wasm-<variant>`). */
  name?: string;
  /**
   * Send every call to WebAssembly, however small (default false: small calls run in plain TypeScript). Tests
   * register such a backend so that the WASM kernels meet the small shapes of the property tests too.
   */
  noCutoff?: boolean;
}

/** The backend spec of a variant; its module is compiled on the first call that needs it. */
export function wasmBackendSpec(variant: WasmVariant, options: WasmBackendOptions = {}): BackendSpec {
  let kernels: WasmKernels | null = null;
  const k = (): WasmKernels => (kernels ??= new WasmKernels(variant));
  const MIN_WASM_WORK = options.noCutoff ? 0 : MIN_WORK;
  const MIN_WASM_ORDER = options.noCutoff ? 0 : MIN_ORDER;
  return {
    name: options.name ?? wasmBackendName(variant),
    preferDivideAndConquer: true,
    gemm(transA, transB, alpha, a, b, beta, c) {
      const kk = transA ? a.rows : a.cols;
      if (c.rows * c.cols * kk < MIN_WASM_WORK) gemmPlain(transA, transB, alpha, a, b, beta, c);
      else k().gemm(transA, transB, alpha, a, b, beta, c);
    },
    syrk(full, trans, alpha, a, beta, c) {
      const kk = trans ? a.rows : a.cols;
      if (c.rows * c.rows * kk < MIN_WASM_WORK) syrkPlain(full, trans, alpha, a, beta, c, gemmPlain);
      else k().syrk(full, trans, alpha, a, beta, c);
    },
    trsm(side, uplo, trans, unitDiag, alpha, t, b) {
      if (t.rows * b.rows * b.cols < MIN_WASM_WORK) trsmPlain(side, uplo, trans, unitDiag, alpha, t, b, gemmPlain);
      else k().trsm(side, uplo, trans, unitDiag, alpha, t, b);
    },
    potrf(a) {
      if (a.rows < MIN_WASM_ORDER) {
        potrfPlain(a);
        return;
      }
      const r = k().potrf(a);
      if (r.index >= 0) throw new NotPositiveDefiniteError(r.index, r.value);
    },
    sytrd(w, n, d, e, tau) {
      if (n < MIN_WASM_ORDER) sytrdPlain(w, n, d, e, tau);
      else k().sytrd(w, n, d, e, tau);
    },
    gebrd(a, m, n, d, e, tauL, tauR) {
      if (n < MIN_WASM_ORDER) gebrdPlain(a, m, n, d, e, tauL, tauR);
      else k().gebrd(a, m, n, d, e, tauL, tauR);
    },
  };
}
