/**
 * Reliability of runs and of the run store (issue 10): no lost, mixed or stale result, and every bad input a clear
 * one-line error with exit code 2. Each test is a class of fault found by a hostile-user review.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const BIN = join(import.meta.dirname, '..', 'bin', 'lemmata.js');
const tmp = () => mkdtempSync(join(tmpdir(), 'lemmata-rel-'));

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, LEMMATA_SEED: '', ...env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A cheap claim (identity, 100 runs at quick) whose run directory the tests damage. */
const QUICK = ['G1.quadratic', '--profile', 'quick', '--no-record'];

function oneLine(r: { code: number | null; stderr: string }, code: number, message: RegExp) {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

test.each([
  [['verify', ...QUICK, '--alpha', '1e-15'], /--alpha must be a probability in \[1e-9, 0.5\]/],
  [['verify', ...QUICK, '--out', ''], /--out: an empty path is not a directory/],
  [['verify', ...QUICK, '--shard', '99999999999999999999/99999999999999999999'], /--shard: K and N must be integers/],
  [['verify', ...QUICK, '--shard', '2/3'], /at most 1 shards/],
  [['verify', ...QUICK, '--seed', '-1'], /--seed: seed must be an integer in \[0, 4294967295\], got '-1'/],
  [['verify', ...QUICK, '--out', '/proc/lemmata-x'], /cannot create \/proc\/lemmata-x/],
  [['replay', 'G1.quadratic', '--seed', '1', '--path', 'garbage:::'], /--path must be a fast-check path/],
  [['replay', 'G1.quadratic', '--seed', '1', '--profile', 'quick', '--path', '99999999:1:2:3'], /--path 99999999:1:2:3 does not exist: G1.quadratic makes \d+ run\(s\)/],
])('usage error %j exits 2 with one line naming the argument', (args, message) => {
  oneLine(run(args as string[]), 2, message as RegExp);
});

test('a second run into a directory in use is refused; the first run is not disturbed', async () => {
  const dir = tmp();
  const first = spawn(process.execPath, [BIN, 'verify', 'G5.mmse', '--profile', 'quick', '--seed', '3', '--out', dir, '--no-record'], { stdio: 'ignore' });
  for (let i = 0; i < 500 && !existsSync(join(dir, '.lemmata.lock')); i++) await new Promise((r) => setTimeout(r, 20));
  const second = run(['verify', ...QUICK, '--seed', '4', '--out', dir]);
  oneLine(second, 2, /is in use by another lemmata run \(pid \d+\)/);
  const code = await new Promise((r) => first.on('exit', r));
  expect(code).toBe(0);
  const seeds = new Set(readFileSync(join(dir, 'results.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).claim));
  expect([...seeds]).toEqual(['G5.mmse']); // nothing of the refused run mixed in
  expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')).seed).toBe(3);
  expect(existsSync(join(dir, '.lemmata.lock'))).toBe(false); // released at the end
});

test('a lock left by a killed run is taken over', () => {
  const dir = tmp();
  writeFileSync(join(dir, '.lemmata.lock'), '999999999\n'); // no such process
  expect(run(['verify', ...QUICK, '--seed', '1', '--out', dir]).code).toBe(0);
});

test('a new run into a finished directory removes the old summary and reports before it starts', async () => {
  const dir = tmp();
  expect(run(['verify', ...QUICK, '--seed', '5', '--out', dir]).code).toBe(0);
  expect(existsSync(join(dir, 'summary.json'))).toBe(true);
  writeFileSync(join(dir, 'plots', 'OLD.svg'), '<svg/>'); // a plot a smaller rerun would not rewrite
  const child = spawn(process.execPath, [BIN, 'verify', 'G5.mmse', '--profile', 'quick', '--seed', '6', '--out', dir, '--no-record'], { stdio: 'ignore' });
  // Kill it once it has started (its run.json names seed 6) and written a first record.
  for (let i = 0; i < 1000; i++) {
    await new Promise((r) => setTimeout(r, 20));
    try {
      if (JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')).seed === 6 && readFileSync(join(dir, 'results.jsonl'), 'utf8').length > 0) break;
    } catch {
      // not written yet
    }
  }
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
  expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')).seed).toBe(6);
  for (const f of ['summary.json', 'REPORT.md', 'plots']) expect(existsSync(join(dir, f)), f).toBe(false);
});

test('--resume refuses a directory without run.json instead of starting over', () => {
  const dir = tmp();
  expect(run(['verify', ...QUICK, '--seed', '5', '--out', dir]).code).toBe(0);
  rmSync(join(dir, 'run.json'));
  oneLine(run(['verify', ...QUICK, '--seed', '5', '--out', dir, '--resume']), 2, /run.json is missing/);
  expect(readFileSync(join(dir, 'results.jsonl'), 'utf8').length).toBeGreaterThan(0); // nothing discarded
});

test('--resume with a corrupt run.json names the file', () => {
  const dir = tmp();
  expect(run(['verify', ...QUICK, '--seed', '5', '--out', dir]).code).toBe(0);
  writeFileSync(join(dir, 'run.json'), '{"tool": "lemmata", "seed": ');
  oneLine(run(['verify', ...QUICK, '--seed', '5', '--out', dir, '--resume']), 2, /run.json is not a valid run header/);
});

test('a torn last line is repaired before appending: the resumed file holds only whole records, and merges', () => {
  const dir = tmp();
  const args = ['verify', 'G1.quadratic', 'G3.logp', '--profile', 'quick', '--seed', '8', '--no-record'];
  expect(run([...args, '--out', dir]).code).toBe(0);
  const file = join(dir, 'results.jsonl');
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  // Drop the last record and leave half of it, as a crash mid-write would.
  writeFileSync(file, lines.slice(0, -1).join('\n') + '\n' + lines[lines.length - 1].slice(0, 20));
  const r = run([...args, '--out', dir, '--resume']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toMatch(/torn last line/);
  for (const l of readFileSync(file, 'utf8').split('\n').filter(Boolean)) expect(() => JSON.parse(l)).not.toThrow();
  const m = run(['report', '--merge', dir, '--out', tmp()]);
  expect(m.code, m.stderr).toBe(0);
});

test.each([
  ['garbage', 'this is not json'],
  ['null', 'null'],
  ['infinite worstRatio', '{"t":"prop","claim":"G1.quadratic","variant":null,"result":{"verdict":"verified","reason":"x","numRuns":100,"guarded":0,"worstRatio":1e999,"fcSeed":1,"path":null,"counterexample":null,"failure":null,"error":null}}'],
])('a %s record is reported by its line number (resume and merge), never judged', (_name, bad) => {
  const dir = tmp();
  const args = ['verify', 'G1.quadratic', 'G3.logp', '--profile', 'quick', '--seed', '9', '--no-record'];
  expect(run([...args, '--out', dir]).code).toBe(0);
  const file = join(dir, 'results.jsonl');
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  writeFileSync(file, [bad, ...lines].join('\n') + '\n');
  oneLine(run([...args, '--out', dir, '--resume']), 2, /results.jsonl: 1 invalid record\(s\) \(line 1: /);
  oneLine(run(['report', '--merge', dir, '--out', tmp()]), 2, /1 invalid record\(s\) \(line 1: /);
});

test('report --merge of an incomplete shard set fails and names the missing shard', () => {
  const s1 = tmp();
  expect(run(['verify', 'G1.quadratic', 'G3.logp', '--profile', 'quick', '--seed', '10', '--shard', '1/2', '--out', s1, '--no-record']).code).toBe(0);
  oneLine(run(['report', '--merge', s1, '--out', tmp()]), 2, /incomplete shard set: have 1\/2, missing 2\/2/);
});
