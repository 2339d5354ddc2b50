/**
 * Validation of the records of `results.jsonl`: a record read back must be exactly what the harness
 * writes (finite numbers where numbers are, known verdicts, well-formed counterexamples), so that a
 * corrupted or hand-edited line is reported by its line number instead of turning into a verdict.
 *
 * @module
 */

const VERDICTS = new Set(['verified', 'refuted', 'inconclusive', 'error']);

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const int = (x: unknown): x is number => Number.isSafeInteger(x);
const str = (x: unknown): x is string => typeof x === 'string';

/** Why `x` is not a valid cell record (null when it is). */
export function recordProblem(x: unknown): string | null {
  if (!isObj(x)) return `not a record object (${x === null ? 'null' : Array.isArray(x) ? 'an array' : typeof x})`;
  if (!str(x.claim) || x.claim === '') return 'missing claim id';
  if (!(x.variant === null || str(x.variant))) return 'variant must be null or a string';
  if (x.ms !== undefined && !(finite(x.ms) && x.ms >= 0)) return 'ms must be a non-negative number';
  if (x.t === 'sample') {
    if (!int(x.n) || (x.n as number) < 0) return 'n must be a non-negative integer';
    if (!int(x.rep) || (x.rep as number) < 0) return 'rep must be a non-negative integer';
    if (x.value === null) {
      if (!str(x.error)) return 'a sample without a value needs an error text';
    } else if (!finite(x.value)) return `value must be a finite number or null, got ${JSON.stringify(x.value)}`;
    if (x.reads !== undefined && !(Array.isArray(x.reads) && x.reads.every(str))) return 'reads must be an array of strings';
    return null;
  }
  if (x.t === 'prop') {
    const r = x.result;
    if (!isObj(r)) return 'property record without a result';
    if (!str(r.verdict) || !VERDICTS.has(r.verdict)) return `unknown verdict ${JSON.stringify(r.verdict)}`;
    if (!str(r.reason)) return 'result.reason must be a string';
    if (!int(r.numRuns) || (r.numRuns as number) < 0) return 'result.numRuns must be a non-negative integer';
    if (!int(r.guarded) || (r.guarded as number) < 0) return 'result.guarded must be a non-negative integer';
    if (!(finite(r.worstRatio) && r.worstRatio >= 0)) return `result.worstRatio must be a finite non-negative number, got ${JSON.stringify(r.worstRatio)}`;
    if (!int(r.fcSeed)) return 'result.fcSeed must be an integer';
    if (!(r.path === null || (str(r.path) && /^\d+(:\d+)*$/.test(r.path)))) return 'result.path must be null or a fast-check path';
    if (!(r.counterexample === null || (isObj(r.counterexample) && int(r.counterexample.seed)))) return 'result.counterexample must be null or { params, seed }';
    if (!(r.failure === null || isObj(r.failure))) return 'result.failure must be null or an object';
    if (!(r.error === null || str(r.error))) return 'result.error must be null or a string';
    return null;
  }
  return `unknown record type ${JSON.stringify(x.t)}`;
}
