/**
 * `results.jsonl`: every finished cell, appended as one JSON line the moment it finishes, so a run
 * that dies keeps what it finished and `--resume` continues from it. Records carry no wall-clock
 * data that enters the summary, so shards merged give the summary of a single run.
 *
 * @module
 */
import { appendFileSync, existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PropertyRunResult } from './checkProperty.ts';
import { ResultStoreError } from './errors.ts';
import { clearDerivedOutputs, ensureWritableDir, lockRunDir, type RunLock } from './outputDir.ts';
import { recordProblem } from './recordSchema.ts';
import type { Profile } from './profile.ts';

/** The header of a run directory (`run.json`). */
export interface RunHeader {
  tool: 'lemmata';
  version: number;
  seed: number;
  profile: Profile;
  alphaTotal: number;
  shard: { index: number; count: number } | null;
  /** Ids this directory was asked to run (after sharding). */
  claims: string[];
  /** The dense-kernel backend (results differ between backends in the last bits). */
  backend?: string;
  /** Budget override (audit mode: the user's claims' own budget), else null. */
  budgetTests?: number | null;
}

/** A finished property run. */
export interface PropertyRecord {
  t: 'prop';
  claim: string;
  variant: string | null;
  result: PropertyRunResult;
  ms?: number;
}

/** A finished Monte Carlo cell; `value` is null when the sample threw (then `error` says why). */
export interface SampleRecord {
  t: 'sample';
  claim: string;
  variant: string | null;
  n: number;
  rep: number;
  value: number | null;
  error?: string;
  /** impl entries the sampler read (base cells): a variant overriding none of them reuses the cell. */
  reads?: string[];
  ms?: number;
}

export type CellRecord = PropertyRecord | SampleRecord;

export { ResultStoreError } from './errors.ts';

const key = (claim: string, variant: string | null, n: number, rep: number) => `${claim}\u0000${variant ?? ''}\u0000${n}\u0000${rep}`;

/** What loading a results file found. */
export interface LoadReport {
  /** Valid records loaded. */
  records: number;
  /** A torn last line (the line a killed process was writing): dropped, and repaired on disk when resuming. */
  tornLastLine: boolean;
  /** Invalid lines: 1-based line numbers and why. */
  bad: Array<{ line: number; problem: string }>;
}

/** Options of {@link ResultStore.open}. */
export interface OpenOptions {
  dir: string;
  header: RunHeader;
  /** Continue the run recorded in `dir` (its run.json must match seed, profile, budget and backend). */
  resume: boolean;
}

/** Reads and validates a run header file. */
export function readRunHeader(file: string): RunHeader {
  let h: unknown;
  try {
    h = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ResultStoreError(`${file} is not a valid run header: ${(e as Error).message}`);
  }
  const o = h as Partial<RunHeader> | null;
  const shardOk = o?.shard === null || (typeof o?.shard === 'object' && Number.isSafeInteger(o.shard.index) && Number.isSafeInteger(o.shard.count) && o.shard.index >= 1 && o.shard.index <= o.shard.count);
  if (!o || o.tool !== 'lemmata' || !Number.isSafeInteger(o.seed) || typeof o.profile !== 'string' || !(typeof o.alphaTotal === 'number' && o.alphaTotal > 0 && o.alphaTotal < 1) || !Array.isArray(o.claims) || !o.claims.every((c) => typeof c === 'string') || !shardOk) {
    throw new ResultStoreError(`${file} is not a valid run header (needs tool "lemmata", an integer seed, a profile, alphaTotal in (0, 1), a shard or null, and the claim ids)`);
  }
  return o as RunHeader;
}

/** In-memory index of cell records, optionally mirrored to `DIR/results.jsonl`. */
export class ResultStore {
  private readonly samples = new Map<string, SampleRecord>();
  private readonly props = new Map<string, PropertyRecord>();
  private readonly readsByClaim = new Map<string, Set<string>>();
  readonly file: string | null;
  private lock: RunLock | null = null;

  constructor(dir: string | null) {
    this.file = dir ? join(dir, 'results.jsonl') : null;
  }

