/**
 * Identity claims: exact at finite size (an algebraic identity, a closed form, Float64 against a
 * high-precision reference), checked as a fast-check property within a derived float64 bound.
 *
 * @module
 */
import { propertyKind } from './property.ts';

/** The identity kind. */
export const identityKind = propertyKind({
  name: 'identity',
  decidedBy: 'a fast-check property over domain arbitraries; every run must be within its derived float64 bound',
  budgetNote: 'deterministic given the seed: a correct identity never fails by chance, so it spends none of the false-alarm budget',
});
