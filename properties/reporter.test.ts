/**
 * The vitest reporter writes the same outputs as `lemmata verify` (REPORT.md, REPORT.html, junit.xml,
 * summary.json) from the summaries that `claimTests` leaves in the tests' meta.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestModule } from 'vitest/node';
import { expect, test } from 'vitest';
import LemmataReporter from './reporter.ts';
import { buildFixtureReport } from './reportFixture.ts';

test('the reporter writes REPORT.md, REPORT.html, junit.xml and summary.json (strict gate) from the tests\' meta', async () => {
  const fx = await buildFixtureReport();
  const claims = fx.summary.claims.filter((c) => c.id.startsWith('S.'));
  // The shape of vitest's TestModule that the reporter reads: children.allTests() and each test's meta().
  const modules = [{ children: { allTests: () => claims.map((summary) => ({ meta: () => ({ lemmata: { seed: 7, profile: 'quick', summary } }) })) } }] as unknown as TestModule[];
  const outDir = mkdtempSync(join(tmpdir(), 'lemmata-reporter-'));
  const out: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write;
  try {
    await new LemmataReporter({ outDir }).onTestRunEnd(modules);
  } finally {
    process.stdout.write = write;
  }
  for (const f of ['REPORT.md', 'REPORT.html', 'junit.xml', 'summary.json']) expect(existsSync(join(outDir, f)), f).toBe(true);
  const summary = JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8'));
  expect(summary.gate.strict).toBe(true);
  expect(summary.claims.map((c: { id: string }) => c.id)).toEqual(claims.map((c) => c.id));
  // Strict: the inconclusive claim is a failure in the JUnit XML, not skipped.
  expect(readFileSync(join(outDir, 'junit.xml'), 'utf8')).toMatch(/<testcase name="S\.inconclusive"[^>]*>\n\s*<failure type="inconclusive"/);
  expect(out.join('')).toContain(`report ${outDir}/REPORT.html`);
}, 120_000);
