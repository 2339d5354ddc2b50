/**
 * Run outputs: `summary.json` (the documented `--json` schema), `REPORT.md` (verdict table, kill
 * matrix, ladders, budget), one SVG convergence plot per limit claim, and the figures.
 * Nothing here depends on wall-clock time, so equal records give equal files.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Budget } from './budget.ts';
import type { Figure } from './figure.ts';
import { kindOf } from './kinds/table.ts';
import type { Profile } from './profile.ts';
import { DEFAULT_GATE, gatePasses, type ClaimSummary, type GatePolicy } from './verdict.ts';
import { rateText } from './kinds/limit.ts';

/** The summary document (`summary.json`, and what `--json` prints). */
export interface RunSummary {
  tool: 'lemmata';
  schema: 1;
  seed: number;
  profile: Profile;
  budget: Budget;
  gate: {
    passed: boolean;
    /** Did `inconclusive` fail the gate (`--strict`)? */
    strict: boolean;
    verified: number;
    refuted: number;
    inconclusive: number;
    errors: number;
    variants: number;
    variantsKilled: number;
    survivingVariants: string[];
  };
  claims: ClaimSummary[];
}

/** Builds the summary document and its gate. */
export function buildSummary(seed: number, profile: Profile, budget: Budget, claims: ClaimSummary[], policy: GatePolicy = DEFAULT_GATE): RunSummary {
  const count = (v: string) => claims.filter((c) => c.verdict === v).length;
  const surviving = claims.flatMap((c) => c.variants.filter((v) => !v.killed).map((v) => `${c.id}/${v.name}`));
  return {
    tool: 'lemmata',
    schema: 1,
    seed,
    profile,
    budget,
    gate: {
      passed: claims.every((c) => gatePasses(c, policy)),
      strict: policy.strict,
      verified: count('verified'),
      refuted: count('refuted'),
      inconclusive: count('inconclusive'),
      errors: count('error'),
      variants: claims.reduce((s, c) => s + c.variants.length, 0),
      variantsKilled: claims.reduce((s, c) => s + c.variants.filter((v) => v.killed).length, 0),
      survivingVariants: surviving,
    },
    claims,
  };
}

const g = (x: number | null | undefined, d = 3) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toPrecision(d));
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export { rateText } from './kinds/limit.ts';

/** REPORT.md. */
export function renderReport(s: RunSummary, figures: Array<{ figure: Figure; file: string }> = []): string {
  const L: string[] = [];
  L.push('# lemmata verification report', '');
  L.push(`Root seed **${s.seed}**, profile **${s.profile}**. Replay everything: \`npx lemmata verify --seed ${s.seed} --profile ${s.profile}\`.`, '');
  L.push(
    `Gate: **${s.gate.passed ? 'PASS' : 'FAIL'}** — ${s.gate.verified} verified, ${s.gate.refuted} refuted, ${s.gate.inconclusive} inconclusive, ${s.gate.errors} errors; ` +
      `${s.gate.variantsKilled}/${s.gate.variants} wrong variants refuted.`,
    '',
  );
  L.push(
    `False-alarm budget: α_total = ${s.budget.alphaTotal} per run, split by Bonferroni over ${s.budget.tests} stochastic tests ` +
      `(2 per limit claim, 1 per expectation claim, counted over the whole registry): α_i = ${g(s.budget.alphaPerTest)} per test.`,
    '',
  );
  L.push('## Verdicts', '', '| claim | kind | verdict | estimate | fitted order [95% CI] | variants refuted | reason |', '|---|---|---|---|---|---|---|');
  for (const c of s.claims) {
    const k = c.variants.filter((v) => v.killed).length;
    L.push(`| ${c.id} | ${c.kind} | **${c.verdict}** | ${g(c.estimate)}${c.stderr !== null ? ` ± ${g(c.stderr, 2)}` : ''} | ${rateText(c)} | ${k}/${c.variants.length} | ${cell(c.reason)} |`);
  }
  L.push('', '## Kill matrix', '', 'Every wrong variant runs through its claim\'s own check; it must be **refuted**.', '', '| claim | variant | verdict | what was changed |', '|---|---|---|---|');
  for (const c of s.claims) for (const v of c.variants) L.push(`| ${c.id} | ${v.name} | ${v.killed ? 'refuted ✔' : `**${v.verdict} ✘ SURVIVED**`} | ${cell(v.why)} |`);
  L.push('', '## Claims', '');
  for (const c of s.claims) {
    L.push(`### ${c.id} — ${c.title}`, '');
    L.push(`- Source: ${c.source}`, `- Kind: ${c.kind}; verdict **${c.verdict}**: ${c.reason}`, `- Replay: \`${c.replay}\``);
    if (typeof c.details.tolerance === 'string') L.push(`- Tolerance: ${c.details.tolerance}`);
    L.push(...kindOf(c).describe(c));
    L.push('');
    L.push('| variant | verdict | reason |', '|---|---|---|');
    for (const v of c.variants) L.push(`| ${v.name} | ${v.verdict} | ${cell(v.reason)} |`);
    L.push('');
  }
  if (figures.length) {
    L.push('## Figures', '');
    for (const f of figures) L.push(`### ${f.figure.title}`, '', `![${f.figure.id}](${f.file})`, '', f.figure.caption, '');
  }
  return L.join('\n') + '\n';
}

/** Writes summary.json, REPORT.md, plots/*.svg and figures/*.svg into `dir`. */
export async function writeReport(dir: string, s: RunSummary, figures: Figure[] = []): Promise<void> {
  mkdirSync(join(dir, 'plots'), { recursive: true });
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(s, null, 2) + '\n');
  for (const c of s.claims) {
    const svg = kindOf(c).plot?.(c);
    if (svg) writeFileSync(join(dir, 'plots', `${c.id}.svg`), svg);
  }
  const drawn: Array<{ figure: Figure; file: string }> = [];
  const ids = new Set(s.claims.map((c) => c.id));
  for (const f of figures) {
    if (!f.claims.some((id) => ids.has(id))) continue;
    mkdirSync(join(dir, 'figures'), { recursive: true });
    const file = `figures/${f.id}.svg`;
    try {
      writeFileSync(join(dir, file), await f.render({ seed: s.seed, profile: s.profile }));
      drawn.push({ figure: f, file });
    } catch (e) {
      drawn.push({ figure: { ...f, caption: `${f.caption}\n\n**The figure failed to render:** ${(e as Error).message}` }, file });
    }
  }
  writeFileSync(join(dir, 'REPORT.md'), renderReport(s, drawn));
}
