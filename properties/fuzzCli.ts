/**
 * The CLI fuzzer of `fuzz-cli.test.ts`: fast-check arbitraries of argument vectors (every command, its flags, and
 * hostile values: NaN, ±Infinity, 1e308, 1e999, -0, '', huge integers, unicode, /proc and /dev paths) and of damaged
 * input files (NET.json for `reduce`, claim files for `audit`), and the checks every run must pass: it ends within a
 * time limit, exits 0, 1 or 2, prints no NaN (and, in a model's JSON, no null) as a result, prints no stack trace
 * for exit 2, and never reports an internal error.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';

export const BIN = join(import.meta.dirname, '..', 'bin', 'lemmata.js');

/** Values a hostile user types. */
export const HOSTILE = [
  'NaN', 'nan', 'Infinity', '-Infinity', 'inf', '1e308', '-1e308', '1e999', '-1e999', '1e-308', '5e-324', '-0', '0', '', ' ', '-1', '1', '2', '0.5',
  '99999999999999999999', '9007199254740993', '0x10', '1e3', '3.', '.5', '1,2,', '1:2:3', 'log:0:1:5', 'log:1e-3:1e3:4', '1:1:0', '٣', 'αβγ', '😀', 'null',
  'undefined', '{}', '[]', '--json', '-h', '/proc/x', '/dev/zero', '\n', '%s%n', "'; rm -rf /", '../../etc/passwd',
];

/** Extreme but valid numbers, lists and ranges: the values that reach the formulas. */
export const EXTREME = ['2', '0.5', '0.1', '1', '3', '1e-3', '1e3', '1e10', '1e308', '1e-308', '5e-324', '1e-300', '1e8', '1e16', '1:2:3', 'log:1e-3:1e3:4', '0.5,2', '0'];

const value = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...EXTREME) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE) });
const maybe = <T>(a: fc.Arbitrary<T[]>): fc.Arbitrary<T[]> => fc.oneof({ weight: 1, arbitrary: fc.constant([] as T[]) }, { weight: 1, arbitrary: a });
const flag = (name: string, v: fc.Arbitrary<string> = value) => maybe(v.map((x) => [name, x]));
const bool = (name: string) => fc.constantFrom<string[]>([], [name]);
const concat = (...parts: Array<fc.Arbitrary<string[]>>) => fc.tuple(...parts).map((xs) => xs.flat());

const ACTS = ['tanh', 'erf', 'relu', 'crelu', 'sign', 'linear', 'tanh(2*x)', 'x^3 - 3*x', 'x*exp(x^2/4)', 'log(x)', 'sqrt(x)', '1/x', 'x^1e9', 'process.tanh(x)', 'exp(x^2)', 'abs(x) - 0.7978845608', 'TANH', ''];

/** A damaged input file: written by the run's harness, then named in the arguments as `@FILE`. */
export interface FuzzCase {
  args: string[];
  /** The text of `@FILE`, when the arguments name one. */
  file?: { name: string; text: string };
}

/** A small valid NET.json (N = 3 points, widths 2-3-3-1), as an object. */
export function smallNet(): Record<string, unknown> {
  return {
    activation: 'relu',
    beta: 0.5,
    lambda: 0.001,
    X: [[0.1, -0.4, 0.9], [1.2, 0.3, -0.7]],
    Y: [[0.5, -0.2, 0.1]],
    weights: [
      [[0.3, -0.2, 0.1], [0.5, 0.4, -0.3], [-0.6, 0.2, 0.05]],
      [[0.2, 0.1, -0.4, 0.3], [-0.5, 0.6, 0.2, -0.1], [0.3, -0.3, 0.4, 0.2]],
      [[0.7, -0.4, 0.25, 0.1]],
    ],
  };
}

/** Number-like tokens a JSON or TypeScript text may be damaged with (not all valid JSON: that is the point). */
const NUM_TOKENS = ['NaN', 'Infinity', '-Infinity', '1e308', '1e999', '-1e999', '-0', '1e300', '1e-320', '99999999999999999999', 'null', '"1"', '[]', '{}', 'true', '0'];

