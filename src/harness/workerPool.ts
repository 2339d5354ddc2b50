/**
 * A pool of worker processes (`worker.ts`) fed from a queue of tasks: each worker gets the `init` message, then one
 * task at a time; when its task is done it gets the next, and `stop` when the queue is empty. Used by
 * `verify --jobs N` (`parallel.ts`) and `calibrate --jobs N` (`calibrateParallel.ts`).
 *
 * @module
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HarnessError } from './errors.ts';
import type { WorkerInit, WorkerMessage } from './workerProtocol.ts';

/**
 * Starts one worker process (through tsx when running from the TypeScript sources).
 *
 * Workers collect garbage on their own thread (`--single-threaded-gc`): with one worker per core every core is busy,
 * so V8's parallel GC helpers only steal it, and their wake-ups cost (measured on D21 at quick: 150–210 thousand
 * context switches and 2.7 s of system time with helpers, 2.5 thousand and 0.6 s without, for the same cells).
 */
export function startWorker(): ChildProcess {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url));
  const execArgv = ['--single-threaded-gc', ...(fromSource ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [])];
  return fork(entry, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
}

/** What {@link runWorkerPool} needs. */
export interface WorkerPool {
  jobs: number;
  init: WorkerInit;
  /** The task messages, in the order they are handed out. */
  tasks: readonly object[];
  /** Handles a worker's message other than `ready` and `failed`; returns true when it ends the worker's current task. */
  onMessage(m: WorkerMessage): boolean;
  /** What the pool is for, in an error message ("a parallel worker failed: …"). */
  label: string;
}

/** Runs every task in at most `jobs` workers; resolves when all are done, rejects when a worker fails. */
export async function runWorkerPool(o: WorkerPool): Promise<void> {
  const pending = [...o.tasks];
  if (pending.length === 0) return;
  const n = Math.max(1, Math.min(o.jobs, pending.length));
  const workers: ChildProcess[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      let failed = false;
      const fail = (message: string) => {
        if (failed) return;
        failed = true;
        reject(new HarnessError(`a ${o.label} failed: ${message}`));
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
          if (m.type === 'ready') return next(w);
          if (m.type === 'failed') return fail(m.message);
          let done: boolean;
          try {
            done = o.onMessage(m);
          } catch (e) {
            return fail(e instanceof Error ? e.message : String(e));
          }
          if (done) next(w);
        });
        w.on('exit', (code, signal) => {
          if (code !== 0 && !failed) fail(`worker ${w.pid} exited with ${signal ?? `code ${code}`}`);
        });
        w.on('error', (e) => fail(e.message));
        w.send(o.init);
      }
    });
  } finally {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill();
  }
}
