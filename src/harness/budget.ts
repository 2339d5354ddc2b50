/**
 * The suite-wide false-alarm budget for stochastic checks (verification policy, kind 3).
 *
 * α_total (default 1e-3 per run) is split by Bonferroni over every stochastic test the registry
 * can run — K = Σ over claims of the tests their kind declares (`stochasticTests` and `budgetNote` of
 * each module in `kinds/`: 2 per limit claim, 1 per expectation claim, 0 for the deterministic kinds) —
 * counted over the whole registry, not the selection, so that a claim's verdict does not depend on
 * which other claims were selected or on sharding. A correct claim is then refuted in a run with
 * probability ≤ α_total (union bound), up to the normal/t approximations stated at each test.
 *
 * @module
 */
import { InputError } from '../core/lemmataError.ts';
import { kindOf, type Claim } from './kinds/table.ts';

/** Default suite-wide false-alarm probability per run. */
export const DEFAULT_ALPHA_TOTAL = 1e-3;

/**
 * The smallest α_total accepted: with K ≤ 10⁴ tests, α_i ≥ 1e-13 keeps 1 − α_i/2 distinct from 1 in float64
 * (ε = 2.2e-16) with three digits to spare, so the t and normal quantiles stay meaningful.
 */
export const MIN_ALPHA_TOTAL = 1e-9;

/** The budget in force for a run. */
export interface Budget {
  alphaTotal: number;
  /** Number of stochastic tests sharing the budget. */
  tests: number;
  /** Per-test two-sided level α_i = α_total / K. */
  alphaPerTest: number;
}

/** Number of stochastic tests a claim contributes. */
export function stochasticTests(c: Claim): number {
  return kindOf(c).stochasticTests(c);
}

/** Options of {@link budgetFor}. */
export interface BudgetOptions {
  /** The total false-alarm probability α_total of the run (default {@link DEFAULT_ALPHA_TOTAL}). */
  alphaTotal?: number;
}

/** The Bonferroni split of `alphaTotal` over the registry. */
export function budgetFor(registry: readonly Claim[], options: BudgetOptions = {}): Budget {
  const { alphaTotal = DEFAULT_ALPHA_TOTAL } = options;
  if (!(alphaTotal >= MIN_ALPHA_TOTAL && alphaTotal <= 0.5)) throw new InputError(`alpha must be in [${MIN_ALPHA_TOTAL}, 0.5], got ${alphaTotal}`);
  const tests = Math.max(1, registry.reduce((s, c) => s + stochasticTests(c), 0));
  return { alphaTotal, tests, alphaPerTest: alphaTotal / tests };
}
