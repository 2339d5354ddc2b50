/**
 * The extrapolation kind (an expectation with a finite-size correction), on a synthetic quantity with a
 * known bias: E_n = E_∞ + c/n, replicates N(E_n, σ²/n). A correct claim is verified, a wrong limit is
 * refuted, and the false-alarm rate of the correct claim is measured against its level.
 */
import { expect, test } from 'vitest';
import { clopperPearson } from '../src/core/clopperPearson.ts';
import { chiSquareSurvival } from '../src/core/gammaInc.ts';
import { Rng } from '../src/core/random.ts';
import { defineClaim, validateClaim } from '../src/harness/claim.ts';
import { judgeExtrapolation, type ExtrapolationLevel } from '../src/harness/judgeExtrapolation.ts';
import { judgeExpectation } from '../src/harness/judgeExpectation.ts';
import { ResultStore } from '../src/harness/resultStore.ts';
import { runClaims } from '../src/harness/runner.ts';
import { ROOT_SEED } from './setup.ts';

const E_INF = 0.283;
const C = -0.49; // the measured finite-size slope of the deep Bayes-optimal error (engineering notes)
// Replicate spread σ/√n: 0.12/√n is what the ridge control variate leaves of the deep error's 0.45/√n.
const SIGMA = 0.12;
const SIZES = [8, 16, 32];
const R = [400, 200, 100];

/**
 * The verdict a correct claim must get on its data: `verified`, unless the misfit test rejected the (correct) correction
 * model, which it does with probability misfitAlpha by design (at 0.01 it failed these tests at LEMMATA_SEED=126); every
 * verdict on such data is then `inconclusive` (the misfit test never refutes).
 */
function expectedVerdict(j: { details: Record<string, unknown> }, ifFits: 'verified' | 'refuted'): 'verified' | 'refuted' | 'inconclusive' {
  return (j.details.misfitP as number) < (j.details.misfitAlpha as number) ? 'inconclusive' : ifFits;
}

/**
 * Level of the tests below that assert a correct claim is `verified`: each such assertion fails with probability α (a
 * false alarm by design; at 1e-3 it did, at LEMMATA_SEED=159: |t| = 3.41 > 3.30). At 1e-5 the file's false-failure rate is
 * ≈ 3e-5 per seed; the wrong limits sit ≥ 10 se away (refuted with a margin of ≥ 5 se), and the power statement
 * (t_{1−α/2} + t_{0.8})·se ≈ 5.3·se < minEffect = 0.013 needs se < 0.0024 (the extrapolated E_∞ of 400/200/100 replicates
 * has se ≈ 0.0025: those tests use twice as many).
 */
const ALPHA_OK = 1e-5;

function synthetic(rng: Rng, shift = 0, replicateFactor = 1): ExtrapolationLevel[] {
  return SIZES.map((n, k) => {
    const values = new Float64Array(R[k] * replicateFactor);
    for (let r = 0; r < values.length; r++) values[r] = E_INF + shift + C / n + (SIGMA / Math.sqrt(n)) * rng.normal();
    return { n, values };
  });
}

test('a correct limit with a known 1/n bias is verified; a wrong limit 0.025 away (≈ 10 se) is refuted', () => {
  const rng = Rng.stream(ROOT_SEED, 'extrap', 'basic');
  const lv = synthetic(rng, 0, 2); // 2× the replicates: se ≈ 0.0018, so the power statement holds at ALPHA_OK
  const ok = judgeExtrapolation({ levels: lv, orders: [1], expected: E_INF, minEffect: 0.013, alpha: ALPHA_OK });
  expect(ok.verdict, ok.reason).toBe(expectedVerdict(ok, 'verified'));
  const wrong = judgeExtrapolation({ levels: lv, orders: [1], expected: E_INF + 0.025, minEffect: 0.013, alpha: ALPHA_OK });
  expect(wrong.verdict, wrong.reason).toBe(expectedVerdict(wrong, 'refuted'));
  // What the fit buys: a fixed-size t test at the finest size refutes the correct limit (bias C/32 ≈ −0.015).
  const naive = judgeExpectation({ values: lv[2].values, expected: E_INF, minEffect: 0.013, alpha: 1e-3 });
  expect(naive.verdict).toBe('refuted');
  // A wrong correction model (1/n³ where the bias is 1/n) is caught by the misfit test: inconclusive, not a verdict.
  // Its power depends on the data: the misfit χ² (1 dof) has noncentrality λ = Σ_k (bias_k − best 1/n³ fit)²/v_k = 12.8 with
  // the replicates above, so a miss at level 0.01 (χ² < 6.63) had probability Φ(2.58 − √λ) ≈ 0.16 — it missed at
  // LEMMATA_SEED=11. With 5× the replicates λ = 64, and at the misfit level 1e-3 (χ² < 10.8, the F(1, f₂ ≥ 400) tail is
  // the same to 1%) a miss has probability Φ(3.29 − 8.0) ≈ 1e-6.
  const big = synthetic(Rng.stream(ROOT_SEED, 'extrap', 'misfit'), 0, 5);
  const misfit = judgeExtrapolation({ levels: big, orders: [3], expected: E_INF, minEffect: 0.013, alpha: 1e-3 });
  expect(misfit.verdict, misfit.reason).toBe('inconclusive');
  expect(misfit.reason).toMatch(/does not describe the data/);
});

