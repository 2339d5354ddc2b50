/**
 * Calibration of the stochastic claims: the measured false-alarm rate of the suite.
 *
 * The correct implementation of each stochastic claim (kinds with `stochasticTests` > 0: limit, expectation,
 * extrapolation; never a wrong variant) is judged at K root seeds s_k = deriveSeed32(base, 'calibrate', k), at the
 * per-test level α_i of the suite's budget (budget.ts). A true claim should then be
 *
 * 1. **refuted rarely**: at most at its budget share a_c = (its number of tests)·α_i. With k refutations in K runs
 *    the report gives k/K with its two-sided 95% Clopper–Pearson interval and the exact binomial tail
 *    P(X ≥ k | K, a_c); the claim is flagged when that tail is below the calibration level γ. Since α_i ≈ 1e-5 and
 *    K ≈ 200, a single refutation is already significant (P ≈ K·a_c ≈ 4e-3 for a limit claim);
 * 2. **uniform in its p-values**: the judges report the p-value of their decisive statistic (`details.pValue`;
 *    `judgeExpectation.ts`, `judgeExtrapolation.ts`, `judgeLimit.ts`). Rejections at α_i are too rare to see at
 *    K = 200, but a miscalibrated test shows at every level: the report gives the fractions of p-values below 0.05
 *    and 0.01 with Clopper–Pearson intervals, the two-sided Kolmogorov–Smirnov test against U(0, 1) (`stats.ts`),
 *    and the one-sided Smirnov test for an excess of small p-values (`smirnovPlus.ts`, exact). The claim is flagged
 *    as **anti-conservative** when the one-sided test rejects at γ. A test with a margin (the rate tests of limit
 *    claims: |p̂ − p| ≤ δ; one-sided claims away from their boundary; a ladder that ends at the noise floor) is
 *    conservative by design: its p-values pile up near 1 and the two-sided test rejects; that is reported as
 *    `conservative`, not as a finding.
 *
 * γ (default {@link CALIBRATION_LEVEL} = 1e-3) applies to each of the two checks of each claim, so over m claims a
 * spurious finding has probability ≤ 2mγ (Bonferroni).
 *
 * @module
 */
import { cpus, loadavg } from 'node:os';
import { betaInc } from '../core/beta.ts';
import { clopperPearson } from '../core/clopperPearson.ts';
import { InputError } from '../core/lemmataError.ts';
import { deriveSeed32 } from '../core/random.ts';
import { smirnovPlus, smirnovPlusPValue } from '../core/smirnovPlus.ts';
import { ksPValue, ksStatistic } from '../core/stats.ts';
import type { Budget } from './budget.ts';
import { errorText } from './cells.ts';
import type { CalibrationRecord } from './calibrationStore.ts';
import type { CellProgress, KindRun } from './kinds/kind.ts';
import { kindOf, type Claim } from './kinds/table.ts';
import type { Profile } from './profile.ts';
import { ResultStore } from './resultStore.ts';
import type { Verdict } from './verdict.ts';
import { calibrateInParallel, type CalibrationTask } from './calibrateParallel.ts';
import type { RegistrySource } from './registrySource.ts';

/** Default level γ of each calibration check (rejection rate, excess of small p-values) per claim. */
export const CALIBRATION_LEVEL = 1e-3;

/** Fewer p-values than this are not tested for uniformity (the KS tests have no power). */
export const MIN_P_VALUES = 20;

/** The root seed of the k-th calibration run: the first 32 bits of SHA-256(base, 'calibrate', k). */
export function calibrationSeed(base: number, k: number): number {
  return deriveSeed32(base, 'calibrate', k);
}

/** Does the claim spend any of the false-alarm budget (a limit, expectation or extrapolation claim)? */
export function isStochastic(c: Claim): boolean {
  return kindOf(c).stochasticTests(c) > 0;
}

