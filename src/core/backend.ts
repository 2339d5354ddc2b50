/**
 * Pluggable dense linear-algebra backends: the registry and the active selection (the dispatch module).
 *
 * A backend supplies BLAS/LAPACK-style kernels on {@link Matrix} views with the reference semantics of the
 * plain-TypeScript kernels (`gemmPlain.ts`, `syrkPlain.ts`, `trsmPlain.ts`, `potrfPlain.ts`, `sytrdPlain.ts`).
 * The public functions (`gemm.ts`, `syrk.ts`, `trsm.ts`, `cholesky.ts`, `eigen.ts`) validate their arguments and
 * then call the *active* backend, so a faster implementation (WASM SIMD, an FFI binding to OpenBLAS, …) can be
 * registered and selected without touching callers. Backend kernels receive validated input and perform no
 * checks of their own.
 *
 * Import direction: this module imports the plain kernels and nothing that imports it back; the public kernel
 * modules import this one. A composite plain kernel (SYRK, TRSM, Cholesky) receives the kernels it builds on
 * from the backend it runs in, so a backend that supplies only a faster GEMM speeds them up too.
 *
 * Built-in backends: `js` (plain TypeScript, the reference bits) and the WASM SIMD variants of `wasmBackend.ts`
 * that this runtime validates (`wasm-relaxed`, `wasm-simd128`). The automatic choice is the best WASM variant,
 * else `js`; it is made by {@link selectBackendFromEnv} (or `selectBackend('auto')`), which entry points call
 * explicitly — the CLI, the bench, the test setup — and which lets `LEMMATA_BACKEND=js|wasm` force one. Until then,
 * and in particular at import time, the kernels run on `js`.
 *
 * The selection is the one piece of process-wide state in `src/core`: prefer {@link withBackend},
 * which restores the previous selection.
 *
 * @module
 */
import type { Matrix } from './matrix.ts';
import type { Backend, BackendSpec, Uplo } from './backendTypes.ts';
import { BackendError } from './errors.ts';
import { gemmPlain } from './gemmPlain.ts';
import { syrkPlain } from './syrkPlain.ts';
import { trsmPlain } from './trsmPlain.ts';
import { potrfPlain } from './potrfPlain.ts';
import { sytrdPlain } from './sytrdPlain.ts';
import { gebrdPlain } from './gebrdPlain.ts';
import { wasmBackendName, wasmBackendSpec } from './wasmBackend.ts';
import { availableWasmVariants } from './wasmKernels.ts';

export type { Backend, BackendKernels, BackendSpec, Uplo } from './backendTypes.ts';
export { BackendError } from './errors.ts';

/**
 * A frozen backend named `name`: the kernels of `spec`, the plain ones for those it leaves out. The plain
 * composite kernels call the GEMM, TRSM and SYRK of *this* backend (`self`), not the plain ones.
 */
function makeBackend(spec: BackendSpec): Backend {
  const self: Backend = Object.freeze({
    name: spec.name,
    preferDivideAndConquer: spec.preferDivideAndConquer ?? false,
    gemm: spec.gemm ?? gemmPlain,
    syrk: spec.syrk ??
      ((full: boolean, trans: boolean, alpha: number, a: Matrix, beta: number, c: Matrix) => syrkPlain(full, trans, alpha, a, beta, c, self.gemm)),
    trsm: spec.trsm ??
      ((side: 'left' | 'right', uplo: Uplo, trans: boolean, unitDiag: boolean, alpha: number, t: Matrix, b: Matrix) =>
        trsmPlain(side, uplo, trans, unitDiag, alpha, t, b, self.gemm)),
    potrf: spec.potrf ?? ((a: Matrix) => potrfPlain(a, self)),
    sytrd: spec.sytrd ?? sytrdPlain,
    gebrd: spec.gebrd ?? gebrdPlain,
  } satisfies Backend);
  return self;
}

/** The plain backend: TypeScript over `Float64Array`, single-threaded; its results are the reference bits. */
export const plainBackend: Backend = makeBackend({ name: 'js' });

const registry = new Map<string, Backend>([[plainBackend.name, plainBackend]]);
/**
 * The selected backend. Until an entry point selects one (CLI, bench and test setup call {@link selectBackendFromEnv},
 * which makes the automatic choice), the kernels run on `js`: importing `src/core` never changes results by itself.
 */
