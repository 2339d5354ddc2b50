/**
 * Limit claims: E_n → E_∞, checked on a geometric ladder of sizes with R replicates per level and a
 * fitted convergence order (verification policy, kind 2; the decision rules are in `judgeLimit.ts`).
 *
 * @module
 */
import { Rng } from '../../core/random.ts';
import { getCell, type CellSampler } from '../cells.ts';
import { ClaimDefinitionError } from '../errors.ts';
import { defaultFloatFloor, endsLadder, judgeLimit, levelStats, type RateClaim } from '../judgeLimit.ts';
import { convergencePlot } from '../plot.ts';
import { fmtNum } from '../numbersText.ts';
import type { ClaimNumbers, ClaimSummary } from '../verdict.ts';
import { checkPerProfile, forProfile, implFor, requireFunction, requireText, type ClaimCommon, type PerProfile, type SampleContext } from './common.ts';
import type { ClaimKind, Judgement } from './kind.ts';

export type { RateClaim } from '../judgeLimit.ts';

/** A geometric ladder n_k = n0·factor^k, k < levels, with `replicates` independent draws per level. */
export interface Ladder {
  n0: number;
  levels: number;
  replicates: number;
  /** Growth factor between levels (default 2). */
  factor?: number;
}

/** A limit E_n → E_∞, checked on a ladder of sizes with a fitted rate. */
export interface LimitClaim<I = unknown> extends ClaimCommon<I> {
  kind: 'limit';
  /** What is sampled, e.g. `E[MMSE_d]`. */
  quantity: string;
  /** The name of the size, e.g. `d`. */
  size: string;
  ladder: PerProfile<Ladder>;
  /** One replicate of the finite-size quantity at size n. */
  sample(n: number, ctx: SampleContext, impl: I): number;
  /** The limit E_∞. */
  limit(impl: I): number;
  /** The claimed order, if the theorem gives one; otherwise the order is measured and reported. */
  rate?: RateClaim;
  /** Absolute error below which the error is float64 noise rather than signal (ends the ladder). */
  floatFloor?: number;
  /**
   * The smallest deviation |E_∞ − limit| the check must resolve. Required when no rate is claimed: a
   * noise-floor level then ends the ladder and verifies the limit only when its resolution
   * t_{1−α/2}·se is at most `minEffect` (otherwise the ladder goes on, and ends `inconclusive`).
   */
  minEffect?: number;
}

/** Sizes of a ladder: n_k = round(n0·factor^k). */
export function ladderSizes(l: Ladder): number[] {
  const f = l.factor ?? 2;
  const out: number[] = [];
  for (let k = 0; k < l.levels; k++) out.push(Math.round(l.n0 * f ** k));
  return out;
}

const g = (x: number | null | undefined, d = 3) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toPrecision(d));

/** The rate column: fitted order with its bootstrap CI, and the claimed order. */
export function rateText(c: ClaimSummary): string {
  if (c.fittedRate === null) return c.kind === 'limit' ? 'no fit' : '';
  const ci = c.rateCI ? ` [${g(c.rateCI[0])}, ${g(c.rateCI[1])}]` : '';
  return `${g(c.fittedRate)}${ci}${c.claimedRate !== null ? ` (claimed ${c.claimedRate})` : ''}`;
}