/** Damages a JSON/TS text: replaces one number, deletes a line, truncates, or swaps a string. */
export const textMutation = fc.oneof(
  fc.record({ kind: fc.constant('number' as const), at: fc.nat(), by: fc.constantFrom(...NUM_TOKENS) }),
  fc.record({ kind: fc.constant('deleteLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('string' as const), at: fc.nat(), by: fc.constantFrom('', 'ReLU', 'Leaky-ReLU(0.1)', 'leaky-relu(NaN)', 'tanh', 'x'.repeat(10_000), '\u202e', '<script>', 'a\nb') }),
);
type TextMutation = typeof textMutation extends fc.Arbitrary<infer T> ? T : never;

/** Applies a mutation to `text`. */
export function mutateText(text: string, m: TextMutation): string {
  if (m.kind === 'truncate') return text.slice(0, Math.floor(m.at * text.length));
  if (m.kind === 'deleteLine') {
    const lines = text.split('\n');
    lines.splice(m.at % lines.length, 1);
    return lines.join('\n');
  }
  const re = m.kind === 'number' ? /-?\d+(\.\d+)?(e-?\d+)?/g : /'[^'\n]*'|"[^"\n]*"/g;
  const hits = [...text.matchAll(re)];
  if (hits.length === 0) return text;
  const h = hits[m.at % hits.length];
  const by = m.kind === 'number' ? m.by : JSON.stringify(m.by);
  return text.slice(0, h.index) + by + text.slice(h.index! + h[0].length);
}

/** NET.json texts: the small valid net, or a damaged one. */
const netText = fc.oneof(
  { weight: 1, arbitrary: fc.constant(JSON.stringify(smallNet(), null, 1)) },
  { weight: 5, arbitrary: textMutation.map((m) => mutateText(JSON.stringify(smallNet(), null, 1), m)) },
);

const pathArb = fc.constantFrom('@FILE', '/dev/zero', '/proc/x', '/proc/self/status', '/dev/null', '.', '', 'missing.json', '/');

const reduceCase: fc.Arbitrary<FuzzCase> = fc
  .tuple(netText, pathArb, concat(bool('--sharp'), bool('--json'), bool('--quiet'), flag('--out', fc.constantFrom('out.json', '/proc/x/out.json', '/dev/zero', '', '.'))))
  .map(([text, path, rest]) => ({ args: ['reduce', path, ...rest], file: { name: 'NET.json', text } }));

const glmCase: fc.Arbitrary<FuzzCase> = concat(
  fc.constant(['theory', 'glm']),
  fc.oneof({ weight: 4, arbitrary: fc.constantFrom('gaussian', 'probit') }, { weight: 1, arbitrary: fc.constantFrom('Gaussian', '', 'NaN') }).map((c) => ['--channel', c]),
  value.map((v) => ['--alpha', v]),
  value.map((v) => ['--noise', v]),
  flag('--ridge-lambda'),
  flag('--precision', fc.constantFrom('NaN', '', '-0', '1e308', '1', '2', '5', '201', '99999999999999999999')),
  fc.constantFrom([], ['--json'], ['--csv']),
).map((args) => ({ args }));

const deepCase: fc.Arbitrary<FuzzCase> = concat(
  fc.constant(['theory', 'deep']),
  fc.array(fc.constantFrom(...ACTS), { minLength: 1, maxLength: 3 }).map((as) => as.flatMap((a) => ['--act', a])),
  value.map((v) => ['--alpha', v]),
  value.map((v) => ['--noise', v]),
  flag('--weight-var'),
  flag('--readout-var'),
  flag('--widths'),
  flag('--channel', fc.constantFrom('gaussian', 'sign', 'probit', '')),
  flag('--ridge-lambda'),
  bool('--center'),
  flag('--precision', fc.constantFrom('NaN', '', '-0', '1e308', '1', '101')),
  fc.constantFrom([], ['--json'], ['--csv']),
).map((args) => ({ args }));

const verifyCase: fc.Arbitrary<FuzzCase> = concat(
  fc.constant(['verify']),
  fc.constantFrom(['G1.quadratic'], ['G1.q*'], ['NOPE'], ['*quadratic'], ['']),
  fc.constantFrom(['--profile', 'quick'], ['--profile', 'QUICK'], ['--profile', '']),
  flag('--seed'),
  flag('--shard'),
  flag('--out', fc.constantFrom('run', '', '/proc/x', '/dev/zero', '/dev/null/x', '.')),
  flag('--alpha'),
  bool('--json'),
  fc.constant(['--no-record']),
).map((args) => ({ args }));

const replayCase: fc.Arbitrary<FuzzCase> = concat(
  fc.constant(['replay']),
  fc.constantFrom(['G1.quadratic'], ['G4'], ['NOPE'], [], ['G1.quadratic', 'G4']),
  flag('--seed'),
  flag('--path', fc.constantFrom('0', '0:0', '99999999:1:2:3', 'garbage:::', '', '-1', '1e308', '0:99999999999999999999')),
  flag('--variant', fc.constantFrom('dropped-D-term', 'NOPE', '')),
  fc.constant(['--profile', 'quick']),
  bool('--json'),
).map((args) => ({ args }));

const otherCase: fc.Arbitrary<FuzzCase> = fc.oneof(
  concat(fc.constant(['list']), flag('--seed'), flag('--profile', fc.constantFrom('quick', 'ci', 'x', '')), bool('--json')).map((args) => ({ args })),
  concat(fc.constant(['report']), bool('--merge'), fc.constantFrom([], ['.'], ['/proc/x'], ['/dev/zero'], ['missing', 'missing']), flag('--out', fc.constantFrom('m', '/proc/x', ''))).map((args) => ({ args })),
  concat(fc.constant(['calibrate', 'G4']), flag('--seeds', fc.constantFrom(...HOSTILE.filter((v) => !/^(2|1|1e3|0x10|1:2:3|9007199254740993)$/.test(v)))), flag('--seed'), flag('--alpha'), flag('--out', fc.constantFrom('cal', '', '/proc/x'))).map((args) => ({ args })),
  concat(fc.constant(['new-claim']), fc.constantFrom(['x'], [''], ['../../x'], ['a b'], ['😀'], []), flag('--kind', fc.constantFrom('identity', 'limit', 'nope', '')), flag('--dir', fc.constantFrom('d', '/proc/x', '/dev/zero', ''))).map((args) => ({ args })),
  fc.constantFrom<string[]>(['nope'], [], ['--help'], ['verify', '--nope'], ['theory'], ['theory', 'nope'], ['theory', 'glm', '--alpha']).map((args) => ({ args })),
);

/** Claim files for `audit`: a template written by `new-claim`, damaged. */
export function auditCase(templates: Record<string, string>): fc.Arbitrary<FuzzCase> {
  return fc
    .tuple(fc.constantFrom(...Object.keys(templates)), fc.option(textMutation, { nil: undefined }), flag('--seed'), flag('--alpha'), bool('--json'))
    .map(([kind, m, seed, alpha, json]) => ({
      args: ['audit', '@FILE', '--profile', 'quick', ...seed, ...alpha, ...json],
      file: { name: `${kind}.claim.ts`, text: m ? mutateText(templates[kind], m) : templates[kind] },
    }));
}

/** Every command, weighted roughly by how much input surface it has. */
export function cliCase(templates: Record<string, string>): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    { weight: 3, arbitrary: reduceCase },
    { weight: 3, arbitrary: glmCase },
    { weight: 3, arbitrary: deepCase },
    { weight: 2, arbitrary: verifyCase },
    { weight: 2, arbitrary: replayCase },
    { weight: 2, arbitrary: otherCase },
    { weight: 2, arbitrary: auditCase(templates) },
  );
}

