/**
 * `lemmata reduce NET.json [--out REDUCED.json] [--json]`: the Carathéodory reduction of a trained (or any) L2 network
 * (Jacot, Golikov, Hongler, Gabriel 2022, arXiv 2205.15809, Lemma 10; algorithm in `src/models/l2/reduction.ts`).
 *
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { ActivationError } from '../../models/l2/activation.ts';
import { NetworkError, networkFromJson, networkToJson, type L2Network } from '../../models/l2/network.ts';
import { reduceNetwork, ReductionError } from '../../models/l2/reduction.ts';
import { parse } from '../args.ts';
import { UsageError } from '../usageError.ts';

/** `lemmata reduce --help`: usage, file format, output and exit codes. */
export const REDUCE_HELP = `lemmata reduce NET.json [--out REDUCED.json] [--json]

Reduces every hidden layer of an L2-regularised network to at most N(N+1) neurons
(Carathéodory for cones, Jacot et al. 2022, Lemma 10) with the same Grams K_l and
K^sigma_l, the same outputs, and the min-norm loss; all weights are rebuilt by the
min-norm formula W_l = Z_l (Z^sigma_{l-1})^+.

NET.json holds {activation, beta, lambda, X, Y, weights}:
  activation  relu | leaky-relu(a) | abs | identity   (positively homogeneous;
              tanh, softplus and relu2 are rejected: the reduction needs them)
  beta        bias amount (the bias row beta*1^T of every Z^sigma)
  lambda      regularisation, loss = (1/N)||Z_L - Y||_F^2 + lambda*sum ||W_l||_F^2
  X           n0 rows x N columns (one column per data point)
  Y           nL rows x N columns
  weights     [W1, ..., WL], W_l is n_l x (n_{l-1}+1), bias column last
  (matrices as arrays of rows)

Output: widths before/after, loss before/after, the largest relative Gram change
max_l max|K'-K|/max|K| (K_l and K^sigma_l) and the relative output change
max|Z'_L - Z_L|/max|Z_L|. The loss after equals the loss before minus
lambda*sum ||W~_l||^2 (zero at a min-norm point, e.g. a trained minimum).

Options:
  --out FILE   write the reduced network (same JSON format)
  --json       print {widthsBefore, widthsAfter, lossBefore, lossAfter,
               maxGramChange, maxOutputChange} as JSON
  -h, --help   this text

Exit codes: 0 done; 2 bad arguments or a bad file (the reason is printed).`;

/** Reads and validates NET.json; every defect becomes a {@link UsageError} naming it. */
export function readNetworkFile(path: string): L2Network {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as Error).message}`);
  }
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
    if (e instanceof NetworkError || e instanceof ActivationError) throw new UsageError(`${path}: ${e.message}`);
    throw e;
  }
}

/** `lemmata reduce NET.json [--out REDUCED.json] [--json]`; returns the exit code (usage errors are thrown as {@link UsageError}, exit 2). */
export async function reduceCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { out: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(REDUCE_HELP + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`reduce takes exactly one NET.json, got ${positionals.length} (see lemmata reduce --help)`);
  const path = positionals[0];
  const net = readNetworkFile(path);
  if (net.weights.length < 2) throw new UsageError(`${path}: the network has no hidden layer (weights has ${net.weights.length} matrix); nothing to reduce`);
  let r;
  try {
    r = reduceNetwork(net);
  } catch (e) {
    if (e instanceof ReductionError || e instanceof NetworkError) throw new UsageError(`${path}: ${e.message}`);
    throw e;
  }
  if (values.out !== undefined) {
    try {
      writeFileSync(values.out as string, JSON.stringify(networkToJson(r.reduced)) + '\n');
    } catch (e) {
      throw new UsageError(`cannot write --out ${values.out}: ${(e as Error).message}`);
    }
  }
  const summary = {
    widthsBefore: r.widthsBefore,
    widthsAfter: r.widthsAfter,
    lossBefore: r.lossBefore,
    lossAfter: r.lossAfter,
    maxGramChange: r.maxGramChange,
    maxOutputChange: r.maxOutputChange,
  };
  if (values.json) {
    process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    return 0;
  }
  const N = net.X.cols;
  const lines = [
    `${path}: ${net.activation.name}, beta = ${net.beta}, lambda = ${net.lambda}, N = ${N} (bound N(N+1) = ${N * (N + 1)})`,
    `widths          ${r.widthsBefore.join('-')}  ->  ${r.widthsAfter.join('-')}`,
    `loss            ${r.lossBefore.toPrecision(12)}  ->  ${r.lossAfter.toPrecision(12)}  (change ${(r.lossAfter - r.lossBefore).toExponential(3)})`,
    `max Gram change ${r.maxGramChange.toExponential(3)}  (relative, K and K^sigma of every hidden layer)`,
    `output change   ${r.maxOutputChange.toExponential(3)}  (relative)`,
  ];
  if (values.out !== undefined) lines.push(`wrote ${values.out}`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
