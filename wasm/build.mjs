#!/usr/bin/env node
// Builds the WASM kernels from wasm/assembly/ with the pinned AssemblyScript compiler (devDependency) into
// src/core/wasm/: lemmata-simd128.wasm (SIMD128) and lemmata-relaxed.wasm (SIMD128 + relaxed-SIMD FMA).
// `npm run build:wasm` runs it; properties/core-wasm.test.ts rebuilds into a temporary directory and requires the
// committed binaries to match byte for byte.
//
// Usage: node wasm/build.mjs [outDir]      (default: src/core/wasm)
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');

/** The variants: file name and the WebAssembly features enabled for it. */
export const VARIANTS = [
  { file: 'lemmata-simd128.wasm', features: 'simd' },
  { file: 'lemmata-relaxed.wasm', features: 'simd,relaxed-simd' },
];

/** Compiles every variant into `outDir`; returns the written paths. Throws with the compiler's output on error. */
export async function buildWasm(outDir = join(root, 'src', 'core', 'wasm')) {
  const { default: asc } = await import('assemblyscript/asc');
  mkdirSync(outDir, { recursive: true });
  const written = [];
  for (const v of VARIANTS) {
    const outputs = {};
    const stderr = [];
    const { error } = await asc.main(
      [
        join(here, 'assembly', 'index.ts'), '--outFile', v.file, '--enable', v.features,
        '--runtime', 'stub', '--optimizeLevel', '3', '--shrinkLevel', '0', '--noAssert', '--converge',
      ],
      {
        writeFile: (name, contents) => { outputs[basename(name)] = contents; },
        stderr: { write: (s) => { stderr.push(String(s)); return true; } },
        stdout: { write: () => true },
      },
    );
    if (error) throw new Error(`asc failed for ${v.file}: ${error.message}\n${stderr.join('')}`);
    const bin = outputs[v.file];
    if (!bin) throw new Error(`asc produced no ${v.file}`);
    const path = join(outDir, v.file);
    writeFileSync(path, bin);
    written.push(path);
  }
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ? resolve(process.argv[2]) : undefined;
  for (const p of await buildWasm(out)) console.log(`wrote ${p}`);
}
