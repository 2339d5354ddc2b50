/**
 * Loading claim files from anywhere (`lemmata audit FILE...`, `lemmata replay --spec FILE`): `.ts`, `.mts`, `.js` or
 * `.mjs` files that default-export a claim, an array of claims, or a function of `{ seed, profile }` returning them,
 * importing the public API as `lemmata`. TypeScript is compiled on the fly by tsx (a dependency of lemmata, so the user
 * installs nothing), and `lemmata` resolves to the running CLI's own entry points (`auditHooks.mjs`).
 *
 * @module
 */
import { existsSync, statSync } from 'node:fs';
import { register } from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadSpecs, type SpecContext } from '../harness/registry.ts';
import type { Claim } from '../harness/claim.ts';
import type { Figure } from '../harness/figure.ts';
import { UsageError } from './usageError.ts';

/** Extensions a claim file may have. */
export const CLAIM_FILE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];

const registeredRoots = new Set<string>();
let tsxRegistered = false;

/** The running lemmata's public entry points (compiled build or TypeScript sources). */
function entryPoints(): Record<string, string> {
  const here = fileURLToPath(import.meta.url); // …/src/cli/claimFiles.(ts|js)
  const src = join(dirname(here), '..');
  const ext = extname(here);
  const url = (p: string) => pathToFileURL(join(src, p + ext)).href;
  return { lemmata: url('index'), 'lemmata/models': url('models/index'), 'lemmata/core': url('core/index') };
}

/** Checks the paths: each must be an existing regular file with a claim-file extension. Returns absolute paths. */
export function checkClaimFiles(files: readonly string[]): string[] {
  if (files.length === 0) throw new UsageError('give at least one claim file (e.g. lemmata audit my.claim.ts); `lemmata new-claim NAME` writes one');
  return files.map((f) => {
    const abs = resolve(f);
    if (!existsSync(abs)) throw new UsageError(`${f}: no such file`);
    const st = statSync(abs);
    if (!st.isFile()) throw new UsageError(`${f}: not a regular file`);
    if (!CLAIM_FILE_EXTENSIONS.includes(extname(abs))) throw new UsageError(`${f}: a claim file ends in ${CLAIM_FILE_EXTENSIONS.join(', ')}`);
    if (st.size > 16 * 1024 * 1024) throw new UsageError(`${f}: ${st.size} bytes is too large for a claim file (limit 16 MiB)`);
    return abs;
  });
}

/** Installs TypeScript support and the `lemmata` resolution for files under the folders of `files` (once per folder). */
async function prepareLoader(files: readonly string[]): Promise<void> {
  if (!tsxRegistered && import.meta.url.endsWith('.js')) {
    // From the compiled build nothing compiles TypeScript yet; from the sources, bin/lemmata.js already registered tsx.
    const { register: registerTsx } = await import('tsx/esm/api');
    registerTsx();
  }
  tsxRegistered = true;
  const roots = [...new Set(files.map((f) => pathToFileURL(dirname(f)).href + '/'))].filter((r) => !registeredRoots.has(r));
  if (roots.length === 0) return;
  const hooks = new URL('./auditHooks.mjs', import.meta.url);
  register(hooks.href, { data: { entries: entryPoints(), roots } });
  for (const r of roots) registeredRoots.add(r);
}

/** Loads the claims (and figures) of user claim files; a claim without wrong variants is accepted (and flagged by the caller). */
export async function loadClaimFiles(files: readonly string[], context: SpecContext): Promise<{ claims: Claim[]; figures: Figure[]; files: Map<string, string> }> {
  const abs = checkClaimFiles(files);
  await prepareLoader(abs);
  return loadSpecs({ files: abs, context, allowNoVariants: true });
}