  /**
   * Opens `dir` for a run: creates it, locks it against a concurrent run, and either resumes the recorded run
   * (refusing a missing or different run.json, repairing a torn last line, refusing corrupt records) or starts
   * afresh (the previous run's records and reports are removed first, so nothing stale stays beside the new run).
   */
  open(o: OpenOptions): LoadReport | null {
    const { dir, header, resume } = o;
    ensureWritableDir(dir);
    this.lock = lockRunDir(dir);
    try {
      const headerFile = join(dir, 'run.json');
      let report: LoadReport | null = null;
      if (resume) {
        if (!this.file || !existsSync(this.file)) throw new ResultStoreError(`--resume: ${dir}/results.jsonl does not exist (nothing to resume)`);
        if (!existsSync(headerFile)) throw new ResultStoreError(`--resume: ${headerFile} is missing, so the records cannot be matched to a seed and profile; refusing to resume (start afresh without --resume)`);
        const old = readRunHeader(headerFile);
        const same = old.seed === header.seed && old.profile === header.profile && old.alphaTotal === header.alphaTotal && (old.backend ?? header.backend) === header.backend && (old.budgetTests ?? null) === (header.budgetTests ?? null);
        if (!same) {
          throw new ResultStoreError(
            `cannot resume ${dir}: it was run with seed ${old.seed}, profile ${old.profile}, alpha ${old.alphaTotal}, backend ${old.backend ?? '?'}; this run has seed ${header.seed}, profile ${header.profile}, alpha ${header.alphaTotal}, backend ${header.backend ?? '?'}`,
          );
        }
        report = this.loadFile(this.file, { repairTornLine: true });
        if (report.bad.length) throw new ResultStoreError(badRecordsMessage(this.file, report));
      } else {
        clearDerivedOutputs(dir);
        if (this.file) {
          try {
            writeFileSync(this.file, '');
          } catch (e) {
            throw new ResultStoreError(`output directory ${dir} is not writable: ${(e as Error).message}`);
          }
        }
      }
      writeFileSync(headerFile, JSON.stringify(header, null, 2) + '\n');
      return report;
    } catch (e) {
      this.close();
      throw e;
    }
  }

  /** Releases the run directory's lock. */
  close(): void {
    this.lock?.release();
    this.lock = null;
  }

  /**
   * Loads records from a results.jsonl. Every line must be a valid record, except a torn last line (no final
   * newline: the line a killed process was writing), which is dropped — and, with `repairTornLine`, cut from the
   * file so the next record starts on a line of its own. Invalid lines are returned by number, not loaded.
   */
  loadFile(file: string, o: { repairTornLine?: boolean } = {}): LoadReport {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new ResultStoreError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const report: LoadReport = { records: 0, tornLastLine: false, bad: [] };
    const lines = text.split('\n');
    const last = lines.length - 1; // after the final newline: '' for a complete file
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (line.trim() === '') continue;
      let rec: unknown;
      try {
        rec = JSON.parse(line);
      } catch {
        if (i === last) {
          report.tornLastLine = true;
          continue;
        }
        report.bad.push({ line: i + 1, problem: 'not valid JSON' });
        continue;
      }
      const problem = recordProblem(rec);
      if (problem) {
        if (i === last) report.tornLastLine = true;
        else report.bad.push({ line: i + 1, problem });
        continue;
      }
      this.index(rec as CellRecord);
      report.records++;
    }
    if (report.tornLastLine && o.repairTornLine) {
      try {
        // Bytes, not UTF-16 code units: reasons hold multi-byte characters (≤, —, α).
        truncateSync(file, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1), 'utf8'));
      } catch (e) {
        throw new ResultStoreError(`cannot repair the torn last line of ${file}: ${(e as Error).message}`);
      }
    }
    return report;
  }

  private index(rec: CellRecord): void {
    if (rec.t === 'prop') this.props.set(key(rec.claim, rec.variant, 0, 0), rec);
    else {
      this.samples.set(key(rec.claim, rec.variant, rec.n, rec.rep), rec);
      if (rec.variant === null && rec.reads) {
        const s = this.readsByClaim.get(rec.claim) ?? new Set<string>();
        for (const r of rec.reads) s.add(r);
        this.readsByClaim.set(rec.claim, s);
      }
    }
  }

  /** Records a finished cell, appending it to disk first. */
  add(rec: CellRecord): void {
    if (this.file) appendFileSync(this.file, JSON.stringify(rec) + '\n');
    this.index(rec);
  }

  sample(claim: string, variant: string | null, n: number, rep: number): SampleRecord | undefined {
    return this.samples.get(key(claim, variant, n, rep));
  }

  property(claim: string, variant: string | null): PropertyRecord | undefined {
    return this.props.get(key(claim, variant, 0, 0));
  }

  /** impl entries read by the claim's base sampler so far (undefined when no base cell exists yet). */
  reads(claim: string): Set<string> | undefined {
    return this.readsByClaim.get(claim);
  }

  /** Does the claim have any base sample record? */
  hasBase(claim: string): boolean {
    return this.readsByClaim.has(claim);
  }
}

/** One message listing invalid records by line number (the first ten), with their count. */
export function badRecordsMessage(file: string, r: LoadReport): string {
  const shown = r.bad.slice(0, 10).map((b) => `line ${b.line}: ${b.problem}`).join('; ');
  return `${file}: ${r.bad.length} invalid record(s) (${shown}${r.bad.length > 10 ? '; …' : ''}); the file was edited or corrupted: rerun without --resume into a fresh directory`;
}
