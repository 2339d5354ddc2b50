/**
 * Unit properties of the GLM models (src/models/glm/): input validation, the probit fixed point and the
 * stationarity of its RS potential, the ridge replica iteration against its closed form, Marchenko–Pastur
 * moments, the Wishart control variate, and GAMP. Every property is paired with a wrong variant that the
 * same check rejects.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { deriveSeed32, Rng } from '../src/core/random.ts';
import { gaussianMatrix } from '../src/core/randomMatrix.ts';
import { mean, stderr, studentTQuantile } from '../src/core/stats.ts';
import { gampProbit, probitStateEvolution, probitTestError } from '../src/models/glm/gamp.ts';
import { GlmParameterError, gaussianOverlapIteration, miGaussian, mmseGaussian } from '../src/models/glm/gaussianChannel.ts';
import { marchenkoPasturMoment } from '../src/models/glm/marchenkoPastur.ts';
import { probitClassError, probitFixedPoint, probitMmseMap, probitNoiseEntropy, probitOutputEntropy } from '../src/models/glm/probitChannel.ts';
import { mmseGivenX } from '../src/models/glm/finiteGaussian.ts';
import { gaussianTestErrors, posteriorMeanRidge } from '../src/models/glm/posteriorMean.ts';
import { ridgeReplica, ridgeReplicaIteration, ridgeVariance } from '../src/models/glm/ridgeReplica.ts';
import { ridgeSign, signLinearPart } from '../src/models/glm/ridgeSign.ts';
import { ridgeReplicaDecimal } from '../src/models/glm/gaussianChannelDecimal.ts';
import { miControlVariate } from '../src/models/glm/spectralMi.ts';
import { wishartSpectrumOverD } from '../src/models/glm/wishartSpectrum.ts';
import { ROOT_SEED } from './setup.ts';
import { EPS } from '../src/core/constants.ts';

/** log-uniform on [10^lo, 10^hi] from an integer (never raw fc.double). */
const logUniform = (lo: number, hi: number) => fc.integer({ min: 0, max: 10_000 }).map((k) => 10 ** (lo + ((hi - lo) * k) / 10_000));
const opts = (name: string, numRuns: number) => ({ seed: deriveSeed32(ROOT_SEED, name) | 0, numRuns });

