/**
 * The run directory: created safely, locked for the length of a run, and cleared of the previous run's
 * outputs before a new run writes into it, so that a killed run never leaves an old verdict beside new
 * records and two runs never mix.
 *
 * @module
 */
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ResultStoreError } from './errors.ts';

/** Files and folders a run derives from its records (removed before a fresh run writes). */
export const DERIVED_OUTPUTS = ['summary.json', 'REPORT.md', 'REPORT.html', 'junit.xml', 'plots', 'figures', 'calibration.json', 'CALIBRATION.md'];

/** The lock file of a run directory. */
export const LOCK_FILE = '.lemmata.lock';

function code(e: unknown): string {
  return (e as NodeJS.ErrnoException)?.code ?? (e as Error)?.message ?? String(e);
}

/**
 * Creates `dir` (and missing parents) one level at a time and checks that a file can be written in it.
 * Node 20's recursive mkdir loops forever on some special file systems (`mkdirSync('/proc/x', { recursive: true })`
 * never returns); creating each level without `recursive` fails at once with an errno instead.
 */
export function ensureWritableDir(dir: string, what = 'output directory'): string {
  if (typeof dir !== 'string' || dir.trim() === '') throw new ResultStoreError(`${what}: an empty path is not a directory (give a path, e.g. reports/latest)`);
  const abs = resolve(dir);
  const missing: string[] = [];
  let p = abs;
  while (!existsSync(p)) {
    missing.unshift(p);
    const parent = dirname(p);
    if (parent === p) break;
    p = parent;
  }
  try {
    if (!statSync(p).isDirectory()) throw new ResultStoreError(`${what} ${abs}: ${p} is not a directory`);
  } catch (e) {
    if (e instanceof ResultStoreError) throw e;
    throw new ResultStoreError(`${what} ${abs}: cannot inspect ${p} (${code(e)})`);
  }
  for (const m of missing) {
    try {
      mkdirSync(m);
    } catch (e) {
      throw new ResultStoreError(`${what} ${abs}: cannot create ${m} (${code(e)})`);
    }
  }
  try {
    accessSync(abs, constants.W_OK);
    const probe = join(abs, `.lemmata-probe-${process.pid}`);
    closeSync(openSync(probe, 'w'));
    unlinkSync(probe);
  } catch (e) {
    throw new ResultStoreError(`${what} ${abs}: not writable (${code(e)})`);
  }
  return abs;
}

/** Is a process with this pid alive on this machine? */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A held lock on a run directory; release it when the run ends (also released on process exit). */
export interface RunLock {
  file: string;
  release(): void;
}

/**
 * Locks `dir` for one run: creates `.lemmata.lock` exclusively (O_EXCL) with this process's pid. A lock held by a
 * live process is refused with a clear message; a lock left by a dead process (a killed run) is taken over.
 */
export function lockRunDir(dir: string): RunLock {
  const file = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
        } catch {
          // already gone
        }
        process.off('exit', release);
      };
      process.on('exit', release);
      return { file, release };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new ResultStoreError(`cannot lock ${dir}: ${code(e)}`);
      let holder = NaN;
      try {
        holder = Number(readFileSync(file, 'utf8').trim());
      } catch {
        // vanished between the two calls: try again
      }
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
        throw new ResultStoreError(`${dir} is in use by another lemmata run (pid ${holder}); wait for it, or give this run another --out`);
      }
      try {
        unlinkSync(file); // stale: its process is gone
      } catch {
        // someone else removed it
      }
    }
  }
  throw new ResultStoreError(`cannot lock ${dir}: another run keeps taking the lock`);
}

/** Removes what a previous run derived from its records (summary, reports, plots), before a fresh run starts. */
export function clearDerivedOutputs(dir: string): void {
  for (const name of DERIVED_OUTPUTS) {
    try {
      rmSync(join(dir, name), { recursive: true, force: true });
    } catch (e) {
      throw new ResultStoreError(`cannot remove the previous run's ${join(dir, name)}: ${code(e)}`);
    }
  }
}
