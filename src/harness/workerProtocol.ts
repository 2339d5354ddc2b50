/**
 * The messages between `verify --jobs` and its worker processes (`parallel.ts` ↔ `worker.ts`).
 *
 * @module
 */
import type { Budget } from './budget.ts';
import type { CounterexampleEntry } from './counterexamples.ts';
import type { Profile } from './profile.ts';
import type { RegistrySource } from './registrySource.ts';
import type { CellRecord } from './resultStore.ts';
import type { CalibrationRecord } from './calibrationStore.ts';

/** The first message to a worker. */
export interface WorkerInit {
  type: 'init';
  seed: number;
  profile: Profile;
  budget: Budget;
  source: RegistrySource;
  /** The parent's results file, to reuse cells of a resumed run (read only). */
  resultsFile: string | null;
  /** The counterexample database to read examples from (new ones are sent to the parent, which writes the file). */
  counterexamplesFile: string | null;
  record: boolean;
}

/** Messages a worker sends. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'record'; rec: CellRecord }
  | { type: 'work'; claim: string; variant: string | null; phase: 'level' | 'property'; units: number; n?: number; level?: number; levels?: number; replicate?: number; replicates?: number }
  | { type: 'counterexample'; entry: CounterexampleEntry }
  | { type: 'claimDone'; id: string }
  | { type: 'calibrated'; rec: CalibrationRecord }
  | { type: 'figure'; id: string; svg: string | null; error?: string }
  | { type: 'failed'; message: string };


/** A calibration run handed to a worker (`calibrate --jobs N`): the correct implementation of claim `id` at `seed`. */
export interface CalibrateTask {
  type: 'calibrate';
  id: string;
  k: number;
  seed: number;
  alphaPerTest: number;
}

/** A report figure handed to a worker (`verify --jobs N`): rendered at the run's seed and profile, sent back as SVG. */
export interface FigureTask {
  type: 'figure';
  id: string;
}
