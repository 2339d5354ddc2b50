#!/usr/bin/env node
// Compiles src/ and spec/ to dist/ (JavaScript + declarations, relative imports rewritten to .js), copies the committed
// WASM kernels beside their loader, and stamps the build. Run by `npm ci` (prepare) and `npm pack` (prepack); the CLI uses
// dist/ when it is newer than every source file and falls back to loading the sources through tsx otherwise.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  // An install without devDependencies (a consumer of the package): dist/ ships prebuilt; nothing to do.
  if (existsSync(join(dist, '.build-stamp'))) process.exit(0);
  console.error('lemmata build: typescript is not installed and dist/ is missing; the CLI will load the sources through tsx');
  process.exit(0);
}
rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
const wasm = join(root, 'src', 'core', 'wasm');
if (existsSync(wasm)) {
  mkdirSync(join(dist, 'src', 'core', 'wasm'), { recursive: true });
  cpSync(wasm, join(dist, 'src', 'core', 'wasm'), { recursive: true });
}
// Plain-JavaScript loader hooks ship as they are.
cpSync(join(root, 'src', 'cli', 'auditHooks.mjs'), join(dist, 'src', 'cli', 'auditHooks.mjs'));
cpSync(join(root, 'src', 'cli', 'templates'), join(dist, 'src', 'cli', 'templates'), { recursive: true });
writeFileSync(join(dist, '.build-stamp'), `${new Date().toISOString()}\n`);