/** Judges the correct implementation of `c` at root seed `seed` (in memory; nothing is recorded). */
export function calibrateOnce(c: Claim, o: { k: number; seed: number; profile: Profile; alphaPerTest: number; progress?: (e: CellProgress) => void }): CalibrationRecord {
  const run: KindRun = {
    seed: o.seed,
    profile: o.profile,
    store: new ResultStore(null),
    alphaPerTest: o.alphaPerTest,
    judgeOnly: false,
    record: false,
    progress: (e) => o.progress?.(e),
  };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let verdict: Verdict;
  let reason: string;
  let details: Record<string, unknown> = {};
  try {
    const j = kindOf(c).judge(c, null, run);
    verdict = j.verdict;
    reason = j.reason;
    details = (j.fields?.details ?? {}) as Record<string, unknown>;
  } catch (e) {
    verdict = 'error';
    reason = `harness failure: ${errorText(e)}`;
  }
  const p = (x: unknown) => (typeof x === 'number' && x >= 0 && x <= 1 ? x : null);
  const rec: CalibrationRecord = { t: 'calib', claim: c.id, k: o.k, seed: o.seed, verdict, pValue: p(details.pValue), ms: Math.round(performance.now() - t0) };
  const cpu = process.cpuUsage(cpu0);
  rec.cpuMs = Math.round((cpu.user + cpu.system) / 1000);
  if ('pointPValue' in details) rec.pointPValue = p(details.pointPValue);
  if (verdict !== 'verified') rec.reason = reason;
  return rec;
}

/** A proportion with its 95% Clopper–Pearson interval. */
export interface Proportion {
  k: number;
  n: number;
  rate: number;
  ci95: [number, number];
}

function proportion(k: number, n: number): Proportion {
  return { k, n, rate: n ? k / n : NaN, ci95: n ? clopperPearson({ k, n }) : [0, 1] };
}

/** Exact binomial upper tail P(X ≥ k), X ~ Binomial(n, p): I_p(k, n − k + 1). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  return betaInc(k, n - k + 1, p);
}

/** How a set of p-values compares with U(0, 1). */
export type PValueShape = 'uniform' | 'conservative' | 'anti-conservative' | 'too few';

/** The distribution of a claim's p-values. */
export interface PValueSummary {
  n: number;
  below05: Proportion;
  below01: Proportion;
  /** Two-sided Kolmogorov–Smirnov statistic and p-value against U(0, 1). */
  ks: { d: number; p: number } | null;
  /** One-sided Smirnov D⁺ = sup(F_n(x) − x) and its exact p-value (excess of small p-values). */
  smirnov: { d: number; p: number } | null;
  shape: PValueShape;
}

/** Summarises p-values against U(0, 1) at calibration level `level`. */
export function summarisePValues(ps: readonly number[], level = CALIBRATION_LEVEL): PValueSummary {
  const n = ps.length;
  const below05 = proportion(ps.filter((p) => p < 0.05).length, n);
  const below01 = proportion(ps.filter((p) => p < 0.01).length, n);
  if (n < MIN_P_VALUES) return { n, below05, below01, ks: null, smirnov: null, shape: 'too few' };
  const d = ksStatistic(ps, (x) => Math.min(1, Math.max(0, x)));
  const ks = { d, p: ksPValue(d, n) };
  const dp = smirnovPlus(ps);
  const smirnov = { d: dp, p: smirnovPlusPValue(dp, n) };
  const shape: PValueShape = smirnov.p < level ? 'anti-conservative' : ks.p < level ? 'conservative' : 'uniform';
  return { n, below05, below01, ks, smirnov, shape };
}

/** The calibration of one claim. */
export interface ClaimCalibration {
  id: string;
  kind: string;
  /** Stochastic tests of the claim in the budget. */
  tests: number;
  alphaPerTest: number;
  /** The claim's budget share a_c = tests·α_i: the largest refutation rate a true claim may show. */
  budgetShare: number;
  runs: number;
  verdicts: Record<Verdict, number>;
  /** Refutations of the correct claim: k/K with its 95% Clopper–Pearson interval. */
  refuted: Proportion;
  /** P(X ≥ k) for X ~ Binomial(K, a_c): small when the claim is refuted more often than its budget allows. */
  excessP: number;
  /** The decisive test's p-values (runs where a test was made). */
  pValues: PValueSummary;
  /** Limit claims with a claimed order: the margin-free p-values of the same statistic (a check of the fit's σ). */
  pointPValues: PValueSummary | null;
  /** Mean wall time of one run of the claim (ms). */
  msPerRun: number;
  /** What is wrong, one sentence each (empty when the claim is calibrated). */
  findings: string[];
  /** Observations that are not findings (conservative tests, σ checks). */
  notes: string[];
  /** Up to 5 refuted or error runs, with their seeds (to replay with `lemmata replay ID --seed S`). */
  examples: Array<{ k: number; seed: number; verdict: Verdict; reason: string }>;
}

