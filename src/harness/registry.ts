/**
 * The claim registry: every `spec/**\/*.ts` file default-exports a claim or an array of claims.
 * Files and folders whose name starts with `_` are helpers, not claims.
 *
 * @module
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ClaimDefinitionError, type Claim } from './claim.ts';
import type { Figure } from './figure.ts';

/** The repository's `spec/` directory. */
export const SPEC_DIR = fileURLToPath(new URL('../../spec/', import.meta.url));

function specFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('_') || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...specFiles(p));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Loads all claims, sorted by id; throws a {@link ClaimDefinitionError} naming the file on a malformed one. */
export async function loadRegistry(dir = SPEC_DIR): Promise<Claim[]> {
  return (await loadSpecs(dir)).claims;
}

/** Loads all claims (sorted by id) and figures of the spec directory. */
export async function loadSpecs(dir = SPEC_DIR): Promise<{ claims: Claim[]; figures: Figure[] }> {
  const claims: Claim[] = [];
  const figures: Figure[] = [];
  const seen = new Map<string, string>();
  for (const file of specFiles(dir)) {
    let mod: { default?: unknown; figures?: Figure[] };
    try {
      mod = (await import(pathToFileURL(file).href)) as { default?: unknown; figures?: Figure[] };
    } catch (e) {
      throw new ClaimDefinitionError(`${file}: ${(e as Error).message}`);
    }
    if (Array.isArray(mod.figures)) figures.push(...mod.figures);
    if (mod.default === undefined) throw new ClaimDefinitionError(`${file}: no default export (a spec file exports a claim or an array of claims)`);
    const list = Array.isArray(mod.default) ? mod.default : [mod.default];
    for (const c of list as Claim[]) {
      if (!c || typeof c !== 'object' || typeof (c as Claim).id !== 'string') throw new ClaimDefinitionError(`${file}: default export is not a claim`);
      const prev = seen.get(c.id);
      if (prev) throw new ClaimDefinitionError(`duplicate claim id ${c.id} in ${file} and ${prev}`);
      seen.set(c.id, file);
      claims.push(c);
    }
  }
  claims.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { claims, figures };
}

/** Thrown when a selector matches no claim. */
export class UnknownClaimError extends Error {
  override name = 'UnknownClaimError';
}

/** Converts a glob (`*`, `?`, `[abc]`, `[0-9]`, `[!x]`) to an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) {
        re += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
      if (body.startsWith('!')) body = '^' + body.slice(1);
      re += `[${body}]`;
      i = close;
    } else re += ch.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * The claims matching any selector (an id, a glob, or an id prefix followed by `.`: `D6` selects
 * `D6` and `D6.*`). No selectors selects all. A selector that matches nothing is an error.
 */
export function selectClaims(registry: readonly Claim[], selectors: readonly string[]): Claim[] {
  if (selectors.length === 0) return [...registry];
  const chosen = new Set<string>();
  for (const sel of selectors) {
    const re = globToRegExp(sel);
    const hits = registry.filter((c) => re.test(c.id) || c.id.startsWith(`${sel}.`));
    if (hits.length === 0) {
      throw new UnknownClaimError(`no claim matches '${sel}' (known: ${registry.map((c) => c.id).join(', ') || 'none'})`);
    }
    for (const h of hits) chosen.add(h.id);
  }
  return registry.filter((c) => chosen.has(c.id));
}
