/**
 * The benchmark runner behind `npm run bench`.
 *
 * Discovers `bench/ops/*.ts` (each default-exports a {@link BenchOp}), and for each op and size: builds the
 * input, runs one untimed warm-up, times the op (best of a few repetitions, fewer when one run is slow),
 * times ml-matrix on the same input in the same process where the op provides it (skipped above
 * `mlMatrixMaxN`), and prints a table with GFLOP/s, the ml-matrix ratio and PASS/MISS against the op's target.
 *
 * Timings are wall-clock on whatever else the machine is doing: the header prints the load average, and a
 * loaded machine (other jobs on the same cores) shows up as a MISS that is not the kernel's fault.
 *
 * @module
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Rng, parseSeed } from '../src/core/random.ts';
import { backendName, selectBackend, selectBackendFromEnv, withBackend } from '../src/core/backend.ts';
import type { BenchOp, BenchRow } from './types.ts';
import { PROCESS_ROWS } from './processTargets.ts';
import { TARGET_ROWS, meets, rowValue, type TargetRow } from './targets.ts';

const HELP = `lemmata-bench — time the dense kernels against the targets of issue 16, on the selected backend and on
the plain-TypeScript backend (js) in the same run; or (--ops) the per-op table with ml-matrix on the same inputs.

Usage: npm run bench -- [options]      (or: node bin/lemmata-bench.js [options])

Backend: LEMMATA_BACKEND=js|wasm (or --backend NAME); default the automatic choice (best WASM variant, else js).

Target table (default):
  --rows r1,r2        only the target rows whose name starts with one of these (case-insensitive)
  --no-ratio          do not re-measure on js (no ratio column)

Per-op table:
  --ops               print the per-op table instead of the target table
  --only op1,op2      run only these ops (see the list below; implies --ops)
  --sizes 500,1000    run these sizes instead of each op's defaults
  --json [FILE]       write the rows {op, n, backend, seconds, gflops, mlMatrixSeconds} as JSON to FILE (stdout if no FILE)
  --reps N            timed repetitions per size (default: 3, or fewer when one run takes over 1 s; best is reported)
  --no-ml             do not time ml-matrix
  --backend NAME      run with this backend (js, wasm, or a registered name; default: LEMMATA_BACKEND or automatic)
  --seed N            root seed of the inputs (default 1)
  --gate              exit with status 1 if any target is missed (off by default: shared machines are noisy)
  --help              this text

Each op lives in bench/ops/<name>.ts and default-exports a BenchOp (bench/types.ts).`;

/** Thrown for bad command-line arguments. */
export class BenchUsageError extends Error {
  override name = 'BenchUsageError';
}

interface Options {
  ops: boolean;
  rows: string[] | null;
  ratio: boolean;
  only: string[] | null;
  sizes: number[] | null;
  json: string | null | undefined; // undefined: no JSON; null: stdout
  reps: number | null;
  ml: boolean;
  backend: string | null;
  seed: number;
  gate: boolean;
  help: boolean;
}

function parseList(flag: string, v: string | undefined): string[] {
  if (v === undefined || v.startsWith('--') || v.trim() === '') throw new BenchUsageError(`${flag} needs a comma-separated list`);
  return v.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function parsePositiveInt(flag: string, s: string): number {
  if (!/^\d+$/.test(s) || Number(s) <= 0) throw new BenchUsageError(`${flag} expects positive integers, got '${s}'`);
  return Number(s);
}

/** Parses the command line; throws a {@link BenchUsageError} naming the bad flag. */
export function parseArgs(argv: string[]): Options {
  const o: Options = { ops: false, rows: null, ratio: true, only: null, sizes: null, json: undefined, reps: null, ml: true, backend: null, seed: 1, gate: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--only': o.only = parseList(a, argv[++i]); o.ops = true; break;
      case '--ops': o.ops = true; break;
      case '--rows': o.rows = parseList(a, argv[++i]); break;
      case '--no-ratio': o.ratio = false; break;
      case '--sizes': o.sizes = parseList(a, argv[++i]).map((s) => parsePositiveInt(a, s)); break;
      case '--json': {
        const next = argv[i + 1];
        if (next !== undefined && !next.startsWith('--')) { o.json = next; i++; } else o.json = null;
        break;
      }
      case '--reps': {
        const v = argv[++i];
        if (v === undefined) throw new BenchUsageError('--reps needs a positive integer');
        o.reps = parsePositiveInt(a, v);
        break;
      }
      case '--no-ml': o.ml = false; break;
      case '--backend': {
        const v = argv[++i];
        if (v === undefined || v.startsWith('--')) throw new BenchUsageError('--backend needs a name');
        o.backend = v;
        break;
      }
      case '--seed': {
        const v = argv[++i];
        if (v === undefined) throw new BenchUsageError('--seed needs an integer');
        try {
          o.seed = parseSeed(v);
        } catch (e) {
          throw new BenchUsageError(`--seed: ${(e as Error).message}`);
        }
        break;
      }
      case '--gate': o.gate = true; break;
      case '--help': case '-h': o.help = true; break;
      default: throw new BenchUsageError(`unknown option '${a}' (see --help)`);
    }
  }
  return o;
}

