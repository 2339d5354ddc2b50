/**
 * `lemmata reduce NET.json [--sharp] [--out REDUCED.json] [--json] [--progress | --quiet]`: the Carathéodory reduction of a
 * trained (or any) L2 network (Jacot, Golikov, Hongler, Gabriel 2022, arXiv 2205.15809, Lemma 10), or with `--sharp` our
 * sharper variant that keeps K^σ and the loss with ≤ N(N+1)/2 + 1 neurons (algorithms in `src/models/l2/reduction.ts`).
 *
 * @module
 */
import { closeSync, constants, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';
import { L2ActivationError } from '../../models/l2/activation.ts';
import { NetworkError, networkFromJson, networkToJson, type L2Network } from '../../models/l2/network.ts';
import { checkBasisSize, MAX_BASIS_DOUBLES, reduceNetwork, reduceNetworkSharp, ReductionError, type NetworkReduction, type ReductionProgress } from '../../models/l2/reduction.ts';
import { parse } from '../args.ts';
import { UsageError } from '../usageError.ts';

/**
 * Largest NET.json read: 128 MiB, about six million numbers written at full precision (~20 characters each), enough for
 * hidden layers of 2500 × 2500 weights. Parsing that much JSON takes ~3 s and ~0.4 GB; anything larger is far more likely a
 * wrong path (a device such as /dev/zero, a log, a data dump) than a network this tool can reduce in reasonable time.
 */
export const MAX_INPUT_BYTES = 128 * 2 ** 20;

/** `lemmata reduce --help`: usage, file format, output, limits and exit codes. */
export const REDUCE_HELP = `lemmata reduce NET.json [--sharp] [--out REDUCED.json] [--json] [--progress | --quiet]

Reduces every hidden layer of an L2-regularised network to at most N(N+1) neurons
(Carathéodory for cones, Jacot et al. 2022, Lemma 10) with the same Grams K_l and
K^sigma_l, the same outputs, and the min-norm loss; all weights are rebuilt by the
min-norm formula W_l = Z_l (Z^sigma_{l-1})^+.

--sharp uses our sharper reduction (not the paper's): it keeps K^sigma_l and the
loss, but not K_l, with at most N(N+1)/2 + 1 neurons per hidden layer.

NET.json holds {activation, beta, lambda, X, Y, weights}:
  activation  relu | leaky-relu(a) | abs | identity   (positively homogeneous;
              tanh, softplus and relu2 are rejected: the reduction needs them).
              Names are case-insensitive (ReLU = relu, Leaky-ReLU(0.1) = leaky-relu(0.1)).
  beta        bias amount (the bias row beta*1^T of every Z^sigma)
  lambda      regularisation, loss = (1/N)||Z_L - Y||_F^2 + lambda*sum ||W_l||_F^2
  X           n0 rows x N columns (one column per data point)
  Y           nL rows x N columns
  weights     [W1, ..., WL], W_l is n_l x (n_{l-1}+1), bias column last
  (matrices as arrays of rows; every entry finite with |x| <= 1.3e154, so that its
  square is finite: the Grams and the loss square the entries)

Output: widths before/after, loss before/after, the largest relative change of the
Grams the reduction keeps, max_l max|K'-K|/max|K| (K_l and K^sigma_l; K^sigma_l
only with --sharp), and the relative output change max|Z'_L - Z_L|/max|Z_L|. The
loss after equals the loss before minus lambda*sum ||W~_l||^2 (zero at a min-norm
point, e.g. a trained minimum).

Options:
  --sharp      the sharper reduction (ours): keeps K^sigma and the loss, <= N(N+1)/2+1
  --out FILE   write the reduced network (same JSON format)
  --json       print {mode, widthsBefore, widthsAfter, lossBefore, lossAfter,
               maxGramChange, maxKChange, maxKsChange, maxOutputChange} as JSON
  --progress   show progress on stderr from the start (default: after 1 s of work)
  --quiet      no progress
  -h, --help   this text

Limits and cost:
  NET.json must be a regular file of at most ${MAX_INPUT_BYTES / 2 ** 20} MiB (about six million
  numbers): larger inputs, devices (/dev/zero) and pipes are refused before reading.
  A hidden layer with n neurons costs O(n*m*min(m, n)) with m = N(N+1) (m = N(N+1)/2+1
  with --sharp) and holds a basis of m*min(m, n) numbers, at most ${MAX_BASIS_DOUBLES} (${(MAX_BASIS_DOUBLES * 8) / 2 ** 20} MiB).
  Measured (3-1500-1500-2 networks, CPU time on one core): N = 10: 2 s, N = 20: 6 s,
  N = 40: 31 s (--sharp: 2 s, 3 s, 20 s).
  Progress goes to stderr: one updating line on a terminal, plain lines otherwise.

Exit codes: 0 done; 2 bad arguments or a bad file (one line naming the file and field).`;

/** Reads at most `cap` bytes of a regular file, refusing anything else before it reads a byte. */
function readRegularFile(path: string, cap: number): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; for a regular file the flag changes nothing.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      const kind = st.isDirectory() ? 'a directory' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isFIFO() ? 'a pipe' : st.isSocket() ? 'a socket' : 'not a regular file';
      throw new UsageError(`${path} is ${kind}: NET.json must be a regular file`);
    }
    if (st.size > cap) throw new UsageError(`${path} has ${st.size} bytes, more than the ${cap / 2 ** 20} MiB limit of NET.json (see lemmata reduce --help)`);
    // Read at most cap + 1 bytes: a file that grows after the size check is still caught.
    const buf = Buffer.alloc(Math.min(cap + 1, st.size + 1));
    let got = 0;
    for (;;) {
      const k = readSync(fd, buf, got, buf.length - got, null);
      if (k === 0) break;
      got += k;
      if (got === buf.length) {
        if (got > cap) throw new UsageError(`${path} grew beyond the ${cap / 2 ** 20} MiB limit of NET.json while it was read`);
        break;
      }
    }
    return buf.subarray(0, got).toString('utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${path}: ${(e as Error).message}`);
  } finally {
    closeSync(fd);
  }
}

