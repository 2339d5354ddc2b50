/**
 * `calibrate --jobs N`: the (claim, seed) runs of a calibration spread over N worker processes (`worker.ts`), each
 * run handed to the next idle worker. A run draws only from its own root seed, so its record is the same bits in any
 * worker and for any N; only the order in which records arrive changes (the report orders them by seed index).
 *
 * @module
 */
import type { Budget } from './budget.ts';
import type { CalibrationRecord } from './calibrationStore.ts';
import { runWorkerPool } from './workerPool.ts';
import type { Profile } from './profile.ts';
import type { RegistrySource } from './registrySource.ts';
import type { CalibrateTask, WorkerInit, WorkerMessage } from './workerProtocol.ts';

/** One run to compute: claim `id` at seed index `k` (root seed `seed`). */
export interface CalibrationTask {
  id: string;
  k: number;
  seed: number;
}

/** Options of {@link calibrateInParallel}. */
export interface ParallelCalibration {
  jobs: number;
  source: RegistrySource;
  /** The base seed: the registry's seed-drawn designs (D6.random) are drawn once from it, as in a sequential run. */
  baseSeed: number;
  profile: Profile;
  budget: Budget;
  tasks: readonly CalibrationTask[];
  /** Called in the parent for every finished run, in the order the runs finish. */
  onRecord(r: CalibrationRecord): void;
}

/** Computes the tasks in `jobs` worker processes; resolves when all are done, rejects when a worker fails. */
export async function calibrateInParallel(o: ParallelCalibration): Promise<void> {
  const init: WorkerInit = { type: 'init', seed: o.baseSeed, profile: o.profile, budget: o.budget, source: o.source, resultsFile: null, counterexamplesFile: null, record: false };
  const tasks: CalibrateTask[] = o.tasks.map((t) => ({ type: 'calibrate', id: t.id, k: t.k, seed: t.seed, alphaPerTest: o.budget.alphaPerTest }));
  await runWorkerPool({
    jobs: o.jobs,
    init,
    tasks,
    label: 'calibration worker',
    onMessage(m: WorkerMessage): boolean {
      if (m.type !== 'calibrated') return false;
      o.onRecord(m.rec);
      return true;
    },
  });
}
