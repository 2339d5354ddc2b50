/**
 * The whole-process targets of issue 16: start-up of `lemmata theory deep`, and the speed-up of `verify --jobs 2` over
 * `--jobs 1` (with the summaries compared bit for bit). Measured by spawning the CLI, so they include module loading.
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', 'bin', 'lemmata.js');

/** One whole-process target. */
export interface ProcessRow {
  name: string;
  unit: 's' | '×';
  /** Threshold: value ≤ target for 's', value ≥ target for '×'. */
  target: number;
  /** Measures the row: its value and a note (e.g. the spread, or why it failed). */
  measure(): { value: number; note: string };
}

/** Wall time of one CLI run; `okStatus` lists the exit codes that are results (verify exits 1 on a failed gate). */
function wall(args: string[], okStatus: readonly number[] = [0]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, LEMMATA_SEED: '' } });
  if (r.status === null || !okStatus.includes(r.status)) throw new Error(`lemmata ${args.join(' ')} exited ${r.status}: ${r.stderr.trim().split('\n').pop()}`);
  return (performance.now() - t) / 1000;
}

/** The two-process ceiling of the machine now (see bench/ceiling.mjs): ≈ 2 on two idle, equal cores. */
function ceiling(): number {
  const r = spawnSync(process.execPath, [join(import.meta.dirname, 'ceiling.mjs')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench/ceiling.mjs exited ${r.status}: ${r.stderr.trim()}`);
  return (JSON.parse(r.stdout) as { ceiling: number }).ceiling;
}

/** Newest modification time under dir. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) t = Math.max(t, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs);
  return t;
}

/** Why the CLI would start from the TypeScript sources (through tsx) instead of the compiled build, or null. */
function staleBuild(): string | null {
  const stamp = join(import.meta.dirname, '..', 'dist', '.build-stamp');
  if (!existsSync(stamp)) return 'no dist/: run npm run build (npm ci does)';
  const built = statSync(stamp).mtimeMs;
  const root = join(import.meta.dirname, '..');
  return newest(join(root, 'src')) > built || newest(join(root, 'spec')) > built ? 'dist/ is older than the sources: run npm run build' : null;
}

/** Median wall time of `reps` runs (after one warm-up run that fills the file cache). */
function medianWall(args: string[], reps = 5): { value: number; note: string } {
  wall(args);
  const ts = Array.from({ length: reps }, () => wall(args)).sort((a, b) => a - b);
  const stale = staleBuild();
  return { value: ts[Math.floor(reps / 2)], note: `median of ${reps}: ${ts.map((t) => t.toFixed(2)).join(', ')} s${stale ? ` (${stale})` : ''}` };
}

/** The rows, in print order. */
export const PROCESS_ROWS: ProcessRow[] = [
  { name: 'theory deep tanh×2 start', unit: 's', target: 0.5, measure: () => medianWall(['theory', 'deep', '--act', 'tanh', '--act', 'tanh', '--alpha', '2', '--noise', '0.1']) },
  { name: 'theory deep expression start', unit: 's', target: 0.8, measure: () => medianWall(['theory', 'deep', '--act', 'tanh(2*x)', '--act', 'tanh(2*x)', '--alpha', '2', '--noise', '0.1']) },
  {
    name: 'verify quick --jobs 2 speed-up',
    unit: '×',
    target: 1.7,
    measure() {
      const run = (jobs: number) => {
        const out = mkdtempSync(join(tmpdir(), `lemmata-bench-jobs${jobs}-`));
        // Exit 1 is a verdict (at quick, seed 1 has an inconclusive claim), not a failed measurement.
        const s = wall(['verify', '--profile', 'quick', '--seed', '1', '--no-record', '--jobs', String(jobs), '--out', out], [0, 1]);
        return { s, summary: readFileSync(join(out, 'summary.json'), 'utf8') };
      };
      // The machine's own ceiling (bench/ceiling.mjs), measured before and after the pair: on a shared host the two vCPUs
      // need not be equally fast, and a speed-up is only as good as the second core that is really there.
      const before = ceiling();
      const one = run(1);
      const two = run(2);
      const after = ceiling();
      const same = one.summary === two.summary;
      const speedUp = one.s / two.s;
      const c = Math.min(before, after);
      return {
        value: same ? speedUp : 0,
        note:
          `--jobs 1: ${one.s.toFixed(1)} s, --jobs 2: ${two.s.toFixed(1)} s; summaries ${same ? 'identical' : 'DIFFER (row fails)'}; ` +
          `the machine's two-process ceiling (bench/ceiling.mjs) ${before.toFixed(2)}× before, ${after.toFixed(2)}× after: ${(100 * speedUp / c).toFixed(0)}% of it`,
      };
    },
  },
];