function isBenchOp(x: unknown): x is BenchOp {
  const o = x as BenchOp;
  return typeof o === 'object' && o !== null && typeof o.op === 'string' && Array.isArray(o.sizes) &&
    typeof o.flops === 'function' && typeof o.setup === 'function' && typeof o.run === 'function';
}

/** Loads every `*.ts` in `dir` (sorted by file name) and checks it default-exports a {@link BenchOp}. */
export async function discoverOps(dir: string): Promise<BenchOp[]> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.endsWith('.test.ts')).sort();
  const ops: BenchOp[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { default?: unknown };
    if (!isBenchOp(mod.default)) throw new Error(`bench/ops/${f} must default-export a BenchOp {op, sizes, flops, setup, run}`);
    ops.push(mod.default);
  }
  const seen = new Set<string>();
  for (const op of ops) {
    if (seen.has(op.op)) throw new Error(`two bench ops are named '${op.op}'`);
    seen.add(op.op);
  }
  return ops;
}

/** Wall-clock and CPU (user + system) seconds taken by one call. */
function timeOnce(fn: () => void): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  fn();
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e6 };
}

/**
 * One untimed warm-up (also JIT-compiles the kernel), then `reps` timed runs; returns the best wall-clock time
 * and the best CPU time. Default reps: 3, cut to 2 when the warm-up took over 1 s and to 1 over 5 s.
 * On a machine shared with other jobs the CPU time is the better estimate of what the kernel costs alone.
 */
function timeBest(fn: () => void, reps: number | null): { best: number; bestCpu: number; reps: number } {
  const warm = timeOnce(fn).wall;
  const r = reps ?? (warm > 5 ? 1 : warm > 1 ? 2 : 3);
  let best = Infinity;
  let bestCpu = Infinity;
  for (let i = 0; i < r; i++) {
    const t = timeOnce(fn);
    best = Math.min(best, t.wall);
    bestCpu = Math.min(bestCpu, t.cpu);
  }
  return { best, bestCpu, reps: r };
}

function fmt(x: number | null, digits: number): string {
  return x === null || !Number.isFinite(x) ? '—' : x.toFixed(digits);
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i < 3 || i >= 8 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
}

