/**
 * Monte Carlo cells shared by the sampling kinds (limit, expectation, extrapolation): one cell is one
 * replicate at one size, drawn from its own stream (root seed, claim id, size, replicate, and a
 * stream tag for auxiliary samplers), stored the moment it finishes.
 *
 * A wrong variant reuses the claim's own cell when it overrides no `impl` entry that the claim's
 * sampler reads (tracked by a proxy and stored with the cell), so variants that change only a
 * limit formula cost nothing and are judged on exactly the claim's draws.
 *
 * @module
 */
import { Rng } from '../core/random.ts';
import { implFor, type Variant } from './kinds/common.ts';
import { MissingCellError, type KindRun } from './kinds/kind.ts';
import type { SampleRecord } from './resultStore.ts';

/** A sampler: one replicate at size `n` (0 for fixed-size claims) from `rng`. */
export type CellSampler = (impl: object, rng: Rng, rep: number, n: number) => number;

/** What a cell needs of its claim. */
export interface CellClaim {
  id: string;
  impl: object;
  variants: Variant<object>[];
}

/** Coordinates of one cell. */
export interface CellAddress {
  /** The wrong variant's name (null: the claim itself). */
  variant: string | null;
  /** The size (0 for fixed-size claims). */
  n: number;
  /** The replicate's index at that size. */
  rep: number;
  /** A separate sampler of the same claim (e.g. a control variate): its own stream and record key. */
  stream?: string;
}

/** A cell and how to compute it when the store does not have it ({@link getCell}). */
export interface CellRequest extends CellAddress {
  /** Computes the cell's value from the impl and the cell's own stream. */
  sampler: CellSampler;
}

function trackedImpl<I extends object>(impl: I, reads: Set<string>): I {
  return new Proxy(impl, {
    get(target, prop, receiver) {
      if (typeof prop === 'string') reads.add(prop);
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

/** `name: message` of a thrown value. */
export function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** The record key of a claim's cells of stream `stream` (the main sampler has none). */
export function cellClaimKey(id: string, stream: string | undefined): string {
  return stream ? `${id}#${stream}` : id;
}

/**
 * The cell at `a`: loaded from the store when it exists (a variant's own, or the claim's when the variant
 * may reuse it), else computed, stored and returned. In judge-only mode a missing cell throws.
 */
export function getCell(c: CellClaim, a: CellRequest, run: KindRun): SampleRecord {
  const { sampler } = a;
  const key = cellClaimKey(c.id, a.stream);
  const variant = a.variant;
  const overrides = variant === null ? [] : Object.keys(c.variants.find((v) => v.name === variant)!.impl);
  const reads = run.store.reads(key);
  const reusable = variant === null || (reads !== undefined && overrides.every((k) => !reads.has(k)));
  if (reusable) {
    const baseRec = run.store.sample(key, null, a.n, a.rep);
    if (baseRec) return baseRec;
  }
  if (variant !== null && !reusable) {
    const own = run.store.sample(key, variant, a.n, a.rep);
    if (own) return own;
  }
  if (run.judgeOnly) throw new MissingCellError(`${key}${variant && !reusable ? `/${variant}` : ''} n=${a.n} rep=${a.rep}`);
  // Compute: as the base cell when the variant would reuse it anyway.
  const asVariant = reusable ? null : variant;
  const impl = implFor(c, asVariant) as object;
  const rng = a.stream ? Rng.stream(run.seed, c.id, a.stream, a.n, a.rep) : Rng.stream(run.seed, c.id, a.n, a.rep);
  const readSet = new Set<string>();
  const t = performance.now();
  let rec: SampleRecord;
  try {
    const value = sampler(asVariant === null ? trackedImpl(impl, readSet) : impl, rng, a.rep, a.n);
    if (typeof value !== 'number') throw new TypeError(`sample returned ${typeof value}, not a number`);
    rec = { t: 'sample', claim: key, variant: asVariant, n: a.n, rep: a.rep, value: Number.isFinite(value) ? value : null, ...(Number.isFinite(value) ? {} : { error: `sample is ${value}` }) };
  } catch (e) {
    rec = { t: 'sample', claim: key, variant: asVariant, n: a.n, rep: a.rep, value: null, error: errorText(e) };
  }
  if (asVariant === null) rec.reads = [...readSet].sort();
  rec.ms = Math.round(performance.now() - t);
  run.store.add(rec);
  return rec;
}
