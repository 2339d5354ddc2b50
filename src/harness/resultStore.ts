/**
 * `results.jsonl`: every finished cell, appended as one JSON line the moment it finishes, so a run
 * that dies keeps what it finished and `--resume` continues from it. Records carry no wall-clock
 * data that enters the summary, so shards merged give the summary of a single run.
 *
 * @module
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PropertyRunResult } from './checkProperty.ts';
import { ResultStoreError } from './errors.ts';
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

/** In-memory index of cell records, optionally mirrored to `DIR/results.jsonl`. */
export class ResultStore {
  private readonly samples = new Map<string, SampleRecord>();
  private readonly props = new Map<string, PropertyRecord>();
  private readonly readsByClaim = new Map<string, Set<string>>();
  readonly file: string | null;

  constructor(dir: string | null) {
    this.file = dir ? join(dir, 'results.jsonl') : null;
  }

  /** Creates the directory (clear error if impossible) and, with `resume`, loads earlier records; otherwise starts afresh. */
  open(dir: string, header: RunHeader, resume: boolean): void {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw new ResultStoreError(`cannot create output directory ${dir}: ${(e as Error).message}`);
    }
    const headerFile = join(dir, 'run.json');
    if (resume && existsSync(headerFile) && this.file && existsSync(this.file)) {
      const old = JSON.parse(readFileSync(headerFile, 'utf8')) as RunHeader;
      if (old.seed !== header.seed || old.profile !== header.profile) {
        throw new ResultStoreError(`cannot resume ${dir}: it was run with seed ${old.seed}, profile ${old.profile}; this run has seed ${header.seed}, profile ${header.profile}`);
      }
      this.loadFile(this.file);
    } else if (this.file) {
      try {
        writeFileSync(this.file, '');
      } catch (e) {
        throw new ResultStoreError(`output directory ${dir} is not writable: ${(e as Error).message}`);
      }
    }
    writeFileSync(headerFile, JSON.stringify(header, null, 2) + '\n');
  }

  /** Loads records from a results.jsonl (a truncated last line from a crash is skipped). */
  loadFile(file: string): number {
    const lines = readFileSync(file, 'utf8').split('\n');
    let count = 0;
    for (const line of lines) {
      if (line.trim() === '') continue;
      let rec: CellRecord;
      try {
        rec = JSON.parse(line) as CellRecord;
      } catch {
        continue; // the line a killed process was writing
      }
      this.index(rec);
      count++;
    }
    return count;
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
