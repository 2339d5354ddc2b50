/**
 * A small report for the report tests: synthetic claims of every kind defined here (cheap, with known
 * answers: verified, refuted, inconclusive, error, a surviving wrong variant, and hostile strings in
 * titles, statements, variant texts and counterexample values), plus three cheap real claims of the
 * registry (G1.quadratic, G3.logp: identities; G4: an expectation), and two figures (the real
 * `deep-error-identity-vs-d` at the quick profile, and one that throws). Built once per test file into a
 * temporary directory with `writeReport`, exactly as `lemmata verify` writes its output folder.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { budgetFor } from '../src/harness/budget.ts';
import { defineClaim, type Claim } from '../src/harness/claim.ts';
import { defineFigure, type Figure } from '../src/harness/figure.ts';
import { loadSpecs, selectClaims } from '../src/harness/registry.ts';
import { writeReport } from '../src/harness/report.ts';
import { ResultStore } from '../src/harness/resultStore.ts';
import { runClaims } from '../src/harness/runner.ts';
import { buildSummary, type RunSummary } from '../src/harness/runSummary.ts';
import { renderChart } from '../src/harness/plot.ts';
import { throwingClaim } from './throwingClaim.ts';

/** Hostile strings: each must come out inert in Markdown, HTML, SVG and XML. */
export const HOSTILE = {
  title: '<script>alert(1)</script>',
  statement: 'x | y \u001b[2J\n# not a heading\n<img src=x onerror="window.__lemmataInjected = 1"> and `code` ending in a backslash \\',
  why: '</td></tr></table><script>window.__lemmataInjected = 2</script>',
  /** A counterexample value: a newline followed by a heading, a pipe, a backtick, markup. */
  value: 'line one\n# HEADING FROM A VALUE | pipe ` tick <b>bold</b> ]]> \u0007bell',
  figureTitle: 'figure <script>window.__lemmataInjected = 3</script> & "quotes"',
} as const;

const source = { paper: 'Synthetic 2026 (the report tests)', ref: '§1' };
const other = { paper: 'Other paper 2025', ref: 'Lemma 2' };

