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

export type { Backend, BackendKernels, BackendSpec, Uplo } from './backendTypes.ts';
export { BackendError } from './errors.ts';

/**
 * A frozen backend named `name`: the kernels of `spec`, the plain ones for those it leaves out. The plain
 * composite kernels call the GEMM, TRSM and SYRK of *this* backend (`self`), not the plain ones.
 */
function makeBackend(spec: BackendSpec): Backend {
  const self: Backend = Object.freeze({
    name: spec.name,
    gemm: spec.gemm ?? gemmPlain,
    syrk: spec.syrk ??
      ((full: boolean, trans: boolean, alpha: number, a: Matrix, beta: number, c: Matrix) => syrkPlain(full, trans, alpha, a, beta, c, self.gemm)),
    trsm: spec.trsm ??
      ((side: 'left' | 'right', uplo: Uplo, trans: boolean, unitDiag: boolean, alpha: number, t: Matrix, b: Matrix) =>
        trsmPlain(side, uplo, trans, unitDiag, alpha, t, b, self.gemm)),
    potrf: spec.potrf ?? ((a: Matrix) => potrfPlain(a, self)),
    sytrd: spec.sytrd ?? sytrdPlain,
  } satisfies Backend);
  return self;
}

/** The default backend: plain TypeScript over `Float64Array`, single-threaded. */
export const plainBackend: Backend = makeBackend({ name: 'plain-ts' });

const registry = new Map<string, Backend>([[plainBackend.name, plainBackend]]);
let active: Backend = plainBackend;

/**
 * Registers a backend under `spec.name` (missing kernels fall back to the plain ones, composed with the
 * kernels the spec does supply) and returns it. Throws a {@link BackendError} if the name is taken.
 */
export function registerBackend(spec: BackendSpec): Backend {
  if (typeof spec?.name !== 'string' || spec.name === '') throw new BackendError('backend spec must have a non-empty name');
  if (registry.has(spec.name)) throw new BackendError(`a backend named '${spec.name}' is already registered`);
  const backend = makeBackend(spec);
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