test.each([
  ['mmseGaussian α = 0', () => mmseGaussian(0, 1), /alpha/],
  ['mmseGaussian D = 0', () => mmseGaussian(1, 0), /D \(the noise-to-signal ratio\)/],
  ['mmseGaussian NaN', () => mmseGaussian(Number.NaN, 1), /alpha/],
  ['miGaussian D = ∞', () => miGaussian(1, Infinity), /D/],
  ['probit D < 0', () => probitFixedPoint(1, -0.1), /D \(the noise variance/],
  ['probit α < 0', () => probitFixedPoint(-1, 0), /alpha/],
  ['probit class error m = 0', () => probitClassError(0, 0.1), /m \(the MMSE/],
  ['ridge λ = 0', () => ridgeReplica(1, 0, { s: 1, epsTot: 0, Delta: 0.1 }), /lambda/],
  ['ridge s < 0', () => ridgeReplica(1, 1, { s: -1, epsTot: 0, Delta: 0.1 }), /s \(the signal power\)/],
  ['SE damping 0', () => probitStateEvolution(1, 0, 3, { damping: 0 }), /damping/],
])('%s throws an error naming the argument', (_name, f, msg) => {
  expect(f).toThrow(msg as RegExp);
});

test('GAMP rejects labels other than ±1 and shape mismatches', () => {
  const X = gaussianMatrix(6, 3, Rng.stream(ROOT_SEED, 'gamp-shapes'));
  expect(() => gampProbit(X, Float64Array.of(1, -1, 1, 1, 0.5, 1), 0)).toThrow(/y\[4\] must be ±1/);
  expect(() => gampProbit(X, Float64Array.of(1, -1, 1), 0)).toThrow(/y has length 3/);
  expect(() => gampProbit(X, Float64Array.of(1, -1, 1, 1, -1, 1), 0, { truth: new Float64Array(2) })).toThrow(/truth has length 2/);
  expect(() => gampProbit(X, Float64Array.of(1, -1, 1, 1, -1, 1), Number.NaN)).toThrow(GlmParameterError);
});

test('the probit fixed point solves m = 1/(1 + q̂(m)); the q-for-m confusion does not', () => {
  fc.assert(
    fc.property(logUniform(-1, 1), fc.oneof(fc.constant(0), logUniform(-3, 1)), (alpha, D) => {
      const fp = probitFixedPoint(alpha, D);
      const res = Math.abs(probitMmseMap(fp.mmse, alpha, D) - fp.mmse);
      // The iteration stops at a relative residual of 1e-15; one more evaluation adds the quadrature's 1e-14 relative error.
      const ok = fp.iteration.converged && res <= 2e-14 * fp.mmse && fp.mmse > 0 && fp.mmse <= 1;
      // Wrong variant: solving q = 1/(1 + q̂) (the overlap where the MMSE belongs) gives a point that fails the same check.
      const wrong = 1 - fp.mmse;
      const wrongRes = Math.abs(probitMmseMap(Math.min(1, Math.max(1e-12, wrong)), alpha, D) - wrong);
      return ok && wrongRes > 2e-14 * wrong;
    }),
    opts('glm-probit-fixed-point', 40),
  );
});

test('the probit MI is stationary in m at the fixed point (consistency of the MI formula with the q̂ equation)', () => {
  // At the RS fixed point, ∂/∂m [−q̂m/2 + α E_W h₂(Φ(√q W/√(m+D)))] = 0, i.e. α·∂_m(outH) = q̂/2. Central difference with
  // h = 1e-4·m: truncation ≤ h²·|outH‴|/6 ≲ 1e-8·α, rounding ≤ 2·1e-14/h ≲ 1e-9/m relative: atol 1e-6·(q̂ + α).
  fc.assert(
    fc.property(logUniform(-1, 1), logUniform(-2, 0.5), (alpha, D) => {
      const fp = probitFixedPoint(alpha, D);
      const m = fp.mmse;
      const h = 1e-4 * m;
      const dOut = (probitOutputEntropy(m + h, D) - probitOutputEntropy(m - h, D)) / (2 * h);
      const tol = 1e-6 * (fp.qhat + alpha);
      const ok = Math.abs(alpha * dOut - fp.qhat / 2) <= tol;
      // Wrong variant: the output term weighted by α/2 (a per-sample/per-dimension slip) is not stationary.
      const wrong = Math.abs((alpha / 2) * dOut - fp.qhat / 2) <= tol;
      return ok && !wrong && probitNoiseEntropy(D) >= 0;
    }),
    opts('glm-probit-stationary', 25),
  );
});

test('the ridge replica iteration converges to the closed form (κ unsquared is rejected)', () => {
  fc.assert(
    fc.property(logUniform(-1, 1), logUniform(-3, 1), logUniform(-1, 1), logUniform(-3, 0), (alpha, lambda, s, Delta) => {
      const t = { s, epsTot: 0.3 * s, Delta };
      const closed = ridgeReplica(alpha, lambda, t);
      const { replica, iteration } = ridgeReplicaIteration(alpha, lambda, t, { damping: 0.5, rtol: 1e-15 });
      // The textbook update of q, iterated: agreement to the contraction-amplified residual (≤ 1e-9 relative at these rates).
      const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
      const ok = iteration.converged && rel(replica.V, closed.V) <= 1e-9 && rel(replica.testErrorNoisy, closed.testErrorNoisy) <= 1e-9;
      const kappa2 = (alpha * closed.V) / ((1 + closed.V) * (1 + closed.V));
      const A = s * (lambda * closed.V) ** 2 + t.epsTot + Delta;
      return ok && rel(A / (1 - kappa2), closed.testErrorNoisy) > 1e-9;
    }),
    opts('glm-ridge-iteration', 100),
  );
});

test('ridge at a vanishing penalty (λ ≤ 1e-200, α < 1): finite and equal to the 40-digit reference (V² overflowed)', () => {
  fc.assert(
    fc.property(logUniform(-3, Math.log10(0.5)), logUniform(-300, -200), logUniform(-300, 0), (alpha, lambda, Delta) => {
      const t = { s: 1, epsTot: 0, Delta };
      const r = ridgeReplica(alpha, lambda, t);
      const ref = Number(ridgeReplicaDecimal(alpha, lambda, t, { precision: 40 }).testErrorNoisy);
      // V (no cancellation for b = λ + α − 1 < 0), λV, κ = α(V/(1+V))² each carry ≤ 4ε relative; E = A/(1 − κ) with
      // κ ≤ α ≤ ½ amplifies by ≤ 2: ≤ 32ε ≈ 7e-15 relative; 1e-13 leaves a factor 14.
      expect(Math.abs(r.testErrorNoisy - ref)).toBeLessThanOrEqual(1e-13 * ref);
      expect(Number.isFinite(r.q) && Number.isFinite(r.qhat)).toBe(true);
      // Wrong variant: κ as αV²/(1 + V)² (the former form) is ∞/∞ = NaN here.
      expect((alpha * r.V * r.V) / ((1 + r.V) * (1 + r.V))).toBeNaN();
    }),
    opts('glm-ridge-vanishing', 30),
  );
});

test('ridge on sign labels at a vanishing penalty (λ ≤ 1e-200, α < 1) is its λ → 0 limit ((1 + V)²V̂² overflowed)', () => {
  fc.assert(
    fc.property(logUniform(-3, Math.log10(0.5)), logUniform(-300, -200), logUniform(-3, 1), (alpha, lambda, D) => {
      const t = { s: 1, epsTot: 0, Delta: D };
      const r = ridgeSign(alpha, lambda, t);
      // λ → 0 with α < 1: λV → 1 − α and κ → α (corrections O(λ) ≤ 1e-200), so
      // q/m² → 1 + [(1 − α)² + (1 − μ1²)/μ1²]/(α(1 − α)) and the 0-1 error is arccos(cos)/π with cos = √(s/(s + Δ))·(q/m²)^{-1/2}.
      const mu = signLinearPart(t);
      const ratio = 1 + ((1 - alpha) ** 2 + (1 - mu * mu) / (mu * mu)) / (alpha * (1 - alpha));
      const c = Math.sqrt(1 / (1 + D)) / Math.sqrt(ratio);
      // Both sides carry ≤ 16ε relative in the cosine (c ≤ 0.8 here): |Δ arccos| ≤ 16ε·c/√(1 − c²)/π ≤ 1e-14; 1e-13 allows 10×.
      expect(Math.abs(r.classError - Math.acos(c) / Math.PI)).toBeLessThanOrEqual(1e-13);
      // Wrong variant: the former form, κ = αV²/(1 + V)² (∞/∞) and the ratio over (1 + V)²·V̂²(1 − κ), is NaN here.
      const V = ridgeVariance(alpha, lambda);
      const Vh = alpha / (1 + V);
      const kappaOld = (alpha * V * V) / ((1 + V) * (1 + V));
      expect(1 + (alpha * ((lambda * V) ** 2 + (1 - mu * mu) / (mu * mu))) / ((1 + V) * (1 + V) * Vh * Vh * (1 - kappaOld))).toBeNaN();
    }),
    opts('glm-ridge-sign-vanishing', 30),
  );
});

test('Marchenko–Pastur moments of XᵀX/d: ∫λ dμ = α and ∫λ² dμ = α(1 + α) (the XᵀX/n law fails)', () => {
  fc.assert(
    fc.property(logUniform(-1, 1), (alpha) => {
      const m1 = marchenkoPasturMoment(() => 1, alpha);
      const m2 = marchenkoPasturMoment((l) => l, alpha);
      const tol = (r: { roundingBound: number; errorEstimate: number }) => r.roundingBound + r.errorEstimate + 4 * EPS;
      const ok = Math.abs(m1.value - alpha) <= tol(m1) + 4 * EPS * alpha && Math.abs(m2.value - alpha * (1 + alpha)) <= tol(m2) + 8 * EPS * alpha * (1 + alpha);
      // Wrong variant: the law of XᵀX/n (ratio 1/α, no rescaling) has first moment 1, not α.
      const wrong = marchenkoPasturMoment(() => 1, 1 / alpha).value / (1 / alpha) / alpha;
      return ok && (Math.abs(alpha - 1) < 1e-3 || Math.abs(wrong - alpha) > 1e-6);
    }),
    opts('glm-mp-moments', 100),
  );
});

test('the Wishart control variate has mean exactly 0 (the asymptotic E S₂ = α(1 + α) is biased at small d)', () => {
  // t-test over R = 4000 draws at d = 3, n = 6 with false-alarm rate 1e-6 (t ≈ 4.9); the wrong E S₂ shifts the mean by
  // ¼φ₂·(α(n+d+1)/d − α(α+1)) ≈ −0.030, i.e. ≈ 15 standard errors (measured sd of c ≈ 0.13).
  const n = 6;
  const d = 3;
  const D = 0.37;
  const R = 4000;
  const c = new Float64Array(R);
  const wrong = new Float64Array(R);
  const alpha = n / d;
  const p2 = -1 / (alpha + D) ** 2;
  for (let r = 0; r < R; r++) {
    const lambda = wishartSpectrumOverD(n, d, Rng.stream(ROOT_SEED, 'glm-cv', r));
    c[r] = miControlVariate(lambda, { n, d, D });
    wrong[r] = c[r] + 0.25 * p2 * ((alpha * (n + d + 1)) / d - alpha * (alpha + 1));
  }
  const crit = studentTQuantile(1 - 0.5e-6, R - 1);
  expect(Math.abs(mean(c)) / stderr(c)).toBeLessThan(crit);
  expect(Math.abs(mean(wrong)) / stderr(wrong)).toBeGreaterThan(crit);
});

test('GAMP on a probit instance tracks state evolution after one step and its test error is the arccos of the overlaps', () => {
  // d = 400: after one iteration ‖v̂₁‖²/d has sd ≈ 0.4/√d = 0.02 (measured), so |Δ| ≤ 0.1 is a 5-sd check; the SE of the
  // Gaussian channel (a wrong model) is 0.3 away.
  const d = 400;
  const alpha = 2;
  const D = 0.1;
  const rng = Rng.stream(ROOT_SEED, 'glm-gamp-one');
  const X = gaussianMatrix(alpha * d, d, rng);
  const v = rng.fillNormal(new Float64Array(d));
  const y = new Float64Array(alpha * d);
  for (let i = 0; i < y.length; i++) {
    let u = 0;
    for (let j = 0; j < d; j++) u += X.data[i * d + j] * v[j];
    y[i] = u / Math.sqrt(d) + Math.sqrt(D) * rng.normal() >= 0 ? 1 : -1;
  }
  const g = gampProbit(X, y, D, { truth: v, maxIterations: 1, tol: 0 });
  const se = probitStateEvolution(alpha, D, 1);
  expect(Math.abs(g.overlaps[1] - se[1])).toBeLessThan(0.1);
  expect(Math.abs(g.overlaps[1] - (1 - mmseGaussian(alpha, D)))).toBeGreaterThan(0.1);
  expect(g.truthOverlaps).not.toBeNull();
  expect(g.status).toBe('maxIterations');
  const full = gampProbit(X, y, D, { maxIterations: 200, tol: 1e-12 });
  expect(full.status).toBe('converged');
  expect(full.converged).toBe(true);
  const err = probitTestError(v, g.estimate, D);
  expect(err).toBeGreaterThan(0);
  expect(err).toBeLessThan(0.5);
  expect(() => probitTestError(v, new Float64Array(d), D)).toThrow(/vhat is zero/);
});

test('the damped Gaussian iteration and the MI are finite and ordered on the whole domain', () => {
  fc.assert(
    fc.property(logUniform(-1, 1), logUniform(-3, 1), (alpha, D) => {
      const it = gaussianOverlapIteration(alpha, D);
      const mi = miGaussian(alpha, D);
      // MI ≤ the α·½log(1 + 1/D) of a single Gaussian channel per sample, and ≥ 0.
      return it.converged && mi > 0 && mi <= 0.5 * alpha * Math.log1p(1 / D) + 1e-15;
    }),
    opts('glm-gaussian-domain', 200),
  );
});

test('the test errors of the posterior mean equal the MMSE given X on average, and the noisy one adds σ² (not D)', () => {
  // E over v, z given X of s‖v − ⟨v⟩‖²/d is s·MMSE_d(X) = (s/d) tr(I + XᵀX/(dD))⁻¹ exactly. Mean over R = 400 draws of
  // (v, z) at a fixed X: a t-test at false-alarm 1e-6; the wrong variant (noisy error = clean + D, D = σ²/s ≠ σ²) is off by
  // |σ² − D| = 0.2 deterministically.
  const n = 40;
  const d = 20;
  const s = 0.5;
  const sigma2 = 0.2;
  const X = gaussianMatrix(n, d, Rng.stream(ROOT_SEED, 'glm-test-error-X'));
  const target = s * mmseGivenX(X, sigma2 / s);
  const R = 400;
  const diffs = new Float64Array(R);
  let noisyGap = 0;
  for (let r = 0; r < R; r++) {
    const rng = Rng.stream(ROOT_SEED, 'glm-test-error', r);
    const v = rng.fillNormal(new Float64Array(d));
    const Xv = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) Xv[i] += X.data[i * d + j] * v[j];
    const Y = Xv.map((u) => Math.sqrt(s / d) * u + Math.sqrt(sigma2) * rng.normal());
    const e = gaussianTestErrors(v, posteriorMeanRidge(X, Y, { s, sigma2 }), { s, sigma2 });
    diffs[r] = e.clean - target;
    noisyGap = e.noisy - e.clean;
  }
  expect(Math.abs(mean(diffs)) / stderr(diffs)).toBeLessThan(studentTQuantile(1 - 0.5e-6, R - 1));
  expect(noisyGap).toBeCloseToRel(sigma2, 1e-15, 1e-16);
  expect(Math.abs(noisyGap - sigma2 / s)).toBeGreaterThan(0.1);
});