/** The outcome of one run. */
export interface RunOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/** Runs `lemmata ARGS` in a fresh directory (so default outputs land there), `@FILE` replaced by the case's file. */
export function runCase(c: FuzzCase, timeLimitMs: number): Promise<RunOutcome> {
  const cwd = mkdtempSync(join(tmpdir(), 'lemmata-fuzz-'));
  mkdirSync(join(cwd, 'd'));
  let args = c.args;
  if (c.file) {
    const p = join(cwd, c.file.name);
    writeFileSync(p, c.file.text);
    args = args.map((a) => (a === '@FILE' ? p : a));
  }
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, LEMMATA_SEED: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout.length < 1e6 ? (stdout += d.toString()) : undefined));
    child.stderr.on('data', (d: Buffer) => (stderr.length < 1e6 ? (stderr += d.toString()) : undefined));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeLimitMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - t0, timedOut });
    });
  });
}

/** What is wrong with a run (empty when nothing is). */
export function problems(c: FuzzCase, r: RunOutcome): string[] {
  const out: string[] = [];
  if (r.timedOut) out.push(`did not end within the time limit (killed after ${Math.round(r.ms)} ms)`);
  else if (r.code !== 0 && r.code !== 1 && r.code !== 2) out.push(`exit code ${r.code} (signal ${r.signal})`);
  if (/internal error/.test(r.stderr)) out.push('internal error (a bug, with a stack trace)');
  if (r.code === 2) {
    if (/^\s+at .+:\d+:\d+\)?$/m.test(r.stderr)) out.push('stack trace printed for a usage/input error (exit 2)');
    if (r.stderr.trim() === '' && r.stdout.trim() === '') out.push('exit 2 without a message (nor the usage text)');
  }
  if (r.code === 0 || r.code === 1) {
    // A damaged claim file may carry 'NaN' in its own texts, which audit echoes (statement, variant reasons).
    if (/\bNaN\b/.test(r.stdout) && !c.file?.text.includes('NaN')) out.push('NaN printed as a result');
    const model = c.args[0] === 'theory' || c.args[0] === 'reduce';
    if (model && /"[^"]+":\s*null\b/.test(r.stdout)) out.push('null printed as a result value (JSON)');
  }
  return out;
}
