/**
 * Loader of the WASM SIMD kernels (`src/core/wasm/*.wasm`, built from `wasm/assembly/` by `npm run build:wasm`)
 * and the host side of each kernel: copy the operands into linear memory, call, copy the results out.
 *
 * Two variants: `relaxed` (SIMD128 + relaxed-SIMD `f64x2.relaxed_madd`, fused where the hardware has FMA) and
 * `simd128` (plain SIMD128, separate multiply and add). Which ones this runtime accepts is decided by
 * `WebAssembly.validate` on the actual binary (Node 20 accepts `relaxed` only with
 * `--experimental-wasm-relaxed-simd`), never assumed. Modules are compiled on first use.
 *
 * The kernels receive validated input (the public entry points check it) and have the semantics of the
 * plain-TypeScript ones; results differ from those only by rounding (other summation order, FMA).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import type { Matrix } from './matrix.ts';

/** A WASM kernel variant, best first. */
export type WasmVariant = 'relaxed' | 'simd128';

const FILES: Record<WasmVariant, string> = { relaxed: 'lemmata-relaxed.wasm', simd128: 'lemmata-simd128.wasm' };

/** The part of the WebAssembly JS API used here (the project's `lib` has no DOM typings). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

const WA: WasmApi | undefined = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

interface Exports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  heapBase(): number;
  gemmWorkBytes(m: number, n: number, k: number): number;
  dgemm(transA: number, transB: number, m: number, n: number, k: number, alpha: number,
    a: number, lda: number, b: number, ldb: number, beta: number, c: number, ldc: number, work: number): void;
  dsyrk(full: number, trans: number, n: number, k: number, alpha: number, a: number, lda: number,
    beta: number, c: number, ldc: number, work: number): void;
  dtrsm(left: number, upper: number, trans: number, unit: number, n: number, rows: number, cols: number, alpha: number,
    t: number, ldt: number, b: number, ldb: number, work: number): void;
  dpotrf(n: number, a: number, lda: number, work: number, pivot: number): number;
  dsytrd(n: number, w: number, d: number, e: number, tau: number, work: number): void;
  dgebrd(m: number, n: number, a: number, d: number, e: number, tauL: number, tauR: number, work: number): void;
}

/** The bytes of a variant's binary. */
export function wasmBinary(variant: WasmVariant): Uint8Array {
  return readFileSync(new URL(`./wasm/${FILES[variant]}`, import.meta.url));
}

let availableCache: WasmVariant[] | null = null;

/** The variants this runtime validates, best first (empty without WebAssembly SIMD). */
export function availableWasmVariants(): WasmVariant[] {
  if (availableCache === null) {
    availableCache = [];
    if (WA !== undefined && typeof WA.validate === 'function') {
      for (const v of ['relaxed', 'simd128'] as const) {
        try {
          if (WA.validate(wasmBinary(v))) availableCache.push(v);
        } catch {
          // unreadable or rejected binary: the variant is not available
        }
      }
    }
  }
  return [...availableCache];
}

/** Scratch bytes reserved for the GEMM packing buffers (the largest KC × NC panel plus an MC × KC block). */
const GEMM_WORK_BYTES = (128 * 256 + 256 * 2048 + 16) * 8;

/**
 * One instantiated variant: its exports and a bump allocator over linear memory, reset at the start of every
 * kernel call (no kernel keeps data in linear memory between calls).
 */
export class WasmKernels {
  readonly variant: WasmVariant;
  private readonly ex: Exports;
  private readonly base: number;
  private top: number;
  private f64: Float64Array;

  constructor(variant: WasmVariant) {
    this.variant = variant;
    if (WA === undefined) throw new Error('this runtime has no WebAssembly');
    const module = new WA.Module(wasmBinary(variant));
    const instance = new WA.Instance(module, { env: { abort: () => { throw new Error(`wasm kernel (${variant}) aborted`); } } });
    this.ex = instance.exports as unknown as Exports;
    this.base = (this.ex.heapBase() + 63) & ~63;
    this.top = this.base;
    this.f64 = new Float64Array(this.ex.memory.buffer);
  }

  /** Starts a kernel call: frees everything allocated by the previous one. */
  private reset(): void {
    this.top = this.base;
  }

  /** Reserves `doubles` doubles (64-byte aligned) and returns the byte offset; grows memory as needed. */
  private alloc(doubles: number): number {
    const p = this.top;
    this.top = p + ((doubles * 8 + 63) & ~63);
    const have = this.ex.memory.buffer.byteLength;
    if (this.top > have) {
      this.ex.memory.grow(Math.ceil((this.top - have) / 65536));
      this.f64 = new Float64Array(this.ex.memory.buffer);
    }
    return p;
  }

  /** Copies the view `x` into a fresh contiguous block (leading dimension x.cols); returns its byte offset. */
  private put(x: Matrix): number {
    const p = this.alloc(x.rows * x.cols);
    this.write(x, p);
    return p;
  }

  private write(x: Matrix, p: number): void {
    const f = this.f64, o = p >> 3, m = x.rows, n = x.cols;
    if (x.stride === n) f.set(x.data.subarray(x.offset, x.offset + m * n), o);
    else for (let i = 0; i < m; i++) f.set(x.data.subarray(x.offset + i * x.stride, x.offset + i * x.stride + n), o + i * n);
  }

