/**
 * The records of a calibration run: `DIR/calibration.jsonl` (one line per finished (claim, seed index), appended as
 * it finishes) under the header `DIR/calibration-run.json`. The directory is created safely and locked like a verify
 * run (`outputDir.ts`); a fresh run clears the previous outputs; `--resume` refuses a different base seed, profile,
 * budget or backend, cuts a torn last line, and refuses corrupt records by line number. Because seed k of a
 * calibration is derived from (base seed, k) alone, a resumed run may also ask for more seeds than the first.
 *
 * @module
 */
import { appendFileSync, existsSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ResultStoreError } from './errors.ts';
import { ensureWritableDir, lockRunDir, type RunLock } from './outputDir.ts';
import type { Verdict } from './verdict.ts';

/** The outcome of one claim (its correct implementation) at one root seed. */
export interface CalibrationRecord {
  t: 'calib';
  claim: string;
  /** Index of the seed in the calibration (0-based). */
  k: number;
  /** The root seed of this run of the claim (derived from the base seed and k). */
  seed: number;
  verdict: Verdict;
  /** The p-value of the claim's decisive test (`details.pValue` of its judge), null when no test was made. */
  pValue: number | null;
  /** Limit claims with a claimed order: the same statistic without the margin δ (`details.pointPValue`). */
  pointPValue?: number | null;
  /** Wall time of the run in ms. */
  ms: number;
  /** CPU time of the run in ms (user + system of the process that ran it: this one or a worker). */
  cpuMs?: number;
  /** The judge's reason (kept for every run that was not verified). */
  reason?: string;
}

/** What a calibration directory was run with. */
export interface CalibrationHeader {
  tool: 'lemmata';
  command: 'calibrate';
  baseSeed: number;
  profile: string;
  alphaTotal: number;
  /** Stochastic tests of the budget (α_i = alphaTotal / budgetTests). */
  budgetTests: number;
  backend: string;
}

const HEADER = 'calibration-run.json';
const RECORDS = 'calibration.jsonl';
/** What a calibration derives from its records (removed before a fresh calibration starts). */
export const CALIBRATION_OUTPUTS = ['calibration.json', 'CALIBRATION.md'];
const VERDICTS = new Set(['verified', 'refuted', 'inconclusive', 'error']);

const isP = (x: unknown) => x === null || (typeof x === 'number' && x >= 0 && x <= 1);

/** Why `r` is not a valid calibration record (null when it is). */
export function calibrationRecordProblem(r: unknown): string | null {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return 'not an object';
  const o = r as Record<string, unknown>;
  if (o.t !== 'calib') return "t is not 'calib'";
  if (typeof o.claim !== 'string' || !o.claim) return 'claim is not a non-empty string';
  if (!Number.isSafeInteger(o.k) || (o.k as number) < 0) return 'k is not a non-negative integer';
  if (!Number.isSafeInteger(o.seed) || (o.seed as number) < 0) return 'seed is not a non-negative integer';
  if (typeof o.verdict !== 'string' || !VERDICTS.has(o.verdict)) return 'verdict is not a verdict';
  if (!isP(o.pValue)) return 'pValue is not null or a number in [0, 1]';
  if (o.pointPValue !== undefined && !isP(o.pointPValue)) return 'pointPValue is not null or a number in [0, 1]';
  if (!(typeof o.ms === 'number' && Number.isFinite(o.ms) && o.ms >= 0)) return 'ms is not a finite duration';
  if (o.cpuMs !== undefined && !(typeof o.cpuMs === 'number' && Number.isFinite(o.cpuMs) && o.cpuMs >= 0)) return 'cpuMs is not a finite duration';
  if (o.reason !== undefined && typeof o.reason !== 'string') return 'reason is not a string';
  return null;
}

/** Calibration records by (claim, k), mirrored to `DIR/calibration.jsonl`. */
export class CalibrationStore {
  private readonly recs = new Map<string, CalibrationRecord>();
  private lock: RunLock | null = null;
  readonly dir: string;
  readonly file: string;

  private constructor(dir: string) {
    this.dir = dir;
    this.file = join(dir, RECORDS);
  }