test('false-alarm rate of the correct claim is at most its level (2000 synthetic runs, Clopper–Pearson 99.9%)', () => {
  const alpha = 0.05;
  const trials = 2000;
  let rejected = 0;
  let powerHits = 0;
  const rng = Rng.stream(ROOT_SEED, 'extrap', 'calibration');
  for (let t = 0; t < trials; t++) {
    const lv = synthetic(rng);
    if (judgeExtrapolation({ levels: lv, orders: [1], expected: E_INF, minEffect: 1, alpha }).verdict === 'refuted') rejected++;
    const j = judgeExtrapolation({ levels: lv, orders: [1], expected: E_INF + 0.008, minEffect: 1, alpha });
    if (j.verdict === 'refuted') powerHits++;
  }
  const [lo, hi] = clopperPearson({ k: rejected, n: trials, confidence: 0.999 });
  // Calibrated: the interval contains a rate ≤ α (conservative is allowed: the misfit scale only widens).
  expect(lo, `rejected ${rejected}/${trials}`).toBeLessThanOrEqual(alpha);
  // …and not vacuous: a test that never rejects would pass the line above; this one rejects at a rate near α.
  expect(hi, `rejected ${rejected}/${trials}`).toBeGreaterThan(alpha / 4);
  // Power at a 0.008 shift (≈ 3 standard errors of Ê_∞ ≈ 0.0026) is high.
  expect(powerHits / trials).toBeGreaterThan(0.6);
});

test('the misfit test is calibrated with estimated weights (Welch–James F), where the plain χ² tail is not', () => {
  // Null data: the stated 1/n model holds exactly, R = 8 replicates at four sizes (the D13.tanh2x2-fit design at ci).
  // The F approximation is not exact: its rejection rate at 0.05 must lie in [0.04, 0.06] (measured 0.0099 at 0.01 and
  // 0.00095 at 0.001 over 20000 sets); the χ²_q tail on the same sets rejects ≈ 1.7× too often at 0.05 (3× at 0.01).
  // 4000 sets: a 99.9% Clopper–Pearson interval has half-width ≈ 0.012 at 0.05, so the assertions below fail with
  // probability < 1e-3 when the true rates are 0.05 and ≥ 0.08.
  const rng = Rng.stream(ROOT_SEED, 'extrap', 'johansen');
  const sd = [0.0044, 0.0017, 0.0006, 0.0003];
  const trials = 4000;
  let f = 0;
  let chi = 0;
  for (let t = 0; t < trials; t++) {
    const levels = [32, 64, 128, 256].map((n, k) => ({ n, values: Array.from({ length: 8 }, () => 0.78 - 0.3 / n + sd[k] * rng.normal()) }));
    const j = judgeExtrapolation({ levels, orders: [1], expected: 0.78, minEffect: 1, alpha: 0.05 });
    if ((j.details.misfitP as number) < 0.05) f++;
    if (chiSquareSurvival(j.details.chi2 as number, j.details.dof as number) < 0.05) chi++;
  }
  const [lo, hi] = clopperPearson({ k: f, n: trials, confidence: 0.999 });
  expect(lo, `F rejected ${f}/${trials}`).toBeLessThanOrEqual(0.06);
  expect(hi, `F rejected ${f}/${trials}`).toBeGreaterThanOrEqual(0.04);
  const [chiLo] = clopperPearson({ k: chi, n: trials, confidence: 0.999 });
  expect(chiLo, `χ² rejected ${chi}/${trials}`).toBeGreaterThan(0.06);
});

