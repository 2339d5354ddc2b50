/**
 * The WASM kernels: the committed binaries are exactly what `npm run build:wasm` makes from `wasm/assembly/` with
 * the pinned compiler; the relaxed-SIMD variant is detected by `WebAssembly.validate`, never assumed; and the
 * relaxed variant (FMA), which this process may not be able to run, passes the GEMM and Cholesky bounds in a child
 * process started with `--experimental-wasm-relaxed-simd`.
 *
 * The numerical properties of every kernel on every available backend are in the parametrised core-*.test.ts files.
 */
import { test, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableWasmVariants, wasmBinary } from '../src/core/wasmKernels.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function compilerPresent(): boolean {
  try {
    createRequire(import.meta.url).resolve('assemblyscript/package.json');
    return true;
  } catch {
    return false;
  }
}

test('rebuilding the WASM kernels from wasm/assembly reproduces the committed binaries byte for byte', async () => {
  if (!compilerPresent()) {
    console.log('SKIPPED: assemblyscript is not installed (npm ci installs it): the committed .wasm files were not rebuilt');
    return;
  }
  const { buildWasm, VARIANTS } = await import('../wasm/build.mjs');
  const out = mkdtempSync(join(tmpdir(), 'lemmata-wasm-'));
  try {
    const written = await buildWasm(out);
    expect(written.length).toBe(VARIANTS.length);
    for (const v of VARIANTS) {
      const fresh = readFileSync(join(out, v.file));
      const committed = readFileSync(join(ROOT, 'src', 'core', 'wasm', v.file));
      expect(fresh.length).toBeGreaterThan(1000);
      expect(Buffer.compare(fresh, committed), `${v.file} differs from its rebuild: run npm run build:wasm and commit`).toBe(0);
    }
    // Wrong variants the same comparison rejects: the other variant's binary, and one flipped byte.
    const a = readFileSync(join(out, VARIANTS[0].file));
    const b = readFileSync(join(ROOT, 'src', 'core', 'wasm', VARIANTS[1].file));
    expect(Buffer.compare(a, b)).not.toBe(0);
    const flipped = Buffer.from(a);
    flipped[flipped.length >> 1] ^= 1;
    expect(Buffer.compare(flipped, a)).not.toBe(0);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 120_000);

test('variants are chosen by WebAssembly.validate: SIMD128 validates here, relaxed exactly when the runtime accepts it', () => {
  const v = availableWasmVariants();
  expect(v).toContain('simd128');
  const wa = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;
  expect(v.includes('relaxed')).toBe(wa.validate(wasmBinary('relaxed')));
  // The relaxed binary really uses relaxed SIMD: a runtime started with the flag accepts it.
  const out = execFileSync(process.execPath, [
    '--experimental-wasm-relaxed-simd', '-e',
    `const fs=require('fs');process.stdout.write(String(WebAssembly.validate(fs.readFileSync(${JSON.stringify(join(ROOT, 'src/core/wasm/lemmata-relaxed.wasm'))}))))`,
  ], { encoding: 'utf8' });
  expect(out).toBe('true');
});

test('the relaxed-SIMD (FMA) backend passes the GEMM entrywise bound and the Cholesky backward-error bound (child process with the flag)', () => {
  // GEMM: |Ĉ − C| ≤ 2γ_{k+2}(1 + γ_{k+2})|A||B| entrywise (core-blas.test.ts); an FMA rounds once instead of twice, so
  // the bound holds a fortiori. Cholesky: ‖A − L̂L̂ᵀ‖_F ≤ 2γ_{n+2}‖L̂‖_F² (core-cholesky.test.ts). The script prints the
  // largest ratio of error to bound over its cases (≤ 1 passes), and the same ratio for a wrong variant (dropped
  // last term of the product) which must exceed 1.
  const script = `
    const { selectBackend } = await import(${JSON.stringify(join(ROOT, 'src/core/backend.ts'))});
    const { gemm } = await import(${JSON.stringify(join(ROOT, 'src/core/gemm.ts'))});
    const { cholesky } = await import(${JSON.stringify(join(ROOT, 'src/core/cholesky.ts'))});
    const { zeros, view } = await import(${JSON.stringify(join(ROOT, 'src/core/matrix.ts'))});
    const { gaussianMatrix, randomSpd } = await import(${JSON.stringify(join(ROOT, 'src/core/randomMatrix.ts'))});
    const { Rng } = await import(${JSON.stringify(join(ROOT, 'src/core/random.ts'))});
    const name = selectBackend('wasm');
    const u = 2 ** -53, g = (k) => (k * u) / (1 - k * u);
    let worst = 0, wrong = Infinity;
    for (const [m, k, n] of [[37, 300, 41], [130, 257, 9], [64, 64, 64]]) {
      const rng = Rng.stream(7, 'relaxed', m, k, n);
      const A = gaussianMatrix(m, k, rng), B = gaussianMatrix(k, n, rng);
      const C = gemm(A, B, zeros(m, n));
      const W = gemm(view(A, 0, 0, m, k - 1), view(B, 0, 0, k - 1, n), zeros(m, n));
      let wr = 0;
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
        let s = 0, t = 0;
        for (let p = 0; p < k; p++) { s += A.data[i * k + p] * B.data[p * n + j]; t += Math.abs(A.data[i * k + p] * B.data[p * n + j]); }
        const bound = 2 * g(k + 2) * (1 + g(k + 2)) * t;
        worst = Math.max(worst, Math.abs(C.data[i * n + j] - s) / bound);
        wr = Math.max(wr, Math.abs(W.data[i * n + j] - s) / bound);
      }
      wrong = Math.min(wrong, wr);
    }
    for (const n of [40, 150]) {
      const S = randomSpd(n, 1e6, Rng.stream(7, 'relaxed-chol', n));
      const L = cholesky(S).L;
      let err = 0, lf = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < n; p++) s += L.data[i * n + p] * L.data[j * n + p];
        err += (S.data[i * n + j] - s) ** 2;
        lf += L.data[i * n + j] ** 2;
      }
      worst = Math.max(worst, Math.sqrt(err) / (2 * g(n + 2) * lf));
    }
    process.stdout.write(JSON.stringify({ name, worst, wrong }));
  `;
  const out = execFileSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8', cwd: ROOT,
  });
  const r = JSON.parse(out) as { name: string; worst: number; wrong: number };
  expect(r.name).toBe('wasm-relaxed');
  expect(r.worst).toBeLessThanOrEqual(1);
  expect(r.wrong).toBeGreaterThan(1);
}, 120_000);