  /** Opens (creates, locks) `dir`; with `resume`, loads the records of the same calibration. Returns the store and the number of records loaded. */
  static open(o: { dir: string; header: CalibrationHeader; resume: boolean }): { store: CalibrationStore; loaded: number; tornLastLine: boolean } {
    const dir = ensureWritableDir(o.dir, '--out');
    const store = new CalibrationStore(dir);
    store.lock = lockRunDir(dir);
    try {
      const hf = join(dir, HEADER);
      let loaded = 0;
      let torn = false;
      if (o.resume) {
        if (!existsSync(hf) || !existsSync(store.file)) throw new ResultStoreError(`--resume: ${dir} holds no calibration (needs ${HEADER} and ${RECORDS}); start afresh without --resume`);
        let old: Partial<CalibrationHeader>;
        try {
          old = JSON.parse(readFileSync(hf, 'utf8')) as Partial<CalibrationHeader>;
        } catch (e) {
          throw new ResultStoreError(`--resume: ${hf} is not valid JSON (${(e as Error).message}); start afresh without --resume`);
        }
        const h = o.header;
        if (old.baseSeed !== h.baseSeed || old.profile !== h.profile || old.alphaTotal !== h.alphaTotal || old.budgetTests !== h.budgetTests || old.backend !== h.backend) {
          throw new ResultStoreError(
            `cannot resume ${dir}: it was calibrated with base seed ${String(old.baseSeed)}, profile ${String(old.profile)}, alpha ${String(old.alphaTotal)} over ${String(old.budgetTests)} tests, backend ${String(old.backend)}; ` +
              `this run has base seed ${h.baseSeed}, profile ${h.profile}, alpha ${h.alphaTotal} over ${h.budgetTests} tests, backend ${h.backend}`,
          );
        }
        ({ loaded, torn } = store.load());
      } else {
        // Only this command's own outputs: a verify run's report in the same folder stays.
        for (const name of CALIBRATION_OUTPUTS) rmSync(join(dir, name), { force: true });
        writeFileSync(store.file, '');
      }
      writeFileSync(hf, JSON.stringify(o.header, null, 2) + '\n');
      return { store, loaded, tornLastLine: torn };
    } catch (e) {
      store.close();
      throw e;
    }
  }

  /** Loads the records file: a torn last line is cut off; any other bad line is refused by number. */
  private load(): { loaded: number; torn: boolean } {
    const text = readFileSync(this.file, 'utf8');
    const lines = text.split('\n');
    const bad: string[] = [];
    let torn = false;
    let loaded = 0;
    for (let i = 0; i < lines.length; i++) {
      if (lines[i].trim() === '') continue;
      let rec: unknown;
      let problem: string | null;
      try {
        rec = JSON.parse(lines[i]);
        problem = calibrationRecordProblem(rec);
      } catch {
        problem = 'not valid JSON';
      }
      if (problem) {
        if (i === lines.length - 1) torn = true;
        else bad.push(`line ${i + 1}: ${problem}`);
        continue;
      }
      this.index(rec as CalibrationRecord);
      loaded++;
    }
    if (bad.length) throw new ResultStoreError(`${this.file}: ${bad.length} invalid record(s) (${bad.slice(0, 5).join('; ')}${bad.length > 5 ? '; …' : ''}); start afresh without --resume`);
    if (torn) truncateSync(this.file, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1), 'utf8'));
    return { loaded, torn };
  }

  private index(r: CalibrationRecord): void {
    this.recs.set(`${r.claim}\u241f${r.k}`, r);
  }

  /** The record of `claim` at seed index `k`, if finished. */
  get(claim: string, k: number): CalibrationRecord | undefined {
    return this.recs.get(`${claim}\u241f${k}`);
  }

  /** Appends a finished record (to disk first). */
  add(r: CalibrationRecord): void {
    appendFileSync(this.file, JSON.stringify(r) + '\n');
    this.index(r);
  }

  /** Writes a derived output file into the directory. */
  write(name: string, text: string): string {
    const p = join(this.dir, name);
    writeFileSync(p, text);
    return p;
  }

  /** Releases the directory's lock. */
  close(): void {
    this.lock?.release();
    this.lock = null;
  }
}
