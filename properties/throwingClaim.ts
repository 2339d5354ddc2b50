/**
 * A synthetic expectation claim whose sampler throws, for the tests of the run engine and of the report (an error is
 * contained in its claim's verdict, never fatal to the run).
 */
import { defineClaim, type Claim } from '../src/harness/claim.ts';

/** Options of {@link throwingClaim}. */
export interface ThrowingClaimOptions {
  /** The claim's id. */
  id: string;
  /** The message of the error its sampler throws. */
  message: string;
  /** The claim's source. */
  source: Claim['source'];
}

/** An expectation claim (5 replicates, one wrong variant `other`) whose sampler throws `new Error(message)`. */
export function throwingClaim(o: ThrowingClaimOptions): Claim {
  return defineClaim({
    id: o.id,
    title: 'a claim whose sampler throws',
    kind: 'expectation',
    source: o.source,
    statement: 'never evaluated',
    quantity: 'X',
    replicates: 5,
    impl: { mu: 0 },
    sample: () => {
      throw new Error(o.message);
    },
    expected: (impl) => impl.mu,
    minEffect: 1,
    tolerance: 'synthetic',
    variants: [{ name: 'other', why: 'other value', impl: { mu: 1 } }],
  });
}
