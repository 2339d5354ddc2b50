/**
 * Extrapolation claims: an expectation whose finite-size bias is fitted instead of assumed below the
 * Monte Carlo error. The claim samples at ≥ J + 2 sizes, states its correction orders
 * (E_n = E_∞ + Σ c_j n^{-p_j}), and E_∞ is fitted by weighted least squares and tested against the
 * claimed value at the claim's share of the false-alarm budget, with a power statement
 * (`judgeExtrapolation.ts`). An optional control variate adds an independent, cheaper estimate per size
 * (e.g. E[BO − ridge] from the expensive sampler plus E[ridge] from many cheap replicates).
 *
 * @module
 */
import { getCell, type CellSampler } from '../cells.ts';
import { ClaimDefinitionError } from '../errors.ts';
import { judgeExtrapolation, type ExtrapolationLevel, type ExtrapolationLevelSummary } from '../judgeExtrapolation.ts';
import { renderChart, type Series } from '../plot.ts';
import { fmtNum } from '../numbersText.ts';
import type { ClaimNumbers, ClaimSummary } from '../verdict.ts';
import { checkPerProfile, forProfile, implFor, requireFunction, requireText, type ClaimCommon, type PerProfile, type SampleContext } from './common.ts';
import type { ClaimKind, Judgement, KindRun } from './kind.ts';

/** The finite-size correction a claim states. */
export interface Correction {
  /** The orders p_j of E_n = E_∞ + Σ c_j n^{-p_j} (positive, distinct), e.g. [1]. */
  orders: number[];
  /** Why these orders describe the bias at the claim's sizes (measured, or derived). */
  derivation: string;
}

/** A control variate: an independent estimate added to the claim's own mean at each size. */
export interface ControlVariate<I> {
  /** What it estimates, e.g. `E[ridge(λ = D) error] on cheap ridge-only instances`. */
  what: string;
  replicates: PerProfile<number | number[]>;
  /** One replicate at size n (draws only from `ctx.rng`, an independent stream). */
  sample(n: number, ctx: SampleContext, impl: I): number;
}

/** E_∞ of a finite-size quantity, extrapolated from ≥ J + 2 sizes with a stated correction. */
export interface ExtrapolationClaim<I = unknown> extends ClaimCommon<I> {
  kind: 'extrapolation';
  /** What is sampled, e.g. `Bayes-optimal clean test error`. */
  quantity: string;
  /** The name of the size, e.g. `d`. */
  size: string;
  /** The sizes (distinct, ≥ J + 2 of them). */
  sizes: PerProfile<number[]>;
  /** Replicates per size: one number for every size, or one per size. */
  replicates: PerProfile<number | number[]>;
  correction: Correction;
  /** One replicate of the finite-size quantity at size n. */
  sample(n: number, ctx: SampleContext, impl: I): number;
  control?: ControlVariate<I>;
  /** The claimed E_∞. */
  expected(impl: I): number;
  /** The smallest |E_∞ − expected| the check must detect with power ≥ 0.8 (else `inconclusive`). */
  minEffect: number;
}

/** Replicates per size. */
function perSize(r: number | number[], sizes: number[]): number[] {
  return Array.isArray(r) ? r : sizes.map(() => r);
}

const okReplicates = (min: number) => (r: number | number[]) => (Array.isArray(r) ? r.length > 0 && r.every((x) => Number.isInteger(x) && x >= min) : Number.isInteger(r) && r >= min);

const g = (x: number | null | undefined, d = 3) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toPrecision(d));

function collect(c: ExtrapolationClaim, variant: string | null, run: KindRun): ExtrapolationLevel[] | { error: string } {
  const sizes = forProfile(c.sizes, run.profile);
  const R = perSize(forProfile(c.replicates, run.profile), sizes);
  const Rc = c.control ? perSize(forProfile(c.control.replicates, run.profile), sizes) : [];
  const main: CellSampler = (impl, rng, rep, n) => c.sample(n, { rng, profile: run.profile, replicate: rep }, impl);
  const ctl: CellSampler = (impl, rng, rep, n) => c.control!.sample(n, { rng, profile: run.profile, replicate: rep }, impl);
  const levels: ExtrapolationLevel[] = [];
  for (let k = 0; k < sizes.length; k++) {
    const n = sizes[k];
    const values: number[] = [];
    for (let rep = 0; rep < R[k]; rep++) {
      const rec = getCell(c as ExtrapolationClaim<object>, { variant, n, rep, sampler: main }, run);
      if (rec.value === null) return { error: `sample at ${c.size} = ${n}, replicate ${rep}: ${rec.error}` };
      values.push(rec.value);
      run.progress({ claim: c.id, variant, phase: 'level', n, level: k, levels: sizes.length, replicate: rep, replicates: R[k] }, n * n);
    }
    let control: number[] | undefined;
    if (c.control) {
      control = [];
      for (let rep = 0; rep < Rc[k]; rep++) {
        const rec = getCell(c as ExtrapolationClaim<object>, { variant, n, rep, stream: 'control', sampler: ctl }, run);
        if (rec.value === null) return { error: `control sample at ${c.size} = ${n}, replicate ${rep}: ${rec.error}` };
        control.push(rec.value);
      }
    }
    levels.push({ n, values, control });
  }
  return levels;
}

