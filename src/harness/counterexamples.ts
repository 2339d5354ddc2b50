/**
 * The counterexample database `fixtures/counterexamples.json`: failures of claims (not of wrong
 * variants) stored as values — parameters and the internal seed — and replayed first, as fast-check
 * `examples`, on every later run. Values, because seed-to-value mappings are not promised across
 * fast-check versions.
 *
 * @module
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { packageRoot } from './packageRoot.ts';
import { InputError } from '../core/lemmataError.ts';

/** The repository's database file (of the built-in claims). */
export function builtinCounterexamplesFile(): string {
  return join(packageRoot(), 'fixtures', 'counterexamples.json');
}

/** One stored counterexample. */
export interface CounterexampleEntry {
  claim: string;
  params: unknown;
  seed: number;
  /** The failure as first seen. */
  note: string;
}

interface DbFile {
  description: string;
  entries: CounterexampleEntry[];
}

/** Thrown for a malformed database file. Exit code 2. */
export class CounterexampleDbError extends InputError {
  override name = 'CounterexampleDbError';
}

/** Reads and writes the database. */
export class CounterexampleDb {
  private entries: CounterexampleEntry[] = [];
  constructor(readonly file: string = builtinCounterexamplesFile()) {
    if (!existsSync(file)) return;
    let parsed: DbFile;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8')) as DbFile;
    } catch (e) {
      throw new CounterexampleDbError(`${file} is not valid JSON: ${(e as Error).message}`);
    }
    if (!parsed || !Array.isArray(parsed.entries)) throw new CounterexampleDbError(`${file}: expected {"entries": [...]}`);
    for (const [i, e] of parsed.entries.entries()) {
      if (typeof e.claim !== 'string' || !Number.isInteger(e.seed)) throw new CounterexampleDbError(`${file}: entry ${i} needs a claim id and an integer seed`);
    }
    this.entries = parsed.entries;
  }

  /** The stored examples of a claim, as fast-check example tuples [params, seed]. */
  examplesFor(claim: string): Array<[unknown, number]> {
    return this.entries.filter((e) => e.claim === claim).map((e) => [e.params, e.seed]);
  }

  /** Adds a counterexample (once) and saves the file. */
  record(entry: CounterexampleEntry): void {
    const same = this.entries.some((e) => e.claim === entry.claim && e.seed === entry.seed && JSON.stringify(e.params) === JSON.stringify(entry.params));
    if (same) return;
    this.entries.push(entry);
    const body: DbFile = {
      description: 'Counterexamples found by lemmata for claims (not for wrong variants), stored as values and replayed first as fast-check examples. Written by src/harness/counterexamples.ts.',
      entries: this.entries,
    };
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, JSON.stringify(body, null, 2) + '\n');
  }
}