let active: Backend = plainBackend;
let builtinsRegistered = false;

/** Registers the WASM variants this runtime validates (once; the check reads the binaries, so not at import time). */
function registerBuiltins(): void {
  if (builtinsRegistered) return;
  builtinsRegistered = true;
  for (const v of availableWasmVariants()) {
    const spec = wasmBackendSpec(v);
    if (!registry.has(spec.name)) registry.set(spec.name, makeBackend(spec));
  }
}

/** The automatic choice: the best WASM variant this runtime validates (relaxed-SIMD, then SIMD128), else `js`. */
function automaticBackend(): Backend {
  registerBuiltins();
  for (const v of availableWasmVariants()) {
    const b = registry.get(wasmBackendName(v));
    if (b) return b;
  }
  return plainBackend;
}

/**
 * Registers a backend under `spec.name` (missing kernels fall back to the plain ones, composed with the
 * kernels the spec does supply) and returns it. Throws a {@link BackendError} if the name is taken.
 */
export function registerBackend(spec: BackendSpec): Backend {
  registerBuiltins();
  if (typeof spec?.name !== 'string' || spec.name === '') throw new BackendError('backend spec must have a non-empty name');
  if (registry.has(spec.name)) throw new BackendError(`a backend named '${spec.name}' is already registered`);
  const backend = makeBackend(spec);
  registry.set(spec.name, backend);
  return backend;
}

/** Removes a registered backend (not the plain one); if it was active, the plain backend becomes active. */
export function unregisterBackend(name: string): void {
  registerBuiltins();
  if (name === plainBackend.name) throw new BackendError(`the default backend '${name}' cannot be unregistered`);
  if (!registry.delete(name)) throw new BackendError(`no backend named '${name}' is registered`);
  if (active.name === name) active = plainBackend;
}

/** Selects the backend used by the public kernels; returns the name of the previously active one. */
export function useBackend(name: string): string {
  registerBuiltins();
  const b = registry.get(name);
  if (!b) throw new BackendError(`unknown backend '${name}'; registered: ${[...registry.keys()].join(', ')}`);
  const prev = activeBackend().name;
  active = b;
  return prev;
}

/** The backend the public kernels currently dispatch to (`js` until one is selected). */
export function activeBackend(): Backend {
  return active;
}

/** Name of the active backend (`js`, `wasm-relaxed` or `wasm-simd128`, or a registered one): for run headers and bench output. */
export function backendName(): string {
  return activeBackend().name;
}

/** Names of the registered backends (the built-in ones this runtime supports included), the plain one first. */
export function listBackends(): string[] {
  registerBuiltins();
  return [...registry.keys()];
}

/** Names of the built-in backends this runtime supports: `js`, then each validated WASM variant, best first. */
export function builtinBackends(): string[] {
  return [plainBackend.name, ...availableWasmVariants().map(wasmBackendName)];
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

/**
 * Selects a backend by a user's request and returns its name: `auto` (or undefined / empty: an unset variable) for the automatic
 * choice, `js` for plain TypeScript, `wasm` for the best WASM variant this runtime validates (a
 * {@link BackendError} if there is none), or an exact registered name (`wasm-simd128`, …).
 */
export function selectBackend(request: string | undefined): string {
  const r = (request ?? '').trim();
  if (r === '' || r === 'auto') {
    active = automaticBackend();
  } else if (r === 'wasm') {
    const best = automaticBackend();
    if (best === plainBackend) {
      throw new BackendError("backend 'wasm' requested, but this runtime validates no WebAssembly SIMD module");
    }
    active = best;
  } else {
    useBackend(r);
  }
  return activeBackend().name;
}

/**
 * {@link selectBackend} with the request read from `env.LEMMATA_BACKEND` (`js` | `wasm` | `auto` | a registered
 * name) at the time of the call: the CLI, the bench and the test setup call this once, explicitly; nothing reads
 * the variable at import time, and the caller hands the environment in (`selectBackendFromEnv(process.env)`).
 */
export function selectBackendFromEnv(env: Record<string, string | undefined>): string {
  const v = env.LEMMATA_BACKEND;
  try {
    return selectBackend(v);
  } catch (e) {
    if (e instanceof BackendError) throw new BackendError(`LEMMATA_BACKEND=${v}: ${e.message}`);
    throw e;
  }
}
