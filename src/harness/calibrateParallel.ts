/**
 * `calibrate --jobs N`: the (claim, seed) runs of a calibration spread over N worker processes (`worker.ts`), each
 * run handed to the next idle worker. A run draws only from its own root seed, so its record is the same bits in any
 * worker and for any N; only the order in which records arrive changes (the report orders them by seed index).
 *
 * @module
 */
import type { Budget } from './budget.ts';
import type { CalibrationRecord } from './calibrationStore.ts';
import { HarnessError } from './errors.ts';
import { startWorker } from './parallel.ts';
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
  const pending = [...o.tasks];
  const n = Math.max(1, Math.min(o.jobs, pending.length));
  if (pending.length === 0) return;
  const init: WorkerInit = { type: 'init', seed: o.baseSeed, profile: o.profile, budget: o.budget, source: o.source, resultsFile: null, counterexamplesFile: null, record: false };
  const workers: ReturnType<typeof startWorker>[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      let failed = false;
      const fail = (message: string) => {
        if (failed) return;
        failed = true;
        reject(new HarnessError(`a calibration worker failed: ${message}`));
      };
      const next = (w: ReturnType<typeof startWorker>) => {
        const t = pending.shift();
        if (t === undefined) {
          w.send({ type: 'stop' });
          if (--running === 0 && !failed) resolve();
          return;
        }
        const task: CalibrateTask = { type: 'calibrate', id: t.id, k: t.k, seed: t.seed, alphaPerTest: o.budget.alphaPerTest };
        w.send(task);
      };
      for (let i = 0; i < n; i++) {
        const w = startWorker();
        workers.push(w);
        running++;
        w.on('message', (m: WorkerMessage) => {
          if (failed) return;
          if (m.type === 'ready') next(w);
          else if (m.type === 'calibrated') {
            try {
              o.onRecord(m.rec);
            } catch (e) {
              fail(e instanceof Error ? e.message : String(e));
              return;
            }
            next(w);
          } else if (m.type === 'failed') fail(m.message);
        });
        w.on('exit', (code, signal) => {
          if (code !== 0 && !failed) fail(`worker ${w.pid} exited with ${signal ?? `code ${code}`}`);
        });
        w.on('error', (e) => fail(e.message));
        w.send(init);
      }
    });
  } finally {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill();
  }
}