  /** Copies the contiguous block at `p` back into the view `x` (all of it, or only its lower triangle). */
  private get(x: Matrix, p: number, lowerOnly = false): void {
    const f = this.f64, o = p >> 3, m = x.rows, n = x.cols;
    if (!lowerOnly && x.stride === n) {
      x.data.set(f.subarray(o, o + m * n), x.offset);
      return;
    }
    for (let i = 0; i < m; i++) {
      const len = lowerOnly ? Math.min(i + 1, n) : n;
      x.data.set(f.subarray(o + i * n, o + i * n + len), x.offset + i * x.stride);
    }
  }

  /** \( C \leftarrow \alpha\,\mathrm{op}(A)\,\mathrm{op}(B) + \beta C \) (the `GemmKernel` contract). */
  gemm(transA: boolean, transB: boolean, alpha: number, a: Matrix, b: Matrix, beta: number, c: Matrix): void {
    const m = c.rows, n = c.cols, k = transA ? a.rows : a.cols;
    this.reset();
    const pa = this.put(a), pb = this.put(b);
    const pc = beta === 0 ? this.alloc(m * n) : this.put(c);
    const pw = this.alloc(GEMM_WORK_BYTES / 8);
    this.ex.dgemm(+transA, +transB, m, n, k, alpha, pa, a.cols, pb, b.cols, beta, pc, n, pw);
    this.get(c, pc);
  }

  /** Lower triangle of \( C \leftarrow \alpha\,\mathrm{op}(A)\mathrm{op}(A)^\top + \beta C \), mirrored when `full` (the `SyrkKernel` contract). */
  syrk(full: boolean, trans: boolean, alpha: number, a: Matrix, beta: number, c: Matrix): void {
    const n = c.rows, k = trans ? a.rows : a.cols;
    this.reset();
    const pa = this.put(a);
    const pc = this.put(c);
    const pw = this.alloc(GEMM_WORK_BYTES / 8);
    this.ex.dsyrk(+full, +trans, n, k, alpha, pa, a.cols, beta, pc, n, pw);
    this.get(c, pc, !full);
  }

  /** Triangular solve in place of B (the `TrsmKernel` contract). */
  trsm(side: 'left' | 'right', uplo: 'lower' | 'upper', trans: boolean, unitDiag: boolean, alpha: number, t: Matrix, b: Matrix): void {
    this.reset();
    const pt = this.put(t), pb = this.put(b);
    const pw = this.alloc(GEMM_WORK_BYTES / 8);
    this.ex.dtrsm(+(side === 'left'), +(uplo === 'upper'), +trans, +unitDiag, t.rows, b.rows, b.cols, alpha, pt, t.cols, pb, b.cols, pw);
    this.get(b, pb);
  }

  /**
   * In-place Cholesky of the lower triangle of the square A (the `PotrfKernel` contract): returns −1, or the
   * index of the first non-positive pivot and its value (A then holds the partial factor, as with the plain kernel).
   */
  potrf(a: Matrix): { index: number; value: number } {
    const n = a.rows;
    this.reset();
    const pa = this.put(a);
    const pw = this.alloc(GEMM_WORK_BYTES / 8);
    const pp = this.alloc(1);
    const index = this.ex.dpotrf(n, pa, n, pw, pp);
    this.get(a, pa, true);
    return { index, value: this.f64[pp >> 3] };
  }

  /** Householder tridiagonalisation of the row-major n × n buffer `w` (the `SytrdKernel` contract). */
  sytrd(w: Float64Array, n: number, d: Float64Array, e: Float64Array, tau: Float64Array): void {
    this.reset();
    const pw = this.alloc(n * n);
    this.f64.set(w.subarray(0, n * n), pw >> 3);
    const pd = this.alloc(n), pe = this.alloc(n), pt = this.alloc(n), pk = this.alloc(4 * n);
    this.ex.dsytrd(n, pw, pd, pe, pt, pk);
    const f = this.f64;
    w.set(f.subarray(pw >> 3, (pw >> 3) + n * n));
    d.set(f.subarray(pd >> 3, (pd >> 3) + n));
    if (n > 1) {
      e.set(f.subarray(pe >> 3, (pe >> 3) + n - 1));
      tau.set(f.subarray(pt >> 3, (pt >> 3) + n - 1));
    }
  }

  /** Householder bidiagonalisation of the row-major m × n buffer `a`, m ≥ n (the `GebrdKernel` contract). */
  gebrd(a: Float64Array, m: number, n: number, d: Float64Array, e: Float64Array, tauL: Float64Array, tauR: Float64Array): void {
    this.reset();
    const pa = this.alloc(m * n);
    this.f64.set(a.subarray(0, m * n), pa >> 3);
    const pd = this.alloc(n), pe = this.alloc(n), pl = this.alloc(n), pr = this.alloc(n), pk = this.alloc(2 * n);
    this.ex.dgebrd(m, n, pa, pd, pe, pl, pr, pk);
    const f = this.f64;
    a.set(f.subarray(pa >> 3, (pa >> 3) + m * n));
    d.set(f.subarray(pd >> 3, (pd >> 3) + n));
    tauL.set(f.subarray(pl >> 3, (pl >> 3) + n));
    tauR.set(f.subarray(pr >> 3, (pr >> 3) + n));
    if (n > 1) e.set(f.subarray(pe >> 3, (pe >> 3) + n - 1));
  }
}