test('a control variate adds an independent mean per size (E[A − B] + E[B])', () => {
  const rng = Rng.stream(ROOT_SEED, 'extrap', 'control');
  const lv: ExtrapolationLevel[] = SIZES.map((n) => {
    const diff = new Float64Array(200); // se of E_∞ ≤ 0.0022 over 2000 seeds (0.0024 with 100: at the edge of the power statement)
    const ctl = new Float64Array(4000);
    for (let r = 0; r < diff.length; r++) diff[r] = -0.02 + 0.1 / n + (0.05 / Math.sqrt(n)) * rng.normal();
    for (let r = 0; r < ctl.length; r++) ctl[r] = E_INF + 0.02 + (C - 0.1) / n + (0.45 / Math.sqrt(n)) * rng.normal();
    return { n, values: diff, control: ctl };
  });
  const j = judgeExtrapolation({ levels: lv, orders: [1], expected: E_INF, minEffect: 0.013, alpha: ALPHA_OK });
  expect(j.verdict, j.reason).toBe(expectedVerdict(j, 'verified'));
  expect(Math.abs((j.estimate as number) - E_INF)).toBeLessThan(5 * (j.stderr as number));
  const w = judgeExtrapolation({ levels: lv, orders: [1], expected: E_INF + 0.025, minEffect: 0.013, alpha: ALPHA_OK });
  expect(w.verdict).toBe(expectedVerdict(w, 'refuted'));
});

test('degenerate evidence: too few sizes, non-finite values, zero spread', () => {
  const rng = Rng.stream(ROOT_SEED, 'extrap', 'degenerate');
  const lv = synthetic(rng);
  expect(judgeExtrapolation({ levels: lv.slice(0, 2), orders: [1], expected: E_INF, minEffect: 0.01, alpha: 1e-3 }).verdict).toBe('inconclusive');
  expect(judgeExtrapolation({ levels: [...lv.slice(0, 2), { n: 32, values: [1, NaN] }], orders: [1], expected: E_INF, minEffect: 0.01, alpha: 1e-3 }).verdict).toBe('error');
  expect(judgeExtrapolation({ levels: SIZES.map((n) => ({ n, values: [1, 1, 1] })), orders: [1], expected: 1, minEffect: 0.01, alpha: 1e-3 }).verdict).toBe('inconclusive');
  expect(judgeExtrapolation({ levels: lv, orders: [1], expected: NaN, minEffect: 0.01, alpha: 1e-3 }).verdict).toBe('error');
});

/** The synthetic quantity as a claim, run through the harness with a wrong-limit variant. */
const impl = { limit: () => E_INF };
const claim = defineClaim({
  id: 'T.extrap',
  title: 'synthetic extrapolation',
  kind: 'extrapolation',
  source: { paper: 'synthetic', ref: 'harness test' },
  statement: 'E_n = 0.283 − 0.49/n tends to 0.283.',
  quantity: 'synthetic E_n',
  size: 'n',
  sizes: [8, 16, 32],
  replicates: { quick: [800, 400, 200], ci: [800, 400, 200], full: [1600, 800, 400] }, // se ≈ 0.0018: powered at ALPHA_OK
  correction: { orders: [1], derivation: 'the synthetic bias is exactly −0.49/n' },
  sample: (n, ctx) => E_INF + C / n + (SIGMA / Math.sqrt(n)) * ctx.rng.normal(),
  expected: (i) => i.limit(),
  minEffect: 0.013,
  impl,
  variants: [{ name: 'shifted', why: 'a limit 0.025 too high', impl: { limit: () => E_INF + 0.025 } }],
  tolerance: 'synthetic: Welch t at the budget level',
});

test('through the runner: verified, the variant refuted on the same cells, and a judge-only rerun gives the same summary', async () => {
  const store = new ResultStore(null);
  const a = await runClaims({ seed: ROOT_SEED, profile: 'ci', registry: [claim], selected: [claim], store, alphaTotal: ALPHA_OK });
  const s = a.summaries[0];
  expect(s.verdict, s.reason).toBe(expectedVerdict(s, 'verified'));
  expect(s.variants.map((v) => v.verdict)).toEqual([expectedVerdict(s, 'refuted')]);
  expect(s.details.variantLimits).toEqual({ shifted: E_INF + 0.025 });
  const b = await runClaims({ seed: ROOT_SEED, profile: 'ci', registry: [claim], selected: [claim], store, judgeOnly: true, alphaTotal: ALPHA_OK });
  expect(b.summaries).toEqual(a.summaries);
});

test('validation names the field', () => {
  expect(() => validateClaim({ ...claim, sizes: [8, 16] })).toThrow(/sizes/);
  expect(() => validateClaim({ ...claim, correction: { orders: [], derivation: 'x' } })).toThrow(/correction.orders/);
  expect(() => validateClaim({ ...claim, correction: { orders: [1], derivation: '' } })).toThrow(/derivation/);
  expect(() => validateClaim({ ...claim, replicates: [10, 10] })).toThrow(/replicates/);
  expect(() => validateClaim({ ...claim, minEffect: 0 })).toThrow(/minEffect/);
});
