/**
 * Expectation claims: E X = value at a fixed size (or a limit whose finite-size bias is below the
 * Monte Carlo error), decided by a calibrated Student t test at the claim's share of the false-alarm
 * budget, with a power statement (verification policy, kind 3; rules in `judgeExpectation.ts`).
 *
 * @module
 */
import { normalQuantile } from '../../core/normal.ts';
import { getCell, type CellSampler } from '../cells.ts';
import { ClaimDefinitionError } from '../errors.ts';
import { judgeExpectation, type ExpectationRelation } from '../judgeExpectation.ts';
import { fmtNum } from '../numbersText.ts';
import type { ClaimNumbers, ClaimSummary } from '../verdict.ts';
import { checkPerProfile, forProfile, implFor, requireFunction, requireText, type ClaimCommon, type PerProfile, type SampleContext } from './common.ts';
import type { ClaimKind, Judgement, KindRun } from './kind.ts';

/** A Monte Carlo expectation E X = value, decided by a calibrated test within the suite's false-alarm budget. */
export interface ExpectationClaim<I = unknown> extends ClaimCommon<I> {
  kind: 'expectation';
  /** What is sampled, e.g. `v·⟨v⟩ − ‖⟨v⟩‖²`. */
  quantity: string;
  /**
   * Replicates, or `'auto'`: a pilot of {@link AUTO_PILOT} replicates (the first cells of the run, kept) estimates the
   * per-replicate spread, and R is sized to detect `minEffect` with power 0.8 at the claim's level (details.auto).
   */
  replicates: PerProfile<number | 'auto'>;
  sample(ctx: SampleContext, impl: I): number;
  expected(impl: I): number;
  /** The smallest violation |E X − value| the check must detect with power ≥ 0.8 (else `inconclusive`). */
  minEffect: number;
  /** `equal` (default): E X = expected, two-sided; `atLeast`: E X ≥ expected; `atMost`: E X ≤ expected (one-sided). */
  relation?: ExpectationRelation;
}

/** Replicates of the pilot of `replicates: 'auto'`. */
export const AUTO_PILOT = 30;
/** The most replicates `'auto'` asks for (beyond it the claim is reported underpowered). */
export const AUTO_MAX = 20000;

/**
 * R for `'auto'`: with the pilot's standard deviation σ̂, R = ⌈1.2·((z_{1−α/2} + z_{0.8})·σ̂/minEffect)²⌉ (z_{1−α} for a
 * one-sided claim), clamped to [pilot, AUTO_MAX]; the factor 1.2 covers the pilot's error in σ̂ (its relative sd is
 * 1/√(2·29) ≈ 0.13, so σ² is underestimated by more than 20% with probability ≈ 0.06) and the t quantiles at finite R.
 */
function autoReplicates(c: ExpectationClaim, run: KindRun, sampler: CellSampler): { R: number; sd: number } {
  const pilot: number[] = [];
  for (let rep = 0; rep < AUTO_PILOT; rep++) {
    const rec = getCell(c as ExpectationClaim<object>, { variant: null, n: 0, rep, sampler }, run);
    if (rec.value !== null) pilot.push(rec.value);
  }
  const m = pilot.reduce((a, b) => a + b, 0) / Math.max(1, pilot.length);
  const sd = Math.sqrt(pilot.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, pilot.length - 1));
  const z = (c.relation && c.relation !== 'equal' ? normalQuantile(1 - run.alphaPerTest) : normalQuantile(1 - run.alphaPerTest / 2)) + normalQuantile(0.8);
  const R = Number.isFinite(sd) ? Math.min(AUTO_MAX, Math.max(AUTO_PILOT, Math.ceil(1.2 * ((z * sd) / c.minEffect) ** 2))) : AUTO_PILOT;
  return { R, sd };
}

const g = (x: number | null | undefined, d = 3) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toPrecision(d));

