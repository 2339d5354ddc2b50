/**
 * The vitest bridge: runs registry claims at the `ci` profile inside vitest, one test per claim.
 * A test passes when its claim is verified and every wrong variant is refuted; the claim's summary
 * (verdict, fitted rate, levels, kill matrix, seed, replay command) travels in `task.meta` to the
 * reporter (`reporter.ts`), which writes the convergence report.
 *
 * Usage in a test file: `await claimTests('G*')`.
 */
import { expect, test } from 'vitest';
import { loadSpecs, selectClaims } from '../src/harness/registry.ts';
import { ResultStore } from '../src/harness/resultStore.ts';
import { runClaims } from '../src/harness/runner.ts';
import type { Profile } from '../src/harness/profile.ts';
import { gateFailures, type ClaimSummary } from '../src/harness/verdict.ts';
import { ROOT_SEED } from './setup.ts';

declare module 'vitest' {
  interface TaskMeta {
    lemmata?: { seed: number; profile: Profile; summary: ClaimSummary };
  }
}

/** The profile the test suite gates on (env LEMMATA_PROFILE overrides, e.g. `quick` for a smoke run). */
export const TEST_PROFILE: Profile = (process.env.LEMMATA_PROFILE as Profile | undefined) ?? 'ci';

/**
 * Declares one test per claim matching the selectors. `expectVerdict` lets a suite state an honest
 * finding (e.g. a claim that is known to fail) instead of hiding it; the default is `verified`.
 */
export async function claimTests(selectors: string | string[], o: { expectVerdict?: Record<string, ClaimSummary['verdict']>; exclude?: RegExp } = {}): Promise<void> {
  const expectVerdict = o.expectVerdict ?? {};
  const { claims: registry } = await loadSpecs({ context: { seed: ROOT_SEED, profile: TEST_PROFILE } });
  const selected = selectClaims(registry, Array.isArray(selectors) ? selectors : [selectors]).filter((c) => !o.exclude?.test(c.id));
  for (const claim of selected) {
    test(`${claim.id}: ${claim.title}`, async ({ task }) => {
      const res = await runClaims({ seed: ROOT_SEED, profile: TEST_PROFILE, registry, selected: [claim], store: new ResultStore(null) });
      const s = res.summaries[0];
      task.meta.lemmata = { seed: ROOT_SEED, profile: TEST_PROFILE, summary: s };
      const want = expectVerdict[claim.id];
      if (want !== undefined) {
        // An honest finding stated by the suite: the verdict is what it is; the variants must still be refuted.
        expect(s.verdict, `${claim.id}: ${s.reason}\nreplay: LEMMATA_SEED=${ROOT_SEED} ${s.replay}`).toBe(want);
        expect(gateFailures({ ...s, verdict: 'verified' }, { strict: true }), `replay: ${s.replay} --variant NAME`).toEqual([]);
      } else {
        // The gate of `lemmata verify --strict`: verified, and every wrong variant refuted.
        expect(gateFailures(s, { strict: true }), `replay: LEMMATA_SEED=${ROOT_SEED} ${s.replay}`).toEqual([]);
      }
    });
  }
}
