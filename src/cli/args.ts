/**
 * Argument parsing shared by the commands (node:util parseArgs, strict), with errors turned into
 * {@link UsageError}s that name the flag.
 *
 * @module
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { drawRootSeed, parseSeed } from '../core/random.ts';
import { parseProfile, type Profile } from '../harness/profile.ts';
import { UsageError } from './usageError.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses `argv` against `options`; unknown flags and missing values are usage errors. */
export function parse(argv: string[], options: Options, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
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

/** `--profile`, default `quick`. */
export function resolveProfile(flag: string | undefined, fallback: Profile = 'quick'): Profile {
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
  if (count < 1 || index < 1 || index > count) throw new UsageError(`--shard must be K/N with 1 ≤ K ≤ N, got '${text}'`);
  return { index, count };
}

/** A finite number flag with a domain check. */
export function numberFlag(name: string, text: string | undefined, check: (x: number) => boolean, domain: string): number | undefined {
  if (text === undefined) return undefined;
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || !check(x)) throw new UsageError(`--${name} must be ${domain}, got '${text}'`);
  return x;
}
