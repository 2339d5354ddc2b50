/**
 * What a property evaluation returns: closeness and inequality outcomes, or a guard that skips an
 * ill-conditioned draw (reported, never hidden).
 *
 * @module
 */

/** A closeness check: passes when |actual − expected| ≤ atol + rtol·|expected|. */
export interface CloseOutcome {
  label: string;
  actual: number;
  expected: number;
  atol: number;
  rtol: number;
}

/** An inequality check: passes when `value op bound`. */
export interface BoundOutcome {
  label: string;
  value: number;
  op: '<=' | '>=' | '<' | '>';
  bound: number;
}

/** One checked statement produced by a property evaluation. */
export type Outcome = CloseOutcome | BoundOutcome;

/** What a property evaluation returns: its outcomes, or a guard that skips an ill-conditioned draw (reported, not hidden). */
export type Evaluation = Outcome[] | { outcomes: Outcome[]; guard?: string };
