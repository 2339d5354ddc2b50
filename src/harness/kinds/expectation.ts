/**
 * Expectation claims: E X = value at a fixed size (or a limit whose finite-size bias is below the
 * Monte Carlo error), decided by a calibrated Student t test at the claim's share of the false-alarm
 * budget, with a power statement (verification policy, kind 3; rules in `judgeExpectation.ts`).
 *
 * @module
 */
import { getCell, type CellSampler } from '../cells.ts';
import { ClaimDefinitionError } from '../errors.ts';
import { judgeExpectation } from '../judgeExpectation.ts';
import type { ClaimSummary } from '../verdict.ts';
import { checkPerProfile, forProfile, implFor, requireFunction, requireText, type ClaimCommon, type PerProfile, type SampleContext } from './common.ts';
import type { ClaimKind, Judgement } from './kind.ts';

/** A Monte Carlo expectation E X = value, decided by a calibrated test within the suite's false-alarm budget. */
export interface ExpectationClaim<I = unknown> extends ClaimCommon<I> {
  kind: 'expectation';
  /** What is sampled, e.g. `v·⟨v⟩ − ‖⟨v⟩‖²`. */
  quantity: string;
  replicates: PerProfile<number>;
  sample(ctx: SampleContext, impl: I): number;
  expected(impl: I): number;
  /** The smallest violation |E X − value| the check must detect with power ≥ 0.8 (else `inconclusive`). */
  minEffect: number;
}

const g = (x: number | null | undefined, d = 3) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toPrecision(d));

/** The expectation kind. */
export const expectationKind: ClaimKind<ExpectationClaim> = {
  name: 'expectation',
  decidedBy: 'a Student t test on R independent replicates at the claim\'s share of the false-alarm budget, with a power statement',
  budgetNote: '1 test per expectation claim',
  acceptsPath: false,
  validate(c) {
    requireText(c, 'quantity');
    requireFunction(c, 'sample');
    requireFunction(c, 'expected');
    checkPerProfile(c.replicates, 'replicates', c.id, (x) => Number.isInteger(x) && x >= 3);
    if (!(typeof c.minEffect === 'number' && c.minEffect > 0 && Number.isFinite(c.minEffect))) throw new ClaimDefinitionError(`claim ${c.id}: minEffect must be a positive number`);
  },
  plannedWork: (c, profile) => forProfile(c.replicates, profile) * (1 + c.variants.length),
  stochasticTests: () => 1,
  judge(c, variant, run): Judgement {
    const R = forProfile(c.replicates, run.profile);
    const sampler: CellSampler = (impl, rng, rep) => c.sample({ rng, profile: run.profile, replicate: rep }, impl);
    const impl = implFor(c, variant);
    const values: number[] = [];
    for (let rep = 0; rep < R; rep++) {
      const rec = getCell(c as ExpectationClaim<object>, { variant, n: 0, rep }, run, sampler);
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
    const j = judgeExpectation({ values, expected, minEffect: c.minEffect, alpha: run.alphaPerTest });
    if (variant !== null) return { verdict: j.verdict, reason: j.reason };
    return { verdict: j.verdict, reason: j.reason, fields: { estimate: j.estimate, stderr: j.stderr, details: { ...j.details, quantity: c.quantity, tolerance: c.tolerance } } };
  },
  describe(s: ClaimSummary) {
    const d = s.details as { replicates?: number; smallestDetectable?: number; minEffect?: number };
    return [`- ${d.replicates} replicates; power: detects |Δ| ≥ ${g(d.smallestDetectable)} with probability 0.8 (required: ${g(d.minEffect)}).`];
  },
};