/** Options of {@link readNetworkFile}. */
export interface ReadNetworkOptions {
  /** Largest file read, in bytes (default {@link MAX_INPUT_BYTES}). */
  cap?: number;
}

/** Reads and validates NET.json; every defect becomes a {@link UsageError} naming the file and the field. */
export function readNetworkFile(path: string, o: ReadNetworkOptions = {}): L2Network {
  const { cap = MAX_INPUT_BYTES } = o;
  const text = readRegularFile(path, cap);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const bad = /\b(NaN|-?Infinity)\b/.exec(text);
    if (bad) throw new UsageError(`${path}: contains ${bad[1]} (every entry must be a finite number; JSON has no NaN or Infinity)`);
    throw new UsageError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
  try {
    return networkFromJson(json);
  } catch (e) {
    if (e instanceof NetworkError || e instanceof L2ActivationError) throw new UsageError(`${path}: ${e.message}`);
    throw e;
  }
}

const dur = (ms: number) => {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
};

/** A stream as {@link reduceProgressPrinter} uses it (process.stderr, or a test double). */
export interface ProgressStream {
  isTTY?: boolean;
  write(s: string): unknown;
}

/**
 * Progress of `reduce` on stderr: one updating line on a terminal (redrawn at most every 100 ms), plain lines otherwise
 * (one when a stage starts, then at most one every 5 s, and a last `done` line). Silent for the first `delayMs` of the run
 * unless `force`, so that quick reductions print nothing.
 */
export function reduceProgressPrinter(
  stream: ProgressStream,
  opts: { force?: boolean; delayMs?: number; now?: () => number } = {},
): { onProgress: (p: ReductionProgress) => void; close: (finished: boolean) => void } {
  const now = opts.now ?? Date.now;
  const t0 = now();
  const delay = opts.force ? 0 : (opts.delayMs ?? 1000);
  const tty = !!stream.isTTY;
  let stage = '';
  let stageStart = t0;
  let lastPrint = -Infinity;
  let printedStage = '';
  let dirty = false;
  const onProgress = (p: ReductionProgress) => {
    const t = now();
    if (p.stage !== stage) {
      stage = p.stage;
      stageStart = t;
    }
    if (t - t0 < delay) return;
    const frac = p.total > 0 ? p.done / p.total : 0;
    const pct = `${(100 * frac).toFixed(0).padStart(3)}%`;
    const el = t - stageStart;
    const eta = frac > 0 && frac < 1 ? ` ETA ~${dur((el * (1 - frac)) / frac)}` : '';
    const line = `reduce: ${p.stage} ${pct} (${p.done}/${p.total})  elapsed ${dur(t - t0)}${eta}`;
    if (tty) {
      if (t - lastPrint < 100 && p.done < p.total) return;
      stream.write(`\r\x1b[2K${line}`);
      dirty = true;
      lastPrint = t;
    } else if (printedStage !== p.stage || t - lastPrint >= 5000) {
      stream.write(line + '\n');
      printedStage = p.stage;
      lastPrint = t;
    }
  };
  const close = (finished: boolean) => {
    if (tty && dirty) stream.write('\r\x1b[2K');
    else if (!tty && printedStage !== '' && finished) stream.write(`reduce: done in ${dur(now() - t0)}\n`);
    dirty = false;
    printedStage = '';
  };
  return { onProgress, close };
}

