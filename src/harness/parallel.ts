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
import type { Budget } from './budget.ts';
import type { CounterexampleDb } from './counterexamples.ts';
import { CLAIM_SECONDS } from './claimCosts.ts';
import type { CellProgress } from './kinds/kind.ts';
import { kindOf, type Claim } from './kinds/table.ts';
import type { Profile } from './profile.ts';
import type { RegistrySource } from './registrySource.ts';
import type { ResultStore } from './resultStore.ts';
import type { WorkerInit, WorkerMessage } from './workerProtocol.ts';
import { runWorkerPool } from './workerPool.ts';

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
  await runWorkerPool({
    jobs: o.jobs,
    init,
    tasks: pending,
    label: 'parallel worker',
    onMessage(m: WorkerMessage): boolean {
      switch (m.type) {
        case 'record':
          o.store.add(m.rec);
          return false;
        case 'work': {
          const { type: _t, units, ...e } = m;
          o.progress(e, units);
          return false;
        }
        case 'counterexample':
          o.counterexamples?.record(m.entry);
          return false;
        case 'figure':
          o.figures?.onRendered(m.id, m.svg, m.error);
          return true;
        case 'claimDone':
          return true;
        default:
          return false;
      }
    },
  });
}
