/**
 * A command-line usage error: printed as one line, exit code 2.
 *
 * @module
 */
import { InputError } from '../core/lemmataError.ts';

/** A bad flag, argument or flag value; the message names it. */
export class UsageError extends InputError {
  override name = 'UsageError';
}
