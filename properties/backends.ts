/**
 * The dense-kernel backends the core properties run on: every built-in backend this runtime supports (`js`, and
 * each WASM variant that `WebAssembly.validate` accepts, with its usual small-size cutoff to plain TypeScript),
 * plus, per WASM variant, a test backend `<name>-all` that sends every call to WebAssembly, so that the WASM
 * kernels also meet the small and odd shapes the properties draw (tile and block edges, n = 1).
 *
 * @module
 */
import { test } from 'vitest';
import { builtinBackends, listBackends, registerBackend, withBackend } from '../src/core/backend.ts';
import { wasmBackendSpec } from '../src/core/wasmBackend.ts';
import { availableWasmVariants } from '../src/core/wasmKernels.ts';

/** Names of the backends under test, `js` first (registers the `-all` WASM test backends on first call). */
export function backendsUnderTest(): string[] {
  const names = builtinBackends();
  for (const v of availableWasmVariants()) {
    const name = `wasm-${v}-all`;
    if (!listBackends().includes(name)) registerBackend(wasmBackendSpec(v, { name, noCutoff: true }));
    names.push(name);
  }
  return names;
}

/**
 * Declares `test(title [backend], fn)` once per backend under test, with that backend active while `fn` runs
 * (the same property, the same seeds, on every backend).
 */
export function backendTest(title: string, fn: () => void): void {
  for (const b of backendsUnderTest()) test(`${title} [${b}]`, () => withBackend(b, fn));
}
