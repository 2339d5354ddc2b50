/**
 * Vitest reporter: collects the claim summaries that `claimTests` stored in `task.meta` and writes the
 * run's outputs, as `lemmata verify` does, to reports/vitest/ at the end of the run: summary.json,
 * REPORT.md, REPORT.html, junit.xml, plots and figures (gate: strict, as the suite requires).
 */
import { resolve } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { budgetFor } from '../src/harness/budget.ts';
import { loadSpecs } from '../src/harness/registry.ts';
import { buildSummary, writeReport } from '../src/harness/report.ts';
import type { Profile } from '../src/harness/profile.ts';
import type { ClaimSummary } from '../src/harness/verdict.ts';

/** Options of the reporter (vitest passes them from `reporters: [['./properties/reporter.ts', { outDir }]]`). */
export interface LemmataReporterOptions {
  /** Output folder (default reports/vitest). */
  outDir?: string;
}

export default class LemmataReporter implements Reporter {
  private readonly outDir: string;

  constructor(o: LemmataReporterOptions = {}) {
    this.outDir = resolve(o.outDir ?? 'reports/vitest');
  }

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
    const summary = buildSummary({ seed, profile, budget: budgetFor(claims), claims: found, policy: { strict: true } });
    const dir = this.outDir;
    await writeReport(dir, summary, { figures });
    process.stdout.write(
      `\nlemmata: ${summary.gate.verified}/${found.length} claims verified, ${summary.gate.variantsKilled}/${summary.gate.variants} wrong variants refuted; ` +
        `report ${dir}/REPORT.html (and REPORT.md, junit.xml)\n`,
    );
  }
}
