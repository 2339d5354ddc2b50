/**
 * `verify --jobs N` (issue 16): cells computed in N worker processes, claims judged from the records by the parent.
 * The summary and the report are the same bits for every N; a parallel run resumes like a sequential one.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const BIN = join(import.meta.dirname, '..', 'bin', 'lemmata.js');
// A property claim, a limit claim and a Monte Carlo expectation whose variants reuse the claim's cells; G7.error brings
// a report figure (glm-probit-error-vs-alpha), which a parallel run renders in a worker.
const CLAIMS = ['G1.quadratic', 'G3.logp', 'G4', 'G5.mmse', 'G7.error'];

function verify(jobs: number, extra: string[] = []) {
  const out = mkdtempSync(join(tmpdir(), `lemmata-jobs${jobs}-`));
  const r = spawnSync(process.execPath, [BIN, 'verify', ...CLAIMS, '--profile', 'quick', '--seed', '31', '--no-record', '--jobs', String(jobs), '--out', out, ...extra], { encoding: 'utf8', env: { ...process.env, LEMMATA_SEED: '' } });
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toMatch(new RegExp(`${jobs} job\\(s\\)`));
  return {
    summary: readFileSync(join(out, 'summary.json'), 'utf8'),
    report: readFileSync(join(out, 'REPORT.md'), 'utf8'),
    figure: readFileSync(join(out, 'figures', 'glm-probit-error-vs-alpha.svg'), 'utf8'),
    out,
  };
}

test('the summary and the report are bit-identical for --jobs 1, 2 and 3', () => {
  const one = verify(1);
  const two = verify(2);
  const three = verify(3);
  expect(two.summary).toBe(one.summary);
  expect(three.summary).toBe(one.summary);
  expect(two.report).toBe(one.report);
  expect(two.figure).toBe(one.figure);
  expect(three.figure).toBe(one.figure);
  // Every record written once, by the parent: as many cells as the sequential run.
  const lines = (dir: string) => readFileSync(join(dir, 'results.jsonl'), 'utf8').split('\n').filter(Boolean).length;
  expect(lines(two.out)).toBe(lines(one.out));
}, 600_000);