/** `lemmata reduce NET.json [...]`; returns the exit code (usage errors are thrown as {@link UsageError}, exit 2). */
export async function reduceCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    out: { type: 'string' },
    json: { type: 'boolean' },
    sharp: { type: 'boolean' },
    progress: { type: 'boolean' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(REDUCE_HELP + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`reduce takes exactly one NET.json, got ${positionals.length} (see lemmata reduce --help)`);
  if (values.progress && values.quiet) throw new UsageError('--progress and --quiet exclude each other');
  if (values.out !== undefined && values.out === '') throw new UsageError('--out needs a file name, got an empty string');
  const path = positionals[0];
  const net = readNetworkFile(path);
  if (net.weights.length < 2) throw new UsageError(`${path}: the network has no hidden layer (weights has ${net.weights.length} matrix); nothing to reduce`);
  const sharp = !!values.sharp;
  // Refuse a layer too large for the elimination's basis before any long work starts (the reducers check again).
  const N = net.X.cols;
  const m = sharp ? (N * (N + 1)) / 2 + 1 : N * (N + 1);
  try {
    for (let l = 0; l < net.weights.length - 1; l++) checkBasisSize(m, net.weights[l].rows, `hidden layer ${l + 1}`);
  } catch (e) {
    if (e instanceof ReductionError) throw new UsageError(`${path}: ${e.message}`);
    throw e;
  }
  const printer = values.quiet ? null : reduceProgressPrinter(process.stderr, { force: !!values.progress });
  let r: NetworkReduction;
  let finished = false;
  try {
    const opts = printer ? { onProgress: printer.onProgress } : {};
    r = sharp ? reduceNetworkSharp(net, opts) : reduceNetwork(net, opts);
    finished = true;
  } catch (e) {
    if (e instanceof ReductionError || e instanceof NetworkError) throw new UsageError(`${path}: ${e.message}`);
    throw e;
  } finally {
    printer?.close(finished);
  }
  if (values.out !== undefined) {
    try {
      writeFileSync(values.out as string, JSON.stringify(networkToJson(r.reduced)) + '\n');
    } catch (e) {
      throw new UsageError(`cannot write --out ${values.out}: ${(e as Error).message}`);
    }
  }
  const kept = sharp ? r.maxKsChange : r.maxGramChange;
  const summary = {
    mode: sharp ? 'sharp' : 'paper',
    widthsBefore: r.widthsBefore,
    widthsAfter: r.widthsAfter,
    lossBefore: r.lossBefore,
    lossAfter: r.lossAfter,
    maxGramChange: kept,
    maxKChange: r.maxKChange,
    maxKsChange: r.maxKsChange,
    maxOutputChange: r.maxOutputChange,
  };
  if (values.json) {
    process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    return 0;
  }
  const bound = sharp ? `N(N+1)/2 + 1 = ${(N * (N + 1)) / 2 + 1}, sharp reduction (ours)` : `N(N+1) = ${N * (N + 1)}`;
  const lines = [
    `${path}: ${net.activation.name}, beta = ${net.beta}, lambda = ${net.lambda}, N = ${N} (bound ${bound})`,
    `widths          ${r.widthsBefore.join('-')}  ->  ${r.widthsAfter.join('-')}`,
    `loss            ${r.lossBefore.toPrecision(12)}  ->  ${r.lossAfter.toPrecision(12)}  (change ${(r.lossAfter - r.lossBefore).toExponential(3)})`,
    sharp
      ? `max Gram change ${kept.toExponential(3)}  (relative, K^sigma of every hidden layer; K is not kept: it changed by ${r.maxKChange.toExponential(3)})`
      : `max Gram change ${kept.toExponential(3)}  (relative, K and K^sigma of every hidden layer)`,
    `output change   ${r.maxOutputChange.toExponential(3)}  (relative)`,
  ];
  if (values.out !== undefined) lines.push(`wrote ${values.out}`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