/** The expectation kind. */
export const expectationKind: ClaimKind<ExpectationClaim> = {
  name: 'expectation',
  decidedBy: 'a Student t test on R independent replicates (two-sided for E X = value, one-sided for E X ≥ or ≤ a bound) at the claim\'s share of the false-alarm budget, with a power statement',
  budgetNote: '1 test per expectation claim',
  acceptsPath: false,
  validate(c) {
    requireText(c, 'quantity');
    requireFunction(c, 'sample');
    requireFunction(c, 'expected');
    checkPerProfile(c.replicates, (x) => x === 'auto' || (Number.isInteger(x) && x >= 3), { id: c.id, field: 'replicates' });
    if (!(typeof c.minEffect === 'number' && c.minEffect > 0 && Number.isFinite(c.minEffect))) throw new ClaimDefinitionError(`claim ${c.id}: minEffect must be a positive number`);
    if (c.relation !== undefined && !['equal', 'atLeast', 'atMost'].includes(c.relation)) throw new ClaimDefinitionError(`claim ${c.id}: relation must be 'equal', 'atLeast' or 'atMost'`);
  },
  plannedWork: (c, profile) => {
    const r = forProfile(c.replicates, profile);
    return (r === 'auto' ? 1000 : r) * (1 + c.variants.length);
  },
  stochasticTests: () => 1,
  judge(c, variant, run): Judgement {
    const sampler: CellSampler = (impl, rng, rep) => c.sample({ rng, profile: run.profile, replicate: rep }, impl);
    const requested = forProfile(c.replicates, run.profile);
    const auto = requested === 'auto' ? autoReplicates(c, run, sampler) : null;
    const R = auto ? auto.R : (requested as number);
    const impl = implFor(c, variant);
    const values: number[] = [];
    for (let rep = 0; rep < R; rep++) {
      const rec = getCell(c as ExpectationClaim<object>, { variant, n: 0, rep, sampler }, run);
      if (rec.value === null) return { verdict: 'error', reason: `replicate ${rep}: ${rec.error}` };
      values.push(rec.value);
      run.progress({ claim: c.id, variant, phase: 'level', replicate: rep, replicates: R }, 1);
    }
    let expected: number;
    try {
      expected = c.expected(impl);
    } catch (e) {
      return { verdict: 'error', reason: `expected threw: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}` };
    }
    const j = judgeExpectation({ values, expected, minEffect: c.minEffect, alpha: run.alphaPerTest, relation: c.relation });
    if (variant !== null) return { verdict: j.verdict, reason: j.reason };
    const autoDetails = auto ? { auto: { pilot: AUTO_PILOT, pilotSd: auto.sd, replicates: auto.R, capped: auto.R >= AUTO_MAX } } : {};
    return { verdict: j.verdict, reason: j.reason, fields: { details: { ...j.details, ...autoDetails, stderr: j.stderr, quantity: c.quantity } } };
  },
  numbers(s: ClaimSummary): ClaimNumbers {
    const d = s.details as ExpectationDetails;
    const rel = d.relation && d.relation !== 'equal' ? (d.relation === 'atLeast' ? '≥' : '≤') : null;
    const expected = typeof d.expected === 'number' ? d.expected : null;
    const measured = typeof d.mean === 'number';
    return {
      claimed: { label: 'E X', value: expected, text: rel && expected !== null ? `${rel} ${fmtNum(expected, { digits: 6 })}` : undefined },
      observed: measured ? { label: 'mean', value: d.mean as number, se: d.stderr ?? null } : { label: 'mean', value: null, se: null, text: 'not measured' },
      gapSe: measured && expected !== null && d.stderr ? ((d.mean as number) - expected) / d.stderr : null,
      at: d.replicates !== undefined ? `${d.replicates} replicates of ${String(d.quantity ?? 'X')}` : undefined,
    };
  },
  describe(s: ClaimSummary) {
    const d = s.details as ExpectationDetails;
    const sized = d.auto ? ` (sized automatically: a pilot of ${d.auto.pilot} gave sd ${g(d.auto.pilotSd)})` : '';
    const what = d.relation && d.relation !== 'equal' ? `a one-sided violation (E X ${d.relation === 'atLeast' ? '≥' : '≤'} bound)` : '|Δ|';
    const facts = [{ label: 'Quantity', text: `X = ${String(d.quantity ?? '')}` }];
    if (d.replicates !== undefined) facts.push({ label: 'Power', text: `${d.replicates} replicates${sized}; detects ${what} ≥ ${g(d.smallestDetectable)} with probability 0.8 (required: ${g(d.minEffect)}); t test at α = ${g(d.alpha, 2)}` });
    return { facts };
  },
};

/** What an expectation claim's summary details hold. */
interface ExpectationDetails {
  quantity?: string;
  replicates?: number;
  smallestDetectable?: number;
  minEffect?: number;
  relation?: string;
  mean?: number;
  expected?: number;
  stderr?: number | null;
  alpha?: number;
  auto?: { pilot: number; pilotSd: number; replicates: number };
}
