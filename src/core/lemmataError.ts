/**
 * The root of lemmata's exception hierarchy (Hypothesis style: one base class, one place that maps
 * errors to exit codes). Every error meant for a user derives from {@link LemmataError} and carries
 * the exit code the command line returns for it:
 *
 * - 2: {@link InputError} and its subclasses — bad usage or bad input (a NaN argument, a dimension
 *   mismatch, a malformed claim or network file, an unwritable path). The CLI prints one line, no stack.
 * - 1: everything else that is ours — a numerical method that did not converge, a harness failure.
 *
 * Anything that is not a LemmataError is a bug of ours: the CLI prints it with its stack.
 *
 * @module
 */

/** Base class of every error lemmata raises on purpose. */
export class LemmataError extends Error {
  override name = 'LemmataError';
  /** The process exit code the CLI returns for this error. */
  readonly exitCode: 1 | 2 = 1;
}

/** Bad usage or bad input: the user can fix it. Exit code 2. */
export class InputError extends LemmataError {
  override name = 'InputError';
  override readonly exitCode: 1 | 2 = 2;
}
