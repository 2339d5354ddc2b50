/**
 * `verify --jobs N`: the cells of the selected claims computed by N child processes (`worker.ts`), each claim handed
 * to the next idle worker, longest first (measured seconds, `claimCosts.ts`), after the report's figures (rendered there too: they are
 * seeded computations of their own, and drawn one after another in the parent they took a quarter of a quick run). Every record comes back to the parent, which alone writes the
 * results file and the counterexample database; the parent then judges every claim from the records. Because each
 * cell draws from its own stream (root seed, claim, size, replicate), the records, and so the summary, are the same
 * bits for every N.
 *
 * @module
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Budget } from './budget.ts';
import type { CounterexampleDb } from './counterexamples.ts';
import { CLAIM_SECONDS } from './claimCosts.ts';
import { HarnessError } from './errors.ts';
import type { CellProgress } from './kinds/kind.ts';
import { kindOf, type Claim } from './kinds/table.ts';
import type { Profile } from './profile.ts';
import type { RegistrySource } from './registrySource.ts';
import type { ResultStore } from './resultStore.ts';
import type { WorkerInit, WorkerMessage } from './workerProtocol.ts';

/** What {@link computeInParallel} needs. */
export interface ParallelRun {
  jobs: number;
  source: RegistrySource;
  seed: number;
  profile: Profile;
  budget: Budget;
  selected: readonly Claim[];
  store: ResultStore;
  counterexamples?: CounterexampleDb;
  record: boolean;
  progress: (e: CellProgress, work: number) => void;
  /** Report figures to render in the workers too (started first: each is one long task), and where their SVGs go. */
  figures?: { ids: readonly string[]; onRendered(id: string, svg: string | null, error?: string): void };
}

/** Starts one worker process (through tsx when running from the TypeScript sources). */
export function startWorker(): ChildProcess {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url));
  const execArgv = fromSource ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];
  return fork(entry, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
}

/** Computes every cell of the selected claims in `jobs` worker processes, storing the records in `o.store`. */
export async function computeInParallel(o: ParallelRun): Promise<void> {
  // Figures first (each is one indivisible task of seconds), then the claims longest first: claims with no measured
  // cost (new or audited ones) by planned work, then the measured ones by their seconds (claimCosts.ts).
  const measured = (c: Claim) => CLAIM_SECONDS[c.id];
  const byCost = (a: Claim, b: Claim) => {
    const ma = measured(a);
    const mb = measured(b);
    if (ma === undefined || mb === undefined) return ma === mb ? kindOf(b).plannedWork(b, o.profile) - kindOf(a).plannedWork(a, o.profile) : ma === undefined ? -1 : 1;
    return mb - ma;
  };
  const claims = [...o.selected].sort(byCost).map((c) => ({ type: 'claim' as const, id: c.id }));
  const pending: Array<{ type: 'claim' | 'figure'; id: string }> = [...(o.figures?.ids ?? []).map((id) => ({ type: 'figure' as const, id })), ...claims];
  const n = Math.max(1, Math.min(o.jobs, pending.length));
  const init: WorkerInit = {
    type: 'init',
    seed: o.seed,
    profile: o.profile,
    budget: o.budget,
    source: o.source,
    resultsFile: o.store.file,
    counterexamplesFile: o.counterexamples?.file ?? null,
    record: o.record,
  };
  const workers: ChildProcess[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      let failed = false;
      const fail = (message: string) => {
        if (failed) return;
        failed = true;
        reject(new HarnessError(`a parallel worker failed: ${message}`));
      };
      const next = (w: ChildProcess) => {
        const task = pending.shift();
        if (task === undefined) {
          w.send({ type: 'stop' });
          if (--running === 0 && !failed) resolve();
          return;
        }
        w.send(task);
      };
      for (let k = 0; k < n; k++) {
        const w = startWorker();
        workers.push(w);
        running++;
        w.on('message', (m: WorkerMessage) => {
          if (failed) return;
          switch (m.type) {
            case 'ready':
              next(w);
              break;
            case 'record':
              o.store.add(m.rec);
              break;
            case 'work': {
              const { type: _t, units, ...e } = m;
              o.progress(e, units);
              break;
            }
            case 'counterexample':
              o.counterexamples?.record(m.entry);
              break;
            case 'claimDone':
              next(w);
              break;
            case 'figure':
              o.figures?.onRendered(m.id, m.svg, m.error);
              next(w);
              break;
            case 'failed':
              fail(m.message);
              break;
          }
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