/** The synthetic claims (every kind, every verdict). */
export function syntheticClaims(): Claim[] {
  return [
    defineClaim({
      id: 'S.identity',
      title: 'synthetic identity: (a + b)² = a² + 2ab + b²',
      kind: 'identity',
      source,
      statement: 'For integers |a|, |b| ≤ 1000, (a + b)² = a² + 2ab + b² in float64 (exact below 2^53).',
      params: fc.record({ a: fc.integer({ min: -1000, max: 1000 }), b: fc.integer({ min: -1000, max: 1000 }) }),
      runs: 50,
      impl: { cross: 2 },
      tolerance: 'integers below 2^53 are exact; 1e-9 absolute leaves room for nothing but exact arithmetic',
      evaluate: ({ a, b }, _ctx, impl) => [{ label: 'expand', actual: (a + b) ** 2, expected: a * a + impl.cross * a * b + b * b, atol: 1e-9, rtol: 0 }],
      variants: [{ name: 'cross-1', why: HOSTILE.why, impl: { cross: 1 } }],
    }),
    defineClaim({
      id: 'S.hostile',
      title: HOSTILE.title,
      kind: 'identity',
      source: [source, other],
      statement: HOSTILE.statement,
      params: fc.record({ label: fc.constant(HOSTILE.value), x: fc.integer({ min: 1, max: 9 }) }),
      runs: 20,
      impl: { f: (x: number) => x + 1 },
      tolerance: 'deliberately refuted: f(x) = x + 1 is not x',
      evaluate: ({ x }, _ctx, impl) => [{ label: 'f(x) = x', actual: impl.f(x), expected: x, atol: 0, rtol: 0 }],
      variants: [{ name: 'identity-f', why: 'f(x) = x: the claim made true (this variant survives)', impl: { f: (x: number) => x } }],
    }),
    defineClaim({
      id: 'S.limit-rate',
      title: 'synthetic limit E_n = 1 + 1/n + noise/n, order 1',
      kind: 'limit',
      source,
      statement: 'E_n → 1 with order exactly 1 in n.',
      quantity: 'E_n',
      size: 'n',
      ladder: { n0: 16, levels: 5, replicates: 200 },
      impl: { limit: 1 },
      sample: (n, ctx) => 1 + 1 / n + (0.5 * ctx.rng.normal()) / n,
      limit: (impl) => impl.limit,
      rate: { order: 1, sense: 'exactly', delta: 0.2, derivation: 'by construction' },
      tolerance: 'δ = 0.2; with R = 200 the slope has σ ≈ 0.03',
      variants: [{ name: 'wrong-limit', why: 'limit 1.05', impl: { limit: 1.05 } }],
    }),
    defineClaim({
      id: 'S.limit-norate',
      title: 'synthetic limit without a claimed order',
      kind: 'limit',
      source: other,
      statement: 'E_n → 2 (no rate claimed).',
      quantity: 'E_n',
      size: 'd',
      ladder: { n0: 8, levels: 6, replicates: 100 },
      impl: { limit: 2 },
      sample: (n, ctx) => 2 + 0.5 / n + (0.2 * ctx.rng.normal()) / Math.sqrt(n),
      limit: (impl) => impl.limit,
      minEffect: 0.05,
      tolerance: 'minEffect 0.05; the finest level resolves ±0.02',
      variants: [{ name: 'wrong-limit', why: 'limit 2.5', impl: { limit: 2.5 } }],
    }),
    defineClaim({
      id: 'S.expect',
      title: 'synthetic expectation E X = 0.1551',
      kind: 'expectation',
      source,
      statement: 'E X = 0.1551 for X ~ N(0.1551, 0.02²).',
      quantity: 'X',
      replicates: 400,
      impl: { mu: 0.1551 },
      sample: (ctx) => 0.1551 + 0.02 * ctx.rng.normal(),
      expected: (impl) => impl.mu,
      minEffect: 0.01,
      tolerance: 'se = 0.001 at R = 400; detects 0.005',
      variants: [{ name: 'shifted', why: 'expected 0.17', impl: { mu: 0.17 } }],
    }),
    defineClaim({
      id: 'S.expect-atleast',
      title: 'synthetic one-sided expectation E X ≥ 0',
      kind: 'expectation',
      source: other,
      statement: 'E X ≥ 0 for X ~ N(0.5, 1).',
      quantity: 'X',
      replicates: 300,
      impl: { bound: 0 },
      sample: (ctx) => 0.5 + ctx.rng.normal(),
      expected: (impl) => impl.bound,
      relation: 'atLeast',
      minEffect: 0.5,
      tolerance: 'one-sided t test; se ≈ 0.06',
      variants: [{ name: 'bound-1', why: 'bound 1 (above the mean)', impl: { bound: 1 } }],
    }),
    defineClaim({
      id: 'S.extrap',
      title: 'synthetic extrapolation E_∞ = 0.5 with a 1/n correction',
      kind: 'extrapolation',
      source,
      statement: 'E_n = 0.5 + 0.3/n + O(noise); E_∞ = 0.5.',
      quantity: 'E_n',
      size: 'n',
      sizes: [8, 16, 32, 64],
      replicates: 200,
      correction: { orders: [1], derivation: 'by construction' },
      impl: { e: 0.5 },
      sample: (n, ctx) => 0.5 + 0.3 / n + 0.05 * ctx.rng.normal(),
      expected: (impl) => impl.e,
      minEffect: 0.05,
      tolerance: 'se of E_∞ ≈ 0.006',
      variants: [{ name: 'shifted', why: 'E_∞ = 0.6', impl: { e: 0.6 } }],
    }),
    defineClaim({
      id: 'S.optim',
      title: 'synthetic optimisation: x² ≥ 0 at certified points',
      kind: 'optimisation',
      source,
      statement: 'min x² = 0, attained at 0.',
      params: fc.double({ min: -10, max: 10, noNaN: true }),
      runs: 30,
      impl: { shift: 0 },
      tolerance: 'exact inequality',
      evaluate: (x, _ctx, impl) => [{ label: 'x² ≥ 0', value: x * x + impl.shift, op: '>=', bound: 0 }],
      variants: [{ name: 'shift', why: 'x² − 1', impl: { shift: -1 } }],
    }),
    defineClaim({
      id: 'S.empirical',
      title: 'synthetic empirical: a decreasing sequence',
      kind: 'empirical',
      source: other,
      statement: 'The sequence 1/k decreases.',
      params: fc.integer({ min: 1, max: 100 }),
      runs: 20,
      impl: { p: 1 },
      tolerance: 'stated inequality',
      evaluate: (k, _ctx, impl) => [{ label: '1/(k+1) < 1/k', value: 1 / (k + 1) ** impl.p, op: '<', bound: 1 / k ** impl.p }],
      variants: [{ name: 'increasing', why: 'exponent −1', impl: { p: -1 } }],
    }),
    defineClaim({
      id: 'S.inconclusive',
      title: 'an underpowered expectation',
      kind: 'expectation',
      source,
      statement: 'E X = 0 for X ~ N(0, 1), asked to resolve 0.001 with 10 replicates.',
      quantity: 'X',
      replicates: 10,
      impl: { mu: 0 },
      sample: (ctx) => ctx.rng.normal(),
      expected: (impl) => impl.mu,
      minEffect: 0.001,
      tolerance: 'underpowered on purpose',
      variants: [{ name: 'far', why: 'expected 100', impl: { mu: 100 } }],
    }),
    throwingClaim({ id: 'S.error', message: 'boom <b>not bold</b>', source }),
  ];
}

