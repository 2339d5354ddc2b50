/**
 * Argument parsing shared by the commands (node:util parseArgs, strict), with errors turned into
 * {@link UsageError}s that name the flag.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { drawRootSeed, parseSeed } from '../core/random.ts';
import { DEFAULT_ALPHA_TOTAL, MIN_ALPHA_TOTAL } from '../harness/budget.ts';
import type { Claim } from '../harness/claim.ts';
import { selectClaims, UnknownClaimError } from '../harness/registry.ts';
import { parseProfile, type Profile } from '../harness/profile.ts';
import { UsageError } from './usageError.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options of {@link parse}. */
export interface ParseOptions {
  /** Accept positional arguments (default true). */
  allowPositionals?: boolean;
}

/** Parses `argv` against `options`; unknown flags and missing values are usage errors. */
export function parse(argv: string[], options: Options, o: ParseOptions = {}) {
  const { allowPositionals = true } = o;
  // `--seed -1`: node's parser reads `-1` as an option; pass values that look like numbers to string options as
  // `--flag=value`, so the flag's own domain check names the problem.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.startsWith('--') ? a.slice(2) : null;
    const next = argv[i + 1];
    if (name && options[name]?.type === 'string' && next !== undefined && /^-(\d|\.\d|Infinity|inf)/i.test(next)) {
      args.push(`${a}=${next}`);
      i++;
    } else args.push(a);
  }
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

/** Options of {@link resolveSeed}. */
export interface SeedOptions {
  /** Use this seed instead of drawing one when neither the flag nor LEMMATA_SEED is set (`drawn` is then true). */
  fallback?: number;
}

/** The root seed: `--seed`, else env LEMMATA_SEED, else a fresh one (`drawn` tells the caller to print it). */
export function resolveSeed(flag: string | undefined, o: SeedOptions = {}): { seed: number; drawn: boolean } {
  try {
    if (flag !== undefined) return { seed: parseSeed(flag), drawn: false };
    const env = process.env.LEMMATA_SEED;
    if (env !== undefined && env !== '') return { seed: parseSeed(env), drawn: false };
  } catch (e) {
    throw new UsageError(`${flag !== undefined ? '--seed' : 'LEMMATA_SEED'}: ${(e as Error).message}`);
  }
  return { seed: o.fallback ?? drawRootSeed(), drawn: true };
}

/** Options of {@link resolveProfile}. */
export interface ProfileOptions {
  /** The profile when the flag is absent (default `quick`). */
  fallback?: Profile;
}

/** `--profile`, default `quick`. */
export function resolveProfile(flag: string | undefined, o: ProfileOptions = {}): Profile {
  const { fallback = 'quick' } = o;
  if (flag === undefined) return fallback;
  try {
    return parseProfile(flag);
  } catch (e) {
    throw new UsageError(`--profile: ${(e as Error).message}`);
  }
}

/** `--shard K/N` with 1 ≤ K ≤ N. */
export function parseShard(text: string | undefined): { index: number; count: number } | null {
  if (text === undefined) return null;
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new UsageError(`--shard must be K/N with integers 1 ≤ K ≤ N, got '${text}'`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count > 1_000_000) throw new UsageError(`--shard: K and N must be integers with N ≤ 1000000, got '${text}'`);
  if (count < 1 || index < 1 || index > count) throw new UsageError(`--shard must be K/N with 1 ≤ K ≤ N, got '${text}'`);
  return { index, count };
}

/** The domain of a number flag: the check, and its wording in the usage error. */
export interface FlagDomain {
  /** True for the values the flag accepts. */
  check: (x: number) => boolean;
  /** What the flag must be, as the error says it (`a probability in [1e-12, 0.5]`). */
  domain: string;
}

/** A finite number flag with a domain check. */
export function numberFlag(name: string, text: string | undefined, flagDomain: FlagDomain): number | undefined {
  const { check, domain } = flagDomain;
  if (text === undefined) return undefined;
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || !check(x)) throw new UsageError(`--${name} must be ${domain}, got '${text}'`);
  return x;
}

/** `--jobs N`: worker processes, 1 ≤ N ≤ 256; default the available cores. */
export function parseJobs(text: string | undefined): number {
  if (text === undefined) return Math.max(1, availableParallelism());
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || Number(text) > 256) throw new UsageError(`--jobs must be an integer in [1, 256], got '${text}'`);
  return Number(text);
}

/** Options of {@link alphaFlag}. */
export interface AlphaFlagOptions {
  /** Why the domain is what it is, appended to the usage error in parentheses. */
  why?: string;
}

/** `--alpha A`: the suite-wide false-alarm budget per run, a probability in [MIN_ALPHA_TOTAL, 0.5]; default DEFAULT_ALPHA_TOTAL. */
export function alphaFlag(text: string | undefined, o: AlphaFlagOptions = {}): number {
  const domain = `a probability in [${MIN_ALPHA_TOTAL}, 0.5]${o.why === undefined ? '' : ` (${o.why})`}`;
  return numberFlag('alpha', text, { check: (x) => x >= MIN_ALPHA_TOTAL && x <= 0.5, domain }) ?? DEFAULT_ALPHA_TOTAL;
}

/** Options of {@link outDirFlag}. */
export interface OutDirOptions {
  /** The directory when the flag is absent. */
  defaultDir: string;
  /** The path the usage error for an empty `--out` suggests (none when absent). */
  example?: string;
}

/** `--out DIR` resolved to an absolute path (`defaultDir` when absent); an empty path is a usage error. */
export function outDirFlag(text: string | undefined, o: OutDirOptions): string {
  if (text !== undefined && text.trim() === '') {
    throw new UsageError(`--out: an empty path is not a directory${o.example === undefined ? '' : ` (give a path, e.g. --out ${o.example})`}`);
  }
  return resolve(text ?? o.defaultDir);
}

/** The claims of `registry` the positional selectors (ids and globs; all when none) name; an unknown one is a usage error. */
export function selectClaimsFlag(registry: readonly Claim[], selectors: readonly string[]): Claim[] {
  try {
    return selectClaims(registry, selectors);
  } catch (e) {
    if (e instanceof UnknownClaimError) throw new UsageError(e.message);
    throw e;
  }
}
