/**
 * Errors of the harness layer, all in the {@link LemmataError} hierarchy.
 *
 * @module
 */
import { InputError, LemmataError } from '../core/lemmataError.ts';

/** A malformed claim definition (caught at load time, never at verdict time). Exit code 2. */
export class ClaimDefinitionError extends InputError {
  override name = 'ClaimDefinitionError';
}

/** A selector that matches no claim. Exit code 2. */
export class UnknownClaimError extends InputError {
  override name = 'UnknownClaimError';
}

/** A run directory that cannot be used (unwritable, locked by another run, resumed with another seed). Exit code 2. */
export class ResultStoreError extends InputError {
  override name = 'ResultStoreError';
}

/** A harness failure that is not the user's input (e.g. a missing cell while merging). Exit code 1. */
export class HarnessError extends LemmataError {
  override name = 'HarnessError';
}