/** The real, cheap claims the report tests also run. */
export const REAL_CLAIMS = ['G1.quadratic', 'G3.logp', 'G4'];

/** A figure that throws (its failure is reported, not fatal) and a hostile-titled one. */
function syntheticFigures(): Figure[] {
  return [
    defineFigure({
      id: 'synthetic-hostile',
      title: HOSTILE.figureTitle,
      caption: `caption with ${HOSTILE.value}`,
      claims: ['S.extrap'],
      render: () => renderChart([{ label: HOSTILE.title, points: [{ x: 1, y: 1, err: 0.1 }, { x: 2, y: 3, err: 0.2 }] }], { title: HOSTILE.figureTitle, xLabel: 'x <x>', yLabel: 'y & "y"' }),
    }),
    defineFigure({
      id: 'synthetic-throws',
      title: 'a figure whose render throws',
      caption: 'its failure is reported',
      claims: ['S.extrap'],
      render: () => {
        throw new Error('figure failure <i>escaped</i>');
      },
    }),
  ];
}

/** The fixture report: summary and output folder. */
export interface FixtureReport {
  dir: string;
  summary: RunSummary;
  claims: Claim[];
  junitFile: string;
}

/** Runs the fixture claims at the quick profile and writes the report into a fresh temporary folder. */
export async function buildFixtureReport(o: { seed?: number; strict?: boolean } = {}): Promise<FixtureReport> {
  const seed = o.seed ?? 7;
  const profile = 'quick' as const;
  const { claims: registry, figures: realFigures } = await loadSpecs({ context: { seed, profile } });
  const real = selectClaims(registry, REAL_CLAIMS);
  const claims = [...syntheticClaims(), ...real];
  const res = await runClaims({ seed, profile, registry: claims, selected: claims, store: new ResultStore(null), budget: budgetFor(claims) });
  const summary = buildSummary({ seed, profile, budget: res.budget, claims: res.summaries, policy: { strict: !!o.strict } });
  const deep = realFigures.find((f) => f.id === 'deep-error-identity-vs-d');
  if (!deep) throw new Error('the figure deep-error-identity-vs-d is not in the registry');
  const figures: Figure[] = [{ ...deep, claims: ['S.extrap'] }, ...syntheticFigures()];
  const dir = mkdtempSync(join(tmpdir(), 'lemmata-report-'));
  const junitFile = join(dir, 'extra-junit.xml');
  await writeReport(dir, summary, { figures, junitFile });
  return { dir, summary, claims, junitFile };
}