const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toPrecision(d) : String(x));

/** Summarises the records of one claim. */
export function summariseClaim(c: Claim, records: readonly CalibrationRecord[], budget: Budget, level = CALIBRATION_LEVEL): ClaimCalibration {
  const tests = kindOf(c).stochasticTests(c);
  const share = tests * budget.alphaPerTest;
  const K = records.length;
  const verdicts: Record<Verdict, number> = { verified: 0, refuted: 0, inconclusive: 0, error: 0 };
  for (const r of records) verdicts[r.verdict]++;
  const refuted = proportion(verdicts.refuted, K);
  const excessP = binomialUpperTail(verdicts.refuted, K, share);
  const pValues = summarisePValues(records.map((r) => r.pValue).filter((p): p is number => p !== null), level);
  const hasPoint = records.some((r) => r.pointPValue !== undefined);
  const pointPValues = hasPoint ? summarisePValues(records.map((r) => r.pointPValue).filter((p): p is number => typeof p === 'number'), level) : null;
  const findings: string[] = [];
  const notes: string[] = [];
  if (K > 0 && excessP < level) {
    findings.push(`refuted in ${verdicts.refuted} of ${K} runs (rate ${fmt(refuted.rate)}, 95% CI [${fmt(refuted.ci95[0])}, ${fmt(refuted.ci95[1])}]) against a budget share of ${fmt(share)}: P(≥ ${verdicts.refuted} | budget) = ${fmt(excessP)} < ${level}`);
  }
  if (pValues.shape === 'anti-conservative') {
    findings.push(`anti-conservative p-values: ${fmt(100 * pValues.below05.rate, 3)}% below 0.05, ${fmt(100 * pValues.below01.rate, 3)}% below 0.01 (one-sided Smirnov p = ${fmt(pValues.smirnov!.p)} < ${level})`);
  }
  if (verdicts.error > 0) findings.push(`error in ${verdicts.error} of ${K} runs`);
  if (pValues.shape === 'conservative') notes.push(`conservative p-values (KS p = ${fmt(pValues.ks!.p)}; ${fmt(100 * pValues.below05.rate, 3)}% below 0.05): the test spends less than its budget`);
  if (pValues.n < K) notes.push(`no test made in ${K - pValues.n} of ${K} runs (p-value null: e.g. too few levels above the noise floor to fit an order)`);
  if (pointPValues && pointPValues.n > 0) {
    const ks = pointPValues.ks ? `KS p = ${fmt(pointPValues.ks.p)}, one-sided Smirnov p = ${fmt(pointPValues.smirnov!.p)}` : 'too few for KS';
    notes.push(`margin-free rate statistic |p̂ − p|/σ (a check of the fit's σ): ${pointPValues.below05.k}/${pointPValues.n} below 0.05, ${pointPValues.below01.k}/${pointPValues.n} below 0.01 (${ks}): ${pointPValues.shape}`);
  }
  if (pointPValues?.shape === 'anti-conservative') notes.push(`the margin-free rate statistic is anti-conservative (one-sided Smirnov p = ${fmt(pointPValues.smirnov!.p)}): the fitted order's σ is too small or the ladder's order is not exactly the claimed one; the margin δ absorbs it`);
  if (verdicts.inconclusive > 0) notes.push(`inconclusive in ${verdicts.inconclusive} of ${K} runs`);
  const examples = records
    .filter((r) => r.verdict === 'refuted' || r.verdict === 'error')
    .slice(0, 5)
    .map((r) => ({ k: r.k, seed: r.seed, verdict: r.verdict, reason: r.reason ?? '' }));
  const msPerRun = K ? records.reduce((s, r) => s + r.ms, 0) / K : NaN;
  return { id: c.id, kind: c.kind, tests, alphaPerTest: budget.alphaPerTest, budgetShare: share, runs: K, verdicts, refuted, excessP, pValues, pointPValues, msPerRun, findings, notes, examples };
}

