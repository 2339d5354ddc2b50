/**
 * The report outputs from the command line: `verify` writes REPORT.html and junit.xml beside REPORT.md,
 * `--junit FILE` writes the same XML to FILE, `--explain ID` prints the claim's full text after the
 * one-line-per-claim table, and `lemmata show ID` prints it from the run directory (or the definition of
 * a claim the run does not include); bad arguments are usage errors (exit 2, one line).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';

const BIN = join(import.meta.dirname, '..', 'bin', 'lemmata.js');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, LEMMATA_SEED: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
let verify: ReturnType<typeof run>;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lemmata-report-cli-'));
  verify = run(['verify', 'G1.quadratic', '--profile', 'quick', '--seed', '7', '--out', join(dir, 'run'), '--no-record', '--junit', join(dir, 'j.xml'), '--explain', 'G1.quadratic']);
}, 120_000);

test('verify: one line per claim with claimed and observed, then the --explain text; REPORT.html and junit.xml written, --junit FILE too', () => {
  expect(verify.code, verify.stderr).toBe(0);
  const lines = verify.stdout.split('\n');
  expect(lines[0]).toMatch(/^claim\s+kind\s+verdict\s+claimed\s+observed ± se\s+gap/);
  expect(lines[2]).toMatch(/^G1\.quadratic\s+identity\s+verified\s+\|Δ\|\/tol ≤ 1 on every run\s+worst \|Δ\|\/tol = \d/);
  expect(lines[3]).toBe('');
  const explain = verify.stdout.slice(verify.stdout.indexOf('\nG1.quadratic — '));
  for (const section of ['Statement', 'Source', 'Claimed vs observed', 'Verdict', 'Wrong variants (3/3 refuted)', 'Replay', 'Tolerance derivation']) expect(explain).toContain(`\n${section}`);
  expect(explain).toContain('npx lemmata replay G1.quadratic --seed 7 --profile quick --variant dropped-D-term');
  for (const f of ['REPORT.md', 'REPORT.html', 'junit.xml', 'summary.json']) expect(existsSync(join(dir, 'run', f)), f).toBe(true);
  expect(readFileSync(join(dir, 'j.xml'), 'utf8')).toBe(readFileSync(join(dir, 'run', 'junit.xml'), 'utf8'));
});

test('show ID prints the claim from the run; a claim the run does not include is shown from its definition', () => {
  const s = run(['show', 'G1.quadratic', '--run', join(dir, 'run')]);
  expect(s.code, s.stderr).toBe(0);
  expect(s.stdout).toMatch(/^G1\.quadratic — /);
  expect(s.stdout).toContain('\nClaimed vs observed\n  claimed   |Δ|/tol ≤ 1 on every run\n  observed  worst |Δ|/tol = ');
  expect(s.stdout).toContain('kind identity · verdict VERIFIED · seed 7, profile quick');
  const json = run(['show', 'G1.quadratic', '--run', join(dir, 'run'), '--json']);
  expect(JSON.parse(json.stdout)).toMatchObject({ id: 'G1.quadratic', numbers: { observed: { label: 'worst |Δ|/tol' } } });
  const other = run(['show', 'G5.mmse', '--run', join(dir, 'run')]);
  expect(other.code, other.stderr).toBe(0);
  expect(other.stdout).toContain('kind limit · not run (the run in');
  expect(other.stdout).toContain('npx lemmata verify G5.mmse --explain G5.mmse');
});

test.each([
  [['show', 'NO.SUCH', '--run', '/tmp/lemmata-no-such-run'], /unknown claim 'NO.SUCH'/],
  [['show'], /show takes exactly one claim id, got 0/],
  [['verify', 'G1.quadratic', '--junit', '/tmp/lemmata-no-such-dir/x.xml'], /--junit \/tmp\/lemmata-no-such-dir\/x\.xml: the directory \/tmp\/lemmata-no-such-dir does not exist/],
  [['verify', 'G1.quadratic', '--junit', ''], /--junit: an empty path is not a file/],
  [['verify', 'G1.quadratic', '--explain', 'G3.logp'], /--explain G3\.logp: not among the selected claims \(G1\.quadratic\)/],
])('usage error %j exits 2 with one line', (args, message) => {
  const r = run(args as string[]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(message as RegExp);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
});

test('show refuses a summary of another schema with a sentence naming the file', () => {
  const old = mkdtempSync(join(tmpdir(), 'lemmata-report-cli-old-'));
  writeFileSync(join(old, 'summary.json'), JSON.stringify({ tool: 'lemmata', schema: 1, claims: [] }));
  const r = run(['show', 'G1.quadratic', '--run', old]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/summary\.json: written with summary schema 1, this lemmata reads 2: rerun 'lemmata verify'/);
});
