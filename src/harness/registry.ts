/**
 * The claim registry: every `spec/**\/*.ts` file default-exports a claim, an array of claims, or a
 * function of the run's context `{ seed, profile }` returning either (for claims whose design is drawn
 * from the run's seed, like D6.random). Nothing reads the environment: the seed is an argument.
 * Files and folders whose name starts with `_` are helpers, not claims.
 *
 * @module
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { validateClaim, type Claim } from './claim.ts';
import { ClaimDefinitionError, UnknownClaimError } from './errors.ts';
import type { Figure } from './figure.ts';
import type { Profile } from './profile.ts';

export { UnknownClaimError } from './errors.ts';

/** What a spec file's default-exported function receives. */
export interface SpecContext {
  /** The run's root seed. */
  seed: number;
  profile: Profile;
}

/** What a spec file may default-export. */
export type SpecExport = Claim | Claim[] | ((ctx: SpecContext) => Claim | Claim[]);

/** Options of {@link loadSpecs}. */
export interface LoadOptions {
  /** The run's context, passed to spec files that export a function of it. */
  context: SpecContext;
  /** The directory (default: the repository's `spec/`) or an explicit list of files. */
  dir?: string;
  files?: string[];
  /** Accept claims with no wrong variant (audit mode; they are flagged in the report). */
  allowNoVariants?: boolean;
}

/** The repository's `spec/` directory. */
export const SPEC_DIR = fileURLToPath(new URL('../../spec/', import.meta.url));

function specFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('_') || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...specFiles(p));
    // Sources (.ts, loaded through tsx) or the compiled build (.js); never declarations.
    else if ((name.endsWith('.ts') && !name.endsWith('.d.ts')) || name.endsWith('.js') || name.endsWith('.mjs')) out.push(p);
  }
  return out;
}

/** A message on one line (compilers report over several). */
function oneLine(m: string): string {
  return m.replace(/\s*\n\s*/g, ' ').trim();
}

/** Loads all claims of the context (sorted by id); throws a {@link ClaimDefinitionError} naming the file on a malformed one. */
export async function loadRegistry(o: LoadOptions): Promise<Claim[]> {
  return (await loadSpecs(o)).claims;
}

/** Loads all claims (sorted by id) and figures of the spec directory (or of the given files). */
export async function loadSpecs(o: LoadOptions): Promise<{ claims: Claim[]; figures: Figure[]; files: Map<string, string> }> {
  const claims: Claim[] = [];
  const figures: Figure[] = [];
  const seen = new Map<string, string>();
  for (const file of o.files ?? specFiles(o.dir ?? SPEC_DIR)) {
    let mod: { default?: unknown; figures?: unknown };
    try {
      mod = (await import(pathToFileURL(file).href)) as { default?: unknown; figures?: unknown };
    } catch (e) {
      if (e instanceof ClaimDefinitionError) throw new ClaimDefinitionError(`${file}: ${e.message}`);
      throw new ClaimDefinitionError(`${file}: cannot load: ${oneLine((e as Error)?.message ?? String(e))}`);
    }
    if (mod.figures !== undefined) {
      if (!Array.isArray(mod.figures)) throw new ClaimDefinitionError(`${file}: 'figures' must be an array of defineFigure(...)`);
      figures.push(...(mod.figures as Figure[]));
    }
    if (mod.default === undefined) throw new ClaimDefinitionError(`${file}: no default export (a spec file exports a claim, an array of claims, or a function of { seed, profile } returning them)`);
    let exported: unknown = mod.default;
    if (typeof exported === 'function') {
      try {
        exported = (exported as (ctx: SpecContext) => unknown)(o.context);
      } catch (e) {
        throw new ClaimDefinitionError(`${file}: the default-exported function threw: ${oneLine((e as Error)?.message ?? String(e))}`);
      }
    }
    const list = Array.isArray(exported) ? exported : [exported];
    for (const [i, c] of list.entries()) {
      try {
        validateClaim(c, { allowNoVariants: !!o.allowNoVariants });
      } catch (e) {
        throw new ClaimDefinitionError(`${file}${list.length > 1 ? ` (claim ${i + 1} of ${list.length})` : ''}: ${(e as Error).message}`);
      }
      const claim = c as Claim;
      const prev = seen.get(claim.id);
      if (prev) throw new ClaimDefinitionError(`duplicate claim id ${claim.id} in ${file} and ${prev}`);
      seen.set(claim.id, file);
      claims.push(claim);
    }
  }
  claims.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { claims, figures, files: seen };
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
