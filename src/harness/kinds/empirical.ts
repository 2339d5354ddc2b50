/**
 * Empirical claims: a figure's qualitative shape, checked as stated inequalities on a reproducible run
 * and reported as empirical, never as a theorem.
 *
 * @module
 */
import { propertyKind } from './property.ts';

/** The empirical kind. */
export const empiricalKind = propertyKind({
  name: 'empirical',
  decidedBy: 'stated inequalities on a reproducible run, reported as an empirical observation, not a theorem',
  budgetNote: 'an observation on a fixed reproducible run, not a calibrated test: it spends none of the false-alarm budget and its verdict carries no false-alarm guarantee',
});