/** Where a calibration ran (load average before and after: other work on the machine slows it, never biases it). */
export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  node: string;
  backend: string;
  loadavgStart: number[];
  loadavgEnd: number[];
}

/** Current machine facts (the load average is filled by the caller at the start and at the end). */
export function machineInfo(backend: string): MachineInfo {
  const c = cpus();
  return { cpus: c.length, cpuModel: c[0]?.model ?? 'unknown', node: process.version, backend, loadavgStart: loadavg(), loadavgEnd: loadavg() };
}

/** The calibration report (`calibration.json`). */
export interface CalibrationReport {
  tool: 'lemmata';
  schema: 1;
  command: string;
  date: string;
  baseSeed: number;
  seeds: number;
  profile: Profile;
  budget: Budget;
  level: number;
  machine: MachineInfo;
  /** Wall time (s) and CPU time (s: this process's own plus the runs' `cpuMs`, wherever they ran); a resumed run counts only its own part. */
  elapsedSeconds: number;
  cpuSeconds: number;
  claims: ClaimCalibration[];
  /** `ID: finding`, one per finding of any claim. */
  findings: string[];
  /** The suite's measured refutation rate of correct claims: all refutations over all runs, with its interval. */
  suite: { runs: number; refuted: Proportion; budgetShare: number };
}

/** Options of {@link runCalibration}. */
export interface CalibrationOptions {
  claims: readonly Claim[];
  budget: Budget;
  profile: Profile;
  baseSeed: number;
  seeds: number;
  /** Finished records (a resumed run) and where new ones go; default in memory. */
  store?: { get(claim: string, k: number): CalibrationRecord | undefined; add(r: CalibrationRecord): void };
  /** Called after each finished (claim, seed); `resumed` when it was loaded, not computed. */
  onRecord?(r: CalibrationRecord, info: { done: number; total: number; resumed: boolean; inWorker: boolean; elapsedMs: number; etaMs: number | null }): void;
  /** Progress inside one run (cells of the claim; sequential runs only). */
  onCell?(claim: string, k: number, e: CellProgress): void;
  /** Worker processes (`calibrate --jobs N`; default 1: in this process). Needs `source`. */
  jobs?: number;
  /** Where the claims come from, for the workers to rebuild the registry. */
  source?: RegistrySource;
}