/** The limit kind. */
export const limitKind: ClaimKind<LimitClaim> = {
  name: 'limit',
  decidedBy: 'a geometric ladder of sizes × R replicates on independent streams; weighted log-log fit of the error with its standard error; rate tests, or the limit alone at a stated resolution',
  budgetNote: '2 tests per limit claim (the rate or limit test, and the noise-floor/stall test)',
  acceptsPath: false,
  validate(c) {
    requireText(c, 'quantity');
    requireText(c, 'size');
    requireFunction(c, 'sample');
    requireFunction(c, 'limit');
    checkPerProfile(
      c.ladder,
      (l) =>
        !!l && Number.isInteger(l.n0) && l.n0 >= 1 && Number.isInteger(l.levels) && l.levels >= 4 && Number.isInteger(l.replicates) && l.replicates >= 2 && (l.factor === undefined || l.factor > 1),
      { id: c.id, field: 'ladder' },
    );
    if (c.rate && !(c.rate.order > 0 && c.rate.delta > 0)) throw new ClaimDefinitionError(`claim ${c.id}: rate needs order > 0 and delta > 0`);
    if (c.rate && c.rate.sense !== 'atLeast' && c.rate.sense !== 'exactly') throw new ClaimDefinitionError(`claim ${c.id}: rate.sense must be 'atLeast' or 'exactly'`);
    if (!c.rate && !(typeof c.minEffect === 'number' && c.minEffect > 0)) {
      throw new ClaimDefinitionError(`claim ${c.id}: a limit without a claimed rate must state minEffect > 0, the smallest deviation of the limit it must resolve`);
    }
  },
  plannedWork(c, profile) {
    const l = forProfile(c.ladder, profile);
    return ladderSizes(l).reduce((s, n) => s + l.replicates * n * n, 0) * (1 + c.variants.length);
  },
  stochasticTests: () => 2,
  staticFields: (c) => ({ claimedRate: c.rate ? c.rate.order : null }),
  judge(c, variant, run): Judgement {
    const ladder = forProfile(c.ladder, run.profile);
    const ns = ladderSizes(ladder);
    const sampler: CellSampler = (impl, rng, rep, n) => c.sample(n, { rng, profile: run.profile, replicate: rep }, impl);
    const impl = implFor(c, variant);
    let limit: number;
    try {
      limit = c.limit(impl);
    } catch (e) {
      return { verdict: 'error', reason: `limit threw: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}` };
    }
    const floatFloor = c.floatFloor ?? defaultFloatFloor(limit);
    const levels: Array<{ n: number; values: number[] }> = [];
    for (let k = 0; k < ns.length; k++) {
      const n = ns[k];
      const values: number[] = [];
      for (let rep = 0; rep < ladder.replicates; rep++) {
        const rec = getCell(c as LimitClaim<object>, { variant, n, rep, sampler }, run);
        if (rec.value === null) return { verdict: 'error', reason: `sample at n = ${n}, replicate ${rep}: ${rec.error}` };
        values.push(rec.value);
        run.progress({ claim: c.id, variant, phase: 'level', n, level: k, levels: ns.length, replicate: rep, replicates: ladder.replicates }, n * n);
      }
      levels.push({ n, values });
      // The noise floor ends the ladder (without a claimed rate: only at the required resolution).
      if (Number.isFinite(limit) && endsLadder(levelStats(n, values, { limit, floatFloor }), { alpha: run.alphaPerTest, hasRate: !!c.rate, minEffect: c.minEffect })) break;
    }
    const j = judgeLimit({
      levels,
      limit,
      rate: c.rate,
      alpha: run.alphaPerTest,
      rng: Rng.stream(run.seed, c.id, variant ?? '', 'bootstrap'),
      floatFloor,
      minEffect: c.minEffect,
    });
    if (variant !== null) return { verdict: j.verdict, reason: j.reason };
    return {
      verdict: j.verdict,
      reason: j.reason,
      fields: {
        fittedRate: j.fit ? j.fit.order : null,
        rateCI: j.fit && Number.isFinite(j.fit.ci95[0]) ? j.fit.ci95 : null,
        levels: j.levels,
        details: { ...j.details, quantity: c.quantity, size: c.size, limit: c.limit(c.impl), ladder, rate: c.rate ?? null },
      },
    };
  },
  numbers: limitNumbers,
  describe(s) {
    const d = s.details as LimitDetails;
    const facts = [{ label: 'Quantity', text: `${String(d.quantity ?? '')} against its limit E_∞ = ${g(d.limit, 12)}` }];
    facts.push({ label: 'Rate', text: d.rate ? `claimed ${d.rate.sense === 'atLeast' ? '≥ ' : ''}${d.rate.order} (δ = ${d.rate.delta}); fitted ${rateText(s)}. ${d.rate.derivation}` : `none claimed; measured ${rateText(s)}; required resolution of the limit ${g(d.minEffect ?? null)}` });
    const size = String(d.size ?? 'n');
    return {
      facts,
      table: {
        caption: 'Ladder',
        head: [size, 'replicates', 'mean E_n', 'mean error', 'stderr', 'noise floor'],
        rows: s.levels.map((l) => [String(l.n), String(l.replicates), g(l.value, 8), g(l.mean, 4), g(l.stderr, 3), l.floor ? 'yes (not fitted)' : '']),
      },
    };
  },
  plot: (s) => (s.levels.length ? convergencePlot(s) : null),
};

/** What a limit claim's summary details hold. */
interface LimitDetails {
  quantity?: string;
  size?: string;
  limit?: number;
  rate?: RateClaim | null;
  minEffect?: number | null;
  fit?: { order: number; stderr: number; ns: number[] };
}

/**
 * The numbers of a limit claim. With a claimed order: the order p (± δ, or ≥ p − δ) against the fitted
 * order p̂ ± σ, gap (p̂ − p)/σ. Without: the limit E_∞ against the mean E_n at the finest size run, gap
 * (ē_n)/se.
 */
function limitNumbers(s: ClaimSummary): ClaimNumbers {
  const d = s.details as LimitDetails;
  const size = String(d.size ?? 'n');
  if (d.rate) {
    const fit = d.fit;
    return {
      claimed: { label: 'order', value: d.rate.order, text: d.rate.sense === 'atLeast' ? `≥ ${d.rate.order} − ${d.rate.delta}` : `${d.rate.order} ± ${d.rate.delta}` },
      observed: { label: 'fitted order', value: fit ? fit.order : null, se: fit ? fit.stderr : null, text: fit ? undefined : 'no fit (fewer than 3 levels above the noise floor)' },
      gapSe: fit && fit.stderr > 0 ? (fit.order - d.rate.order) / fit.stderr : null,
      at: fit ? `fit over ${size} = ${fit.ns[0]}…${fit.ns[fit.ns.length - 1]} (${fit.ns.length} levels)` : undefined,
    };
  }
  const last = s.levels[s.levels.length - 1];
  const limit = typeof d.limit === 'number' ? d.limit : null;
  return {
    claimed: { label: 'E_∞', value: limit },
    observed: last ? { label: `E_${size} at ${size} = ${last.n}`, value: last.value, se: last.stderr } : { label: 'E_n', value: null, se: null, text: 'not measured' },
    gapSe: last && last.stderr > 0 ? last.mean / last.stderr : null,
    at: last ? `${size} = ${last.n}, ${last.replicates} replicates${d.fit ? `; measured order ${fmtNum(d.fit.order, { digits: 3 })} ± ${fmtNum(d.fit.stderr, { digits: 2 })}` : ''}` : undefined,
  };
}
