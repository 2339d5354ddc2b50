/**
 * Optimisation claims: statements about local or global minima, checked only at certified points
 * (exact identities, KKT certificates with kink multipliers, LP tests) or as "best of R restarts"
 * with the optimiser's budget stated in the tolerance text.
 *
 * @module
 */
import { propertyKind } from './property.ts';

/** The optimisation kind. */
export const optimisationKind = propertyKind({
  name: 'optimisation',
  decidedBy: 'a property at certified points (KKT with kink multipliers, exact identities) or best of R restarts with the optimiser budget stated',
  budgetNote:
    'checked at certified points: a certificate is an exact inequality, not a statistical test, so it spends none of the false-alarm budget (an optimiser that misses a minimum makes the claim fail, never pass)',
});