/** Runs (or loads) every (claim, seed) of a calibration, seed by seed, and returns the records by claim. */
export async function runCalibration(o: CalibrationOptions): Promise<Map<string, CalibrationRecord[]>> {
  if (!(Number.isInteger(o.seeds) && o.seeds >= 1)) throw new InputError(`calibration needs a positive integer number of seeds, got ${o.seeds}`);
  for (const c of o.claims) if (!isStochastic(c)) throw new InputError(`${c.id} is a ${c.kind} claim: it spends no false-alarm budget, so there is nothing to calibrate`);
  const mem = new Map<string, CalibrationRecord>();
  const store = o.store ?? { get: (c: string, k: number) => mem.get(`${c}#${k}`), add: (r: CalibrationRecord) => void mem.set(`${r.claim}#${r.k}`, r) };
  const out = new Map<string, CalibrationRecord[]>(o.claims.map((c) => [c.id, []]));
  const total = o.claims.length * o.seeds;
  let done = 0;
  let computed = 0;
  let computedMs = 0;
  const t0 = performance.now();
  let inWorker = false;
  const report = (r: CalibrationRecord, resumed: boolean) => {
    done++;
    if (!resumed) {
      computed++;
      computedMs += r.ms;
    }
    const left = total - done;
    o.onRecord?.(r, { done, total, resumed, inWorker: inWorker && !resumed, elapsedMs: performance.now() - t0, etaMs: computed ? (computedMs / computed) * left / Math.max(1, o.jobs ?? 1) : null });
  };
  // Loaded records first (checked against their seeds), then the runs still to do.
  const found = new Map<string, CalibrationRecord>();
  const todo: CalibrationTask[] = [];
  for (let k = 0; k < o.seeds; k++) {
    const seed = calibrationSeed(o.baseSeed, k);
    for (const c of o.claims) {
      const r = store.get(c.id, k);
      if (r && r.seed !== seed) throw new InputError(`record ${c.id}#${k} has seed ${r.seed}, not ${seed}: the records do not belong to base seed ${o.baseSeed}`);
      if (r) {
        found.set(`${c.id}#${k}`, r);
        report(r, true);
      } else todo.push({ id: c.id, k, seed });
    }
  }
  const finish = (r: CalibrationRecord) => {
    store.add(r);
    found.set(`${r.claim}#${r.k}`, r);
    report(r, false);
  };
  if ((o.jobs ?? 1) > 1 && o.source && todo.length > 1) {
    inWorker = true;
    await calibrateInParallel({ jobs: o.jobs!, source: o.source, baseSeed: o.baseSeed, profile: o.profile, budget: o.budget, tasks: todo, onRecord: finish });
  } else {
    const byId = new Map(o.claims.map((c) => [c.id, c]));
    for (const t of todo) {
      finish(calibrateOnce(byId.get(t.id)!, { k: t.k, seed: t.seed, profile: o.profile, alphaPerTest: o.budget.alphaPerTest, progress: o.onCell ? (e) => o.onCell!(t.id, t.k, e) : undefined }));
      // Let signals and output through between runs.
      await new Promise((res) => setImmediate(res));
    }
  }
  // The records by claim in seed order, whatever order they finished in.
  for (let k = 0; k < o.seeds; k++) for (const c of o.claims) out.get(c.id)!.push(found.get(`${c.id}#${k}`)!);
  return out;
}

/** The report of finished records. */
export function calibrationReport(o: {
  claims: readonly Claim[];
  records: Map<string, CalibrationRecord[]>;
  budget: Budget;
  profile: Profile;
  baseSeed: number;
  seeds: number;
  command: string;
  machine: MachineInfo;
  elapsedSeconds: number;
  cpuSeconds: number;
  level?: number;
  date?: Date;
}): CalibrationReport {
  const level = o.level ?? CALIBRATION_LEVEL;
  const claims = o.claims.map((c) => summariseClaim(c, o.records.get(c.id) ?? [], o.budget, level));
  const runs = claims.reduce((s, c) => s + c.runs, 0);
  const refutedRuns = claims.reduce((s, c) => s + c.verdicts.refuted, 0);
  const share = runs ? claims.reduce((s, c) => s + c.budgetShare * c.runs, 0) / runs : 0;
  return {
    tool: 'lemmata',
    schema: 1,
    command: o.command,
    date: (o.date ?? new Date()).toISOString(),
    baseSeed: o.baseSeed,
    seeds: o.seeds,
    profile: o.profile,
    budget: o.budget,
    level,
    machine: o.machine,
    elapsedSeconds: o.elapsedSeconds,
    cpuSeconds: o.cpuSeconds,
    claims,
    findings: claims.flatMap((c) => c.findings.map((f) => `${c.id}: ${f}`)),
    suite: { runs, refuted: proportion(refutedRuns, Math.max(1, runs)), budgetShare: share },
  };
}

const pct = (p: Proportion) => (p.n ? `${fmt(100 * p.rate, 2)}% [${fmt(100 * p.ci95[0], 2)}, ${fmt(100 * p.ci95[1], 2)}]` : '—');
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');

