/**
 * The `lemmata` command line end to end: usage errors, sharding and merging, crash and resume.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const BIN = join(import.meta.dirname, '..', 'bin', 'lemmata.js');
const tmp = () => mkdtempSync(join(tmpdir(), 'lemmata-cli-'));

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, LEMMATA_SEED: '', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test.each([
  [['verify', 'NO.SUCH.CLAIM'], /no claim matches 'NO.SUCH.CLAIM'/],
  [['verify', '--shard', '3/2'], /--shard must be K\/N with 1 ≤ K ≤ N/],
  [['verify', '--seed', 'abc'], /--seed: seed must be an integer/],
  [['verify', '--profile', 'fast'], /unknown profile 'fast'/],
  [['verify', '--out', '/etc/passwd/sub'], /output directory \/etc\/passwd\/sub: \/etc\/passwd is not a directory/],
  [['verify', '--bogus'], /Unknown option '--bogus'/],
  [['verify', '--resume', '--out', '/tmp/lemmata-no-such-run-dir'], /nothing to resume/],
  [['replay', 'G1.quadratic'], /replay needs --seed/],
  [['frobnicate'], /unknown command 'frobnicate'/],
])('usage error %j exits 2 with one clear line', (args, message) => {
  const r = run(args as string[]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message as RegExp);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
});

test('LEMMATA_SEED is validated like --seed', () => {
  const r = run(['verify', 'G1.quadratic', '--out', tmp()], { LEMMATA_SEED: '-4' });
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/LEMMATA_SEED/);
});

test('list --json names every claim with its kind and source', () => {
  const r = run(['list', '--json']);
  expect(r.code).toBe(0);
  const { claims } = JSON.parse(r.stdout) as { seed: number; claims: Array<{ id: string; kind: string; source: string }> };
  expect(claims.map((c) => c.id)).toEqual(expect.arrayContaining(['G1.quadratic', 'G3.logp', 'G5.mmse']));
  for (const c of claims) expect(c.source.length).toBeGreaterThan(0);
});

const CLAIMS = ['G1.quadratic', 'G3.logp', 'G5.mmse'];

function outputs(dir: string): Record<string, string> {
  const files: Record<string, string> = {
    'summary.json': readFileSync(join(dir, 'summary.json'), 'utf8'),
    'REPORT.md': readFileSync(join(dir, 'REPORT.md'), 'utf8'),
  };
  for (const f of readdirSync(join(dir, 'plots'))) files[`plots/${f}`] = readFileSync(join(dir, 'plots', f), 'utf8');
  return files;
}

/** Runs the CLI as a child process without waiting (for concurrent shards). */
function runAsync(args: string[]): Promise<number | null> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore', env: { ...process.env, LEMMATA_SEED: '' } });
  return new Promise((resolve) => child.on('exit', resolve));
}

test('--shard 1/2 + --shard 2/2 run as concurrent processes + report --merge equals the single run bit for bit', async () => {
  const single = tmp();
  const s1 = tmp();
  const s2 = tmp();
  const merged = tmp();
  const common = ['--profile', 'quick', '--seed', '424242', '--no-record', '--jobs', '1'];
  expect(run(['verify', ...CLAIMS, ...common, '--out', single]).code).toBe(0);
  // The two shards at the same time, as on two machines of a CI job matrix (.github/workflows/verify.yml).
  const codes = await Promise.all([runAsync(['verify', ...CLAIMS, ...common, '--shard', '1/2', '--out', s1]), runAsync(['verify', ...CLAIMS, ...common, '--shard', '2/2', '--out', s2])]);
  expect(codes).toEqual([0, 0]);
  const m = run(['report', '--merge', s1, s2, '--out', merged]);
  expect(m.code, m.stderr).toBe(0);
  expect(outputs(merged)).toEqual(outputs(single));
  const summary = JSON.parse(readFileSync(join(single, 'summary.json'), 'utf8'));
  expect(summary.claims.map((c: { id: string }) => c.id)).toEqual(CLAIMS);
  expect(summary.claims.find((c: { id: string }) => c.id === 'G5.mmse').fittedRate).toEqual(expect.any(Number));
});

test('merging runs made with different seeds is refused', () => {
  const a = tmp();
  const b = tmp();
  run(['verify', 'G1.quadratic', '--profile', 'quick', '--seed', '1', '--out', a, '--no-record']);
  run(['verify', 'G3.logp', '--profile', 'quick', '--seed', '2', '--out', b, '--no-record']);
  const r = run(['report', '--merge', a, b, '--out', tmp()]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/cannot merge/);
});

test('a run killed midway and resumed gives the same summary as an uninterrupted run', async () => {
  const whole = tmp();
  expect(run(['verify', 'G5.mmse', '--profile', 'quick', '--seed', '99', '--out', whole, '--no-record']).code).toBe(0);
  const dir = tmp();
  const child = spawn(process.execPath, [BIN, 'verify', 'G5.mmse', '--profile', 'quick', '--seed', '99', '--out', dir, '--no-record'], { stdio: 'ignore' });
  const results = join(dir, 'results.jsonl');
  // Kill once a few hundred cells are on disk (the first ladder level has 300).
  for (let i = 0; i < 600; i++) {
    await new Promise((r) => setTimeout(r, 20));
    if (existsSync(results) && readFileSync(results, 'utf8').split('\n').length > 350) break;
  }
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
  const kept = readFileSync(results, 'utf8').split('\n').filter(Boolean).length;
  expect(kept).toBeGreaterThan(0);
  // Simulate a torn last line, as a crash mid-write would leave.
  writeFileSync(results, readFileSync(results, 'utf8') + '{"t":"sample","claim":"G5.mm');
  const r = run(['verify', 'G5.mmse', '--profile', 'quick', '--seed', '99', '--out', dir, '--resume', '--no-record']);
  expect(r.code, r.stderr).toBe(0);
  expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe(readFileSync(join(whole, 'summary.json'), 'utf8'));
});

test('resuming with another seed is refused', () => {
  const dir = tmp();
  run(['verify', 'G1.quadratic', '--profile', 'quick', '--seed', '5', '--out', dir, '--no-record']);
  const r = run(['verify', 'G1.quadratic', '--profile', 'quick', '--seed', '6', '--out', dir, '--resume']);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/cannot resume/);
});

test('replay reruns a wrong variant and shows its counterexample', () => {
  const r = run(['replay', 'G1.quadratic', '--seed', '7', '--variant', 'dropped-D-term']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/refuted/);
  expect(r.stdout).toMatch(/counterexample: params/);
});
