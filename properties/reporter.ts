/**
 * Vitest reporter: collects the claim summaries that `claimTests` stored in `task.meta` and writes
 * the convergence report (summary.json, REPORT.md, plots) to reports/vitest/ at the end of the run.
 */
import { resolve } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { budgetFor } from '../src/harness/budget.ts';
import { loadSpecs } from '../src/harness/registry.ts';
import { buildSummary, writeReport } from '../src/harness/report.ts';
import type { Profile } from '../src/harness/profile.ts';
import type { ClaimSummary } from '../src/harness/verdict.ts';

export default class LemmataReporter implements Reporter {
  async onTestRunEnd(modules: ReadonlyArray<TestModule>): Promise<void> {
    const found: ClaimSummary[] = [];
    let seed = 0;
    let profile: Profile = 'ci';
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const meta = t.meta().lemmata;
        if (!meta) continue;
        found.push(meta.summary);
        seed = meta.seed;
        profile = meta.profile;
      }
    }
    if (found.length === 0) return;
    found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const { claims, figures } = await loadSpecs({ context: { seed, profile } });
    const summary = buildSummary(seed, profile, budgetFor(claims), found, { strict: true });
    const dir = resolve('reports/vitest');
    await writeReport(dir, summary, figures);
    process.stdout.write(`\nlemmata: ${summary.gate.verified}/${found.length} claims verified, ${summary.gate.variantsKilled}/${summary.gate.variants} wrong variants refuted; report ${dir}/REPORT.md\n`);
  }
}
