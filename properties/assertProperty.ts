/**
 * `assertProperty(task, name, property, numRuns)`: fast-check under vitest with the seed derived from the run's
 * root seed, and {seed, path, numRuns} recorded in `task.meta.fastCheck` (so reports and JUnit carry them).
 * A failure message ends with the one line that replays it.
 */
import fc from 'fast-check';
import { deriveSeed32 } from '../src/core/random.ts';
import { ROOT_SEED } from './setup.ts';

declare module 'vitest' {
  interface TaskMeta {
    fastCheck?: { seed: number; path: string | null; numRuns: number; failed: boolean };
  }
}

/** Runs `property` with a seed derived from the root seed and `name`; throws with a replay line on failure. */
export function assertProperty<T>(task: { meta: { fastCheck?: unknown } }, name: string, property: fc.IProperty<T>, numRuns: number, path?: string): void {
  const seed = deriveSeed32(ROOT_SEED, name) | 0;
  const details = fc.check(property, { seed, numRuns, ...(path ? { path } : {}) });
  task.meta.fastCheck = { seed, path: details.counterexamplePath ?? null, numRuns: details.numRuns, failed: details.failed };
  if (details.failed) {
    throw new Error(
      `${fc.defaultReportMessage(details) ?? 'property failed'}\n` +
        `replay: LEMMATA_SEED=${ROOT_SEED} npx vitest run -t "${name}"  (fast-check seed ${seed}, path ${details.counterexamplePath})`,
    );
  }
  if (details.numRuns < numRuns) throw new Error(`${name}: only ${details.numRuns} of ${numRuns} runs executed (evidence below its floor)`);
}