/** The extrapolation kind. */
export const extrapolationKind: ClaimKind<ExtrapolationClaim> = {
  name: 'extrapolation',
  decidedBy: 'replicates at ≥ J + 2 sizes; E_∞ fitted by weighted least squares with the stated correction E_∞ + Σ c_j n^{-p_j}; t test of E_∞ at the claim\'s share of the budget, with a power statement',
  budgetNote: '2 tests per extrapolation claim (the t test of E_∞, and the Welch–James misfit test of the correction, which makes it inconclusive: a failure under --strict)',
  acceptsPath: false,
  validate(c) {
    requireText(c, 'quantity');
    requireText(c, 'size');
    requireFunction(c, 'sample');
    requireFunction(c, 'expected');
    if (!c.correction || !Array.isArray(c.correction.orders) || c.correction.orders.length === 0 || !c.correction.orders.every((p) => Number.isFinite(p) && p > 0)) {
      throw new ClaimDefinitionError(`claim ${c.id}: correction.orders must be a non-empty array of positive orders, e.g. [1] for E_∞ + c/n`);
    }
    if (new Set(c.correction.orders).size !== c.correction.orders.length) throw new ClaimDefinitionError(`claim ${c.id}: correction.orders must be distinct`);
    if (typeof c.correction.derivation !== 'string' || !c.correction.derivation.trim()) throw new ClaimDefinitionError(`claim ${c.id}: correction.derivation must say why these orders describe the bias`);
    const need = c.correction.orders.length + 2;
    checkPerProfile(c.sizes, (s) => Array.isArray(s) && s.length >= need && s.every((n) => Number.isInteger(n) && n >= 1) && new Set(s).size === s.length, { id: c.id, field: 'sizes' });
    checkPerProfile(c.replicates, okReplicates(2), { id: c.id, field: 'replicates' });
    for (const p of ['quick', 'ci', 'full'] as const) {
      const r = forProfile(c.replicates, p);
      if (Array.isArray(r) && r.length !== forProfile(c.sizes, p).length) throw new ClaimDefinitionError(`claim ${c.id}: replicates (${p}) has ${r.length} entries for ${forProfile(c.sizes, p).length} sizes`);
    }
    if (c.control) {
      requireText(c.control as unknown as { id: string }, 'what');
      if (typeof c.control.sample !== 'function') throw new ClaimDefinitionError(`claim ${c.id}: control.sample must be a function`);
      checkPerProfile(c.control.replicates, okReplicates(2), { id: c.id, field: 'control.replicates' });
    }
    if (!(typeof c.minEffect === 'number' && c.minEffect > 0 && Number.isFinite(c.minEffect))) throw new ClaimDefinitionError(`claim ${c.id}: minEffect must be a positive number`);
  },
  plannedWork(c, profile) {
    const sizes = forProfile(c.sizes, profile);
    const R = perSize(forProfile(c.replicates, profile), sizes);
    return sizes.reduce((s, n, k) => s + R[k] * n * n, 0) * (1 + c.variants.length);
  },
  // Two tests at α_i each: the t test of Ê_∞ and the misfit test of the correction model (an inconclusive fails --strict).
  stochasticTests: () => 2,
  judge(c, variant, run): Judgement {
    const levels = collect(c, variant, run);
    if ('error' in levels) return { verdict: 'error', reason: levels.error };
    let expected: number;
    try {
      expected = c.expected(implFor(c, variant));
    } catch (e) {
      return { verdict: 'error', reason: `expected threw: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}` };
    }
    const j = judgeExtrapolation({ levels, orders: c.correction.orders, expected, minEffect: c.minEffect, alpha: run.alphaPerTest, misfitAlpha: run.alphaPerTest });
    if (variant !== null) return { verdict: j.verdict, reason: j.reason };
    // Where each wrong variant puts E_∞ (drawn in the plot beside the claimed value).
    const variantLimits: Record<string, number | null> = {};
    for (const v of c.variants) {
      try {
        const x = c.expected(implFor(c, v.name));
        variantLimits[v.name] = Number.isFinite(x) ? x : null;
      } catch {
        variantLimits[v.name] = null;
      }
    }
    return {
      verdict: j.verdict,
      reason: j.reason,
      fields: {
        details: {
          ...j.details,
          stderr: j.stderr,
          quantity: c.quantity,
          size: c.size,
          correction: c.correction,
          control: c.control ? c.control.what : null,
          sizes: j.levels,
          variantLimits,
        },
      },
    };
  },
  numbers(s: ClaimSummary): ClaimNumbers {
    const d = s.details as ExtrapolationDetails;
    const expected = typeof d.expected === 'number' ? d.expected : null;
    const have = typeof d.extrapolated === 'number';
    const sizes = d.sizes ?? [];
    return {
      claimed: { label: 'E_∞', value: expected },
      observed: have ? { label: 'extrapolated E_∞', value: d.extrapolated as number, se: d.stderr ?? null } : { label: 'extrapolated E_∞', value: null, se: null, text: 'not measured' },
      gapSe: have && expected !== null && d.stderr ? ((d.extrapolated as number) - expected) / d.stderr : null,
      at: sizes.length
        ? `${d.size ?? 'n'} = ${sizes.map((l) => l.n).join(', ')}; fit E_∞ + ${(d.orders ?? []).map((p) => `c/${d.size ?? 'n'}${p === 1 ? '' : `^${p}`}`).join(' + ')}, χ²/dof = ${fmtNum((d.chi2 ?? NaN) / (d.dof ?? NaN), { digits: 3 })}`
        : undefined,
    };
  },
  describe(s: ClaimSummary) {
    const d = s.details as ExtrapolationDetails;
    const facts: Array<{ label: string; text: string }> = [];
    facts.push({ label: 'Quantity', text: `${String(d.quantity ?? '')}; claimed E_∞ = ${g(d.expected, 8)}, extrapolated ${g(d.extrapolated, 8)} ± ${g(d.stderr, 2)}; χ²/dof = ${g((d.chi2 ?? NaN) / (d.dof ?? NaN), 3)}` });
    if (d.correction) facts.push({ label: 'Correction', text: `orders ${d.correction.orders.join(', ')}: ${d.correction.derivation}` });
    if (d.control) facts.push({ label: 'Control variate', text: d.control });
    if (d.smallestDetectable !== undefined) facts.push({ label: 'Power', text: `detects |Δ| ≥ ${g(d.smallestDetectable)} with probability 0.8 (required: ${g(d.minEffect)}); t test at α = ${g(d.alpha, 2)}` });
    const table = d.sizes?.length
      ? {
          caption: 'Sizes',
          head: [d.size ?? 'n', 'replicates', 'control replicates', 'mean E_n', 'stderr', 'fitted'],
          rows: d.sizes.map((l) => [String(l.n), String(l.replicates), l.controlReplicates ? String(l.controlReplicates) : '', g(l.mean, 8), g(l.stderr, 3), g(l.fitted, 8)]),
        }
      : undefined;
    return { facts, table };
  },
  plot(s) {
    const d = s.details as ExtrapolationDetails;
    if (!d.sizes?.length || !d.orders || !d.coefficients || d.extrapolated === undefined) return null;
    const p = d.orders[0];
    const x = (n: number) => n ** -p;
    const xs = d.sizes.map((l) => x(l.n));
    const x1 = Math.max(...xs);
    const curve: Array<{ x: number; y: number }> = [];
    for (let k = 0; k <= 40; k++) {
      const xx = (x1 * k) / 40;
      const n = xx > 0 ? xx ** (-1 / p) : Infinity;
      curve.push({ x: xx, y: d.extrapolated + d.orders.reduce((acc, q, j) => acc + d.coefficients![j] * (n === Infinity ? 0 : n ** -q), 0) });
    }
    const series: Series[] = [
      { label: 'mean E_n ± 2 se', points: d.sizes.map((l) => ({ x: x(l.n), y: l.mean, err: 2 * l.stderr })) },
      { label: 'fit', points: curve, line: true },
      { label: `extrapolated E_∞ ± 2 se`, points: [{ x: 0, y: d.extrapolated, err: 2 * (d.stderr ?? 0) }] },
      { label: 'claimed E_∞', points: [{ x: 0, y: d.expected ?? NaN }, { x: x1, y: d.expected ?? NaN }], line: true, dashed: true },
    ];
    for (const [name, v] of Object.entries(d.variantLimits ?? {})) {
      if (v !== null) series.push({ label: `wrong: ${name}`, points: [{ x: 0, y: v }, { x: x1 * 0.15, y: v }], line: true, dashed: true });
    }
    const size = d.size ?? 'n';
    return renderChart(series, { title: `${s.id}: E_${size} against ${size}^-${p}, extrapolated to ${size} = ∞`, xLabel: `${size}^-${p}`, yLabel: 'E_' + size });
  },
};

/** What an extrapolation claim's summary details hold. */
interface ExtrapolationDetails {
  quantity?: string;
  size?: string;
  expected?: number;
  extrapolated?: number;
  stderr?: number | null;
  sizes?: ExtrapolationLevelSummary[];
  orders?: number[];
  coefficients?: number[];
  correction?: Correction;
  control?: string | null;
  chi2?: number;
  dof?: number;
  smallestDetectable?: number;
  minEffect?: number;
  alpha?: number;
  variantLimits?: Record<string, number | null>;
}
