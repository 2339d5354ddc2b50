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

/**
 * Runs `wasm`, or `plain` when linear memory cannot grow to hold the operands (a RangeError from
 * `memory.grow`: wasm32 addresses at most 4 GiB). The WASM kernels write their outputs only after the call, so
 * the fallback starts from untouched inputs.
 */
function orPlain(wasm: () => void, plain: () => void): void {
  try {
    wasm();
  } catch (e) {
    if (e instanceof RangeError) plain();
    else throw e;
  }
}

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
      else orPlain(() => k().gemm(transA, transB, alpha, a, b, beta, c), () => gemmPlain(transA, transB, alpha, a, b, beta, c));
    },
    syrk(full, trans, alpha, a, beta, c) {
      const kk = trans ? a.rows : a.cols;
      if (c.rows * c.rows * kk < MIN_WASM_WORK) syrkPlain(full, trans, alpha, a, beta, c, gemmPlain);
      else orPlain(() => k().syrk(full, trans, alpha, a, beta, c), () => syrkPlain(full, trans, alpha, a, beta, c, gemmPlain));
    },
    trsm(side, uplo, trans, unitDiag, alpha, t, b) {
      if (t.rows * b.rows * b.cols < MIN_WASM_WORK) trsmPlain(side, uplo, trans, unitDiag, alpha, t, b, gemmPlain);
      else orPlain(() => k().trsm(side, uplo, trans, unitDiag, alpha, t, b), () => trsmPlain(side, uplo, trans, unitDiag, alpha, t, b, gemmPlain));
    },
    potrf(a) {
      if (a.rows < MIN_WASM_ORDER) {
        potrfPlain(a);
        return;
      }
      let r = { index: -1, value: 0 };
      orPlain(() => void (r = k().potrf(a)), () => potrfPlain(a));
      if (r.index >= 0) throw new NotPositiveDefiniteError(r.index, r.value);
    },
    sytrd(w, n, d, e, tau) {
      if (n < MIN_WASM_ORDER) sytrdPlain(w, n, d, e, tau);
      else orPlain(() => k().sytrd(w, n, d, e, tau), () => sytrdPlain(w, n, d, e, tau));
    },
    gebrd(a, m, n, d, e, tauL, tauR) {
      if (n < MIN_WASM_ORDER) gebrdPlain(a, m, n, d, e, tauL, tauR);
      else orPlain(() => k().gebrd(a, m, n, d, e, tauL, tauR), () => gebrdPlain(a, m, n, d, e, tauL, tauR));
    },
  };
}