/** CALIBRATION.md: the table, the findings, and how to read them. */
export function calibrationMarkdown(r: CalibrationReport): string {
  const L: string[] = [];
  L.push(`# Calibration of the stochastic claims`, '');
  L.push(`- Command: \`${cell(r.command)}\``);
  L.push(`- Date: ${r.date}; base seed ${r.baseSeed} (seed k = first 32 bits of SHA-256(base, 'calibrate', k)); ${r.seeds} seeds; profile ${r.profile}.`);
  L.push(`- Machine: ${r.machine.cpus} × ${cell(r.machine.cpuModel)}, Node ${r.machine.node}, backend ${r.machine.backend}; load average (1, 5, 15 min) ${r.machine.loadavgStart.map((x) => x.toFixed(2)).join(', ')} at the start, ${r.machine.loadavgEnd.map((x) => x.toFixed(2)).join(', ')} at the end.`);
  L.push(`- Time: ${fmt(r.elapsedSeconds / 60, 3)} min wall, ${fmt(r.cpuSeconds / 60, 3)} min CPU (this process and the runs it computed, in workers too; a resumed run counts its own part).`);
  L.push(`- Budget: α_total = ${r.budget.alphaTotal} over ${r.budget.tests} stochastic tests, α_i = ${fmt(r.budget.alphaPerTest, 3)}; a claim's share is (its tests)·α_i. Calibration level γ = ${r.level} per check and claim.`);
  L.push('');
  const s = r.suite;
  L.push(
    `**Measured false-alarm rate.** The correct claims were refuted in ${s.refuted.k} of ${s.runs} runs: ${pct(s.refuted)} (95% Clopper–Pearson), against a mean budget share of ${fmt(s.budgetShare, 2)} per claim run.`,
    '',
  );
  L.push('| claim | kind | tests | budget share | runs | refuted [95% CI] | P(≥ k \\| budget) | p-values | p < 0.05 [95% CI] | p < 0.01 [95% CI] | KS p | Smirnov D⁺ p | p-values are | s / run |');
  L.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const c of r.claims) {
    const pv = c.pValues;
    L.push(
      `| ${c.id} | ${c.kind} | ${c.tests} | ${fmt(c.budgetShare)} | ${c.runs} | ${c.refuted.k} (${pct(c.refuted)}) | ${fmt(c.excessP)} | ${pv.n} | ${pct(pv.below05)} | ${pct(pv.below01)} | ${pv.ks ? fmt(pv.ks.p) : '—'} | ${pv.smirnov ? fmt(pv.smirnov.p) : '—'} | ${c.findings.length ? `**${pv.shape}**` : pv.shape} | ${fmt(c.msPerRun / 1000, 2)} |`,
    );
  }
  L.push('');
  L.push('## Findings', '');
  if (r.findings.length === 0) L.push('None: no claim was refuted more often than its budget allows, and no claim has anti-conservative p-values (at γ per check).');
  for (const f of r.findings) L.push(`- ${cell(f)}`);
  const withNotes = r.claims.filter((c) => c.notes.length || c.examples.length);
  if (withNotes.length) {
    L.push('', '## Notes', '');
    for (const c of withNotes) {
      for (const n of c.notes) L.push(`- ${c.id}: ${cell(n)}`);
      for (const e of c.examples) L.push(`- ${c.id}: ${e.verdict} at seed index ${e.k} — \`lemmata replay ${c.id} --seed ${e.seed} --profile ${r.profile}\` — ${cell(e.reason)}`);
    }
  }
  L.push('', '## How to read this', '');
  L.push(
    '- Each run judges the correct implementation of a claim (never a wrong variant) at one root seed, exactly as `verify` would.',
    '- *refuted*: a false alarm. *P(≥ k | budget)*: the exact binomial probability of at least that many refutations if each run were refuted with probability equal to the claim\'s budget share; below γ the claim is a finding.',
    '- *p-values*: the p-value of the claim\'s decisive statistic (expectation and extrapolation: the t test of the mean or of E_∞; limit with a claimed order: the rate test with its margin δ; limit without: the intersection of "finest level significant" and "error stalls"). Under a true claim at the boundary of its hypothesis they are uniform; a test with a margin gives *conservative* p-values (piled near 1). An excess of small p-values (*anti-conservative*, one-sided Smirnov test) means the test rejects more often than its level says, at every level — the finding that K = 200 can see although α_i is far below 1/K.',
    '- Claims whose design is drawn from the root seed (D6.random) are drawn once, from the base seed.',
  );
  return L.join('\n') + '\n';
}
