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

/** The shape of vitest's TestModule that the reporter reads: state(), moduleId, children.allTests(), and each test's meta(), result() and fullName. */
function fakeModules(tests: Array<{ meta?: object; failed?: boolean; name?: string }>, moduleId = join(process.cwd(), 'properties/x.test.ts')): TestModule[] {
  const all = tests.map((t, i) => ({ meta: () => t.meta ?? {}, result: () => ({ state: t.failed ? 'failed' : 'passed' }), fullName: t.name ?? `test ${i}` }));
  return [{ moduleId, state: () => (all.some((t) => t.result().state === 'failed') ? 'failed' : 'passed'), children: { allTests: () => all } }] as unknown as TestModule[];
}

/** Runs the reporter's end-of-run hook and returns what it printed. */
async function capture(run: () => Promise<void>): Promise<string> {
  const out: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write;
  try {
    await run();
  } finally {
    process.stdout.write = write;
  }
  return out.join('');
}

test('the reporter writes REPORT.md, REPORT.html, junit.xml and summary.json (strict gate) from the tests\' meta', async () => {
  const fx = await buildFixtureReport();
  const claims = fx.summary.claims.filter((c) => c.id.startsWith('S.'));
  const modules = fakeModules(claims.map((summary) => ({ meta: { lemmata: { seed: 7, profile: 'quick', summary } } })));
  const outDir = mkdtempSync(join(tmpdir(), 'lemmata-reporter-'));
  const out = await capture(() => new LemmataReporter({ outDir }).onTestRunEnd(modules));
  for (const f of ['REPORT.md', 'REPORT.html', 'junit.xml', 'summary.json']) expect(existsSync(join(outDir, f)), f).toBe(true);
  const summary = JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8'));
  expect(summary.gate.strict).toBe(true);
  expect(summary.claims.map((c: { id: string }) => c.id)).toEqual(claims.map((c) => c.id));
  // Strict: the inconclusive claim is a failure in the JUnit XML, not skipped.
  expect(readFileSync(join(outDir, 'junit.xml'), 'utf8')).toMatch(/<testcase name="S\.inconclusive"[^>]*>\n\s*<failure type="inconclusive"/);
  expect(out).toContain(`report ${outDir}/REPORT.html`);
  expect(out).not.toMatch(/failed with root seed/);
}, 120_000);

test('a failing run ends with its root seed, the failed tests and the replay command', async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'lemmata-reporter-'));
  const modules = fakeModules([{ name: 'ok' }, { name: 'broken property', failed: true }]);
  const seed = process.env.LEMMATA_SEED;
  const out = await capture(() => new LemmataReporter({ outDir }).onTestRunEnd(modules, [], 'failed'));
  const tail = out.trim().split('\n');
  expect(tail.at(-3)).toBe(`lemmata: 1 test(s) failed with root seed ${seed}:`);
  expect(tail.at(-2)).toBe('  properties/x.test.ts > broken property');
  expect(tail.at(-1)).toBe(`replay: LEMMATA_SEED=${seed} npx vitest run properties/x.test.ts`);
});