/** Runs the benchmarks and returns the exit code (0; 1 with --gate and a missed target; 2 on usage errors). */
export async function main(argv: string[]): Promise<number> {
  let opts: Options;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (e instanceof BenchUsageError) {
      console.error(`lemmata-bench: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const here = dirname(fileURLToPath(import.meta.url));
  const ops = await discoverOps(join(here, 'ops'));
  if (opts.help) {
    console.log(`${HELP}\n\nOps: ${ops.map((o) => `${o.op} [${o.sizes.join(', ')}]`).join('; ')}`);
    return 0;
  }
  if (opts.only) {
    const unknown = opts.only.filter((n) => !ops.some((o) => o.op === n));
    if (unknown.length > 0) {
      console.error(`lemmata-bench: unknown op(s) ${unknown.join(', ')}; available: ${ops.map((o) => o.op).join(', ')}`);
      return 2;
    }
  }
  try {
    if (opts.backend) selectBackend(opts.backend);
    else selectBackendFromEnv(process.env);
  } catch (e) {
    console.error(`lemmata-bench: ${(e as Error).message}`);
    return 2;
  }
  if (!opts.ops) return runTargets(opts);
  const selected = opts.only ? ops.filter((o) => opts.only?.includes(o.op)) : ops;
  const backend = backendName();
  const log = opts.json === null ? console.error : console.log; // keep stdout clean for --json without a file
  const [l1, l5] = loadavg();
  log(`lemmata-bench: node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, backend ${backend}, seed ${opts.seed}`);
  log(`load average ${l1.toFixed(2)} (1 min), ${l5.toFixed(2)} (5 min)${l1 > 0.5 ? ' — the machine is busy: timings are pessimistic' : ''}\n`);

  const header = ['op', 'n', 'backend', 'seconds', 'GFLOP/s', 'cpu s', 'ml-matrix s', 'ml/ours', 'target', 'verdict'];
  const widths = [10, 5, 9, 9, 8, 8, 12, 8, 30, 7];
  log(pad(header, widths));
  log(pad(widths.map((w) => '-'.repeat(w)), widths));
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  let missed = 0;
  for (const op of selected) {
    const sizes = opts.sizes ?? op.sizes;
    for (const n of sizes) {
      const withMl = opts.ml && op.mlMatrix !== undefined && (op.mlMatrixMaxN === undefined || n <= op.mlMatrixMaxN);
      const state = op.setup(n, Rng.stream(opts.seed, 'bench', op.op, n), { mlMatrix: withMl });
      const { best, bestCpu } = timeBest(() => op.run(state), opts.reps);
      const gflops = op.flops(n) / best / 1e9;
      let mlSeconds: number | null = null;
      let mlCell = '—';
      if (withMl && op.mlMatrix) {
        const ml = op.mlMatrix;
        mlSeconds = timeBest(() => ml(state), opts.reps === null ? null : Math.min(opts.reps, 2)).best;
        mlCell = fmt(mlSeconds, 3);
      } else if (opts.ml && op.mlMatrix) {
        mlCell = 'skipped';
        notes.push(`${op.op} n=${n}: ml-matrix skipped above n=${op.mlMatrixMaxN} (too slow)`);
      }
      let targetCell = '';
      let verdict = '';
      if (op.target && op.target.n === n) {
        const t = op.target;
        const ok = (t.maxSeconds === undefined || best <= t.maxSeconds) && (t.minGflops === undefined || gflops >= t.minGflops);
        targetCell = t.text;
        verdict = ok ? 'PASS' : 'MISS';
        if (!ok) missed++;
      }
      log(pad([op.op, String(n), backend, fmt(best, 3), fmt(gflops, 2), fmt(bestCpu, 3), mlCell, mlSeconds === null ? '—' : `${(mlSeconds / best).toFixed(1)}×`, targetCell, verdict], widths));
      rows.push({ op: op.op, n, backend, seconds: best, gflops, mlMatrixSeconds: mlSeconds });
    }
  }
  const peak = process.resourceUsage().maxRSS / 1024;
  log(`\nseconds: best wall-clock time; cpu s: best CPU time of this process (≈ seconds on an idle machine; smaller when other jobs compete).`);
  log(`verdicts use the wall-clock time. Peak resident memory of this process: ${peak.toFixed(0)} MiB`);
  for (const note of notes) log(`note: ${note}`);
  if (opts.json !== undefined) {
    const text = `${JSON.stringify(rows, null, 2)}\n`;
    if (opts.json === null) process.stdout.write(text);
    else {
      writeFileSync(opts.json, text);
      log(`wrote ${rows.length} rows to ${opts.json}`);
    }
  }
  return opts.gate && missed > 0 ? 1 : 0;
}

/**
 * Best wall-clock seconds of `fn` after one untimed warm-up run (which also JIT-compiles the kernels): best of 3
 * when a run takes under 2 s, else 1; a warm-up over 10 s is itself the measurement (compilation is negligible there).
 */
function timeRow(fn: () => void): { wall: number; cpu: number } {
  const first = timeOnce(fn);
  if (first.wall > 10) return first;
  const reps = first.wall > 2 ? 1 : 3;
  let wall = Infinity, cpu = Infinity;
  for (let i = 0; i < reps; i++) {
    const t = timeOnce(fn);
    wall = Math.min(wall, t.wall);
    cpu = Math.min(cpu, t.cpu);
  }
  return { wall, cpu };
}

/** One row of the target table's `--json` output. */
export interface TargetJsonRow {
  row: string;
  backend: string;
  unit: 'GF/s' | 's';
  value: number;
  target: number;
  pass: boolean;
  seconds: number;
  /** Best CPU seconds of this process (≈ wall on an idle machine; the better estimate on a shared one). */
  cpuSeconds: number;
  /** The value computed from the CPU time, and whether it meets the target (information only; verdicts use wall). */
  cpuValue: number;
  cpuPass: boolean;
  /** The same row on the js backend in this run (null with --no-ratio or when the backend is js). */
  jsValue: number | null;
  /** Speed-up over js: js seconds / backend seconds. */
  speedup: number | null;
}

/** Measures one row on the active backend (the input is rebuilt per backend from the same seed). */
function measureRow(row: TargetRow, seed: number): { wall: number; cpu: number } {
  return timeRow(row.prepare(Rng.stream(seed, 'bench-target', row.name)));
}

/** The target table: each row on the selected backend and on js; returns the exit code. */
async function runTargets(opts: Options): Promise<number> {
  const rows = opts.rows ? TARGET_ROWS.filter((r) => opts.rows?.some((p) => r.name.toLowerCase().startsWith(p.toLowerCase()))) : TARGET_ROWS;
  if (rows.length === 0 && !(opts.rows && PROCESS_ROWS.some((r) => opts.rows?.some((p) => r.name.toLowerCase().startsWith(p.toLowerCase()))))) {
    console.error(`lemmata-bench: no target row matches ${opts.rows?.join(', ')}; rows: ${TARGET_ROWS.map((r) => r.name).join('; ')}`);
    return 2;
  }
  const backend = backendName();
  const withJs = opts.ratio && backend !== 'js';
  const log = opts.json === null ? console.error : console.log;
  const [l1, l5] = loadavg();
  log(`lemmata-bench: node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, backend ${backend}, seed ${opts.seed}`);
  log(`load average ${l1.toFixed(2)} (1 min), ${l5.toFixed(2)} (5 min)${l1 > 0.5 ? ' — the machine is busy: timings are pessimistic' : ''}\n`);
  const header = ['target row', 'value', 'target', 'verdict', 'seconds', 'cpu s', 'cpu verdict', 'js value', 'speed-up vs js'];
  const widths = [32, 12, 12, 7, 9, 8, 11, 12, 14];
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 || i === 3 || i === 6 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  log(line(header));
  log(line(widths.map((w) => '-'.repeat(w))));
  const out: TargetJsonRow[] = [];
  let failed = 0;
  for (const row of rows) {
    const t = measureRow(row, opts.seed);
    const seconds = t.wall;
    const value = rowValue(row, seconds);
    const pass = meets(row, value);
    const cpuValue = rowValue(row, t.cpu);
    const cpuPass = meets(row, cpuValue);
    if (!pass) failed++;
    let jsSeconds: number | null = null;
    if (withJs) jsSeconds = withBackend('js', () => measureRow(row, opts.seed).wall);
    const jsValue = jsSeconds === null ? null : rowValue(row, jsSeconds);
    const speedup = jsSeconds === null ? null : jsSeconds / seconds;
    const fmtV = (v: number): string => `${v.toFixed(row.unit === 's' ? 3 : 2)} ${row.unit}`;
    log(line([
      row.name, fmtV(value), `${row.unit === 's' ? '≤' : '≥'} ${row.target} ${row.unit}`, pass ? 'PASS' : 'FAIL', seconds.toFixed(3),
      t.cpu.toFixed(3), cpuPass ? 'PASS' : 'FAIL',
      jsValue === null ? '—' : fmtV(jsValue), speedup === null ? '—' : `${speedup.toFixed(2)}×`,
    ]));
    out.push({ row: row.name, backend, unit: row.unit, value, target: row.target, pass, seconds, cpuSeconds: t.cpu, cpuValue, cpuPass, jsValue, speedup });
  }
  log(`\nvalue: best wall-clock time (or GF/s from it) on backend ${backend}, which the verdict uses; cpu s / cpu verdict: the same from this`);
  log(`process's CPU time (the better estimate when other jobs share the cores); js value: the row on the plain-TypeScript backend in this run.`);
  // The whole-process rows (start-up, --jobs): measured by spawning the CLI.
  const procRows = opts.rows ? PROCESS_ROWS.filter((r) => opts.rows?.some((p) => r.name.toLowerCase().startsWith(p.toLowerCase()))) : PROCESS_ROWS;
  const procOut: Array<{ row: string; unit: string; value: number; target: number; pass: boolean; note: string }> = [];
  if (procRows.length) log(`\n${'process row'.padEnd(34)}${'value'.padStart(10)}  ${'target'.padStart(9)}  verdict  note`);
  for (const row of procRows) {
    let r: { value: number; note: string };
    try {
      r = row.measure();
    } catch (e) {
      r = { value: NaN, note: (e as Error).message };
    }
    const pass = row.unit === 's' ? r.value <= row.target : r.value >= row.target;
    if (!pass) failed++;
    log(`${row.name.padEnd(34)}${`${r.value.toFixed(2)} ${row.unit}`.padStart(10)}  ${`${row.unit === 's' ? '≤' : '≥'} ${row.target} ${row.unit}`.padStart(9)}  ${(pass ? 'PASS' : 'FAIL').padEnd(7)}  ${r.note}`);
    procOut.push({ row: row.name, unit: row.unit, value: r.value, target: row.target, pass, note: r.note });
  }
  const total = rows.length + procRows.length;
  log(`\n${total - failed} of ${total} targets met.`);
  if (opts.json !== undefined) {
    const text = `${JSON.stringify({ backend, loadAverage: [l1, l5], rows: out, processRows: procOut }, null, 2)}\n`;
    if (opts.json === null) process.stdout.write(text);
    else {
      writeFileSync(opts.json, text);
      log(`wrote ${out.length} rows to ${opts.json}`);
    }
  }
  return opts.gate && failed > 0 ? 1 : 0;
}
