/**
 * The deep information models: Hermite coefficients, the kernel map and NNGP kernel, the exact pair sampler, the
 * information bounds and limits, the layer-wise equivalent features. Every property has a wrong variant that the same
 * check rejects; every tolerance is derived beside it.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { Rng } from '../src/core/random.ts';
import { mean, stderr, variance } from '../src/core/stats.ts';
import { gaussianMatrix } from '../src/core/randomMatrix.ts';
import { matmul } from '../src/core/gemm.ts';
import { symEigvals } from '../src/core/eigen.ts';
import { DimensionError, type Matrix } from '../src/core/matrix.ts';
import { BUILTIN_ACTIVATIONS, builtinLayer } from '../src/models/deep/activation.ts';
import { hiddenFeatures, sampleDeepTeacher, sampleInputs } from '../src/models/deep/deepTeacher.ts';
import { deepInformationGaussian, deepInformationSign, signConditionalEntropy } from '../src/models/deep/deepInformationLimit.ts';
import { effectiveGlm, effectiveGlmDecimal } from '../src/models/deep/effectiveGlm.ts';
import { hermiteCoefficients } from '../src/models/deep/hermiteCoefficients.ts';
import { gaussianInformationPerSample, glmInformationPerSample, readoutInformationPerSample } from '../src/models/deep/informationBounds.ts';
import { layerKernelMap, pairKernel } from '../src/models/deep/kernelMap.ts';
import { layerCoefficients } from '../src/models/deep/layerCoefficients.ts';
import { layerwiseEquivalentFeatures } from '../src/models/deep/layerwiseEquivalentFeatures.ts';
import { namedLayer, TANH2, tanh2x2 } from '../src/models/deep/namedArchitectures.ts';
import { inputGram, nngpKernel, nngpPair } from '../src/models/deep/nngpKernel.ts';
import { pairExpectation } from '../src/models/deep/pairExpectation.ts';
import { samplePairReadoutGram } from '../src/models/deep/pairReadoutGram.ts';
import { lastLayerAveragedGram, readoutGram } from '../src/models/deep/readoutGram.ts';
import { gaussianChannelDecimal } from '../src/models/glm/gaussianChannelDecimal.ts';
import { mutualInformationNSide } from '../src/models/glm/posteriorMean.ts';
import { decimalContext } from '../src/reference/decimal.ts';
import { ROOT_SEED } from './setup.ts';
import { EPS } from '../src/core/constants.ts';

const fcOpts = (runs: number) => ({ seed: ROOT_SEED | 0, numRuns: runs });
const logU = (lo: number, hi: number) => fc.integer({ min: 0, max: 10000 }).map((k) => 10 ** (lo + ((hi - lo) * k) / 10000));

test('Hermite coefficients: c₁(r) = κ1·√r and Σ c_k² = E φ² (Parseval), for tanh, erf and tanh(2x); κ1 without √r is rejected', () => {
  fc.assert(
    fc.property(fc.constantFrom('tanh', 'erf', 'tanh2'), logU(-1, 1), (name, r) => {
      const layer = namedLayer(name as 'tanh');
      const h = hermiteCoefficients(layer.activation.f, r);
      const c = layerCoefficients(layer, r);
      // Both sides are quadratures accurate to 1e-14 relative (trapezoid h vs 2h; core quadrature's stopping rule): 1e-13.
      expect(h.coeffs[1]).toBeCloseToRel(c.kappa1 * Math.sqrt(r), 1e-13, 1e-15);
      expect(h.secondMoment).toBeCloseToRel(c.q, 1e-13);
      // Parseval up to order 128: the tail is what `tails` bounds; the bound must hold.
      let s = 0;
      for (const v of h.coeffs) s += v * v;
      expect(c.q - s).toBeLessThanOrEqual(h.tails[h.tails.length - 1] + 1e-13 * c.q);
      // Wrong variant: κ1 itself (the §8 "E[hφ]/√r vs /r" family) differs from c₁ unless r = 1.
      if (Math.abs(r - 1) > 0.05) expect(Math.abs(h.coeffs[1] - c.kappa1)).toBeGreaterThan(1e-3 * c.kappa1);
    }),
    fcOpts(40),
  );
});

test('Hermite coefficients refuse a kinked function (sign) rather than return a slowly converged number', () => {
  expect(() => hermiteCoefficients(BUILTIN_ACTIVATIONS.sign.f, 1)).toThrow(/not smooth/);
  expect(() => hermiteCoefficients(Math.tanh, 0)).toThrow(DimensionError);
  expect(() => hermiteCoefficients(Math.tanh, Number.NaN)).toThrow(/variance r/);
});

test('kernel map: closed forms (erf, sign, ReLU) equal the generic quadrature path; the Φ-convention arcsine is rejected', () => {
  const acts = ['erf', 'sign', 'relu'] as const;
  fc.assert(
    fc.property(fc.constantFrom(...acts), logU(-1, 1), logU(-1, 1), fc.integer({ min: -999, max: 999 }), logU(-0.5, 0.5), (name, a, b, k, s2) => {
      const act = BUILTIN_ACTIVATIONS[name];
      const layer = { activation: act, weightVar: s2, shift: 0 };
      const c = (k / 1000) * Math.sqrt(a * b);
      const closed = pairKernel(layer, { c11: a, c22: b, c12: c });
      const quad = pairKernel(layer, { c11: a, c22: b, c12: c }, { method: 'quadrature' });
      // Quadrature path: relative 1e-13 per nested integral (inner errors averaged by the outer), values ≤ max(1, σ²·max(a, b));
      // the closed forms have a few ulps. 1e-11 absolute on the scale of the value leaves ×50 of headroom.
      const scale = Math.max(1, s2 * Math.max(a, b));
      expect(Math.abs(closed.k12 - quad.k12)).toBeLessThanOrEqual(1e-11 * scale);
      expect(Math.abs(closed.k11 - quad.k11)).toBeLessThanOrEqual(1e-11 * scale);
      if (name === 'erf' && Math.abs(k) > 100) {
        // Wrong variant: the arcsine of erf(x/√2) = 2Φ(x) − 1.
        const A = s2 * a, B = s2 * b, S = s2 * c;
        const wrong = (2 / Math.PI) * Math.asin(S / Math.sqrt((1 + A) * (1 + B)));
        expect(Math.abs(wrong - quad.k12)).toBeGreaterThan(1e-4);
      }
    }),
    fcOpts(30),
  );
});

test('kernel map: the Mehler series equals nested two-dimensional quadrature for tanh(2x), with a shift (centring); ρ³ dropped is rejected', () => {
  fc.assert(
    fc.property(logU(-0.7, 0.7), logU(-0.7, 0.7), fc.integer({ min: -700, max: 700 }), fc.integer({ min: -50, max: 50 }), (a, b, k, sh) => {
      const shift = sh / 100;
      const layer = { activation: TANH2.activation, weightVar: 1, shift };
      const c = (k / 1000) * Math.sqrt(a * b);
      const mehler = pairKernel(layer, { c11: a, c22: b, c12: c }).k12;
      const f = { f: (x: number) => TANH2.activation.f(x) - shift, breakpoints: [] };
      const nested = pairExpectation(f, f, { a, b, c });
      // Series: truncated at 1e-14 relative by its Parseval tail bound, coefficients to 1e-14; nested: relative 1e-13. Values ≤ 1.25.
      expect(Math.abs(mehler - nested)).toBeLessThanOrEqual(2e-12);
      // Wrong variant: only the constant and linear Hermite terms (the Gaussian-equivalent kernel) at |ρ| ≥ 0.3.
      if (Math.abs(k) >= 300) {
        const ha = hermiteCoefficients(f.f, a), hb = hermiteCoefficients(f.f, b);
        const lin = ha.coeffs[0] * hb.coeffs[0] + ha.coeffs[1] * hb.coeffs[1] * (k / 1000);
        expect(Math.abs(lin - nested)).toBeGreaterThan(1e-5);
      }
    }),
    fcOpts(25),
  );
});

test('NNGP kernel: symmetric, positive semi-definite to rounding, diagonal σ_a²q_L for unit-norm inputs', () => {
  const arch = { layers: [TANH2, builtinLayer('erf')], weightVars: [1.3, 0.8], readoutVar: 1.7 };
  const X = sampleInputs(40, 12, Rng.stream(ROOT_SEED, 'nngp-psd'));
  const K = nngpKernel(X, arch);
  const n = K.rows;
  let amax = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    expect(K.data[i * n + j]).toBe(K.data[j * n + i]);
    amax = Math.max(amax, Math.abs(K.data[i * n + j]));
  }
  // Each entry carries ≤ 1e-13·amax error (series/quadrature); Weyl: λ_min ≥ −n·1e-13·amax, plus the eigensolver's 4nε‖K‖.
  expect(Math.min(...symEigvals(K))).toBeGreaterThanOrEqual(-n * (1e-13 + 4 * EPS) * amax);
  // Unit-norm pair: the diagonal is σ_a² q_L of the deep recursion (quadratures at 1e-14 on both sides: 1e-13).
  const g = effectiveGlm(arch);
  expect(nngpPair({ c11: 1, c22: 1, c12: 0.3 }, arch).k11).toBeCloseToRel(g.outputVar, 1e-13);
  // Wrong variant: the readout variance dropped.
  expect(Math.abs(nngpPair({ c11: 1, c22: 1, c12: 0.3 }, arch).k11 / 1.7 - g.outputVar)).toBeGreaterThan(0.1);
});

test('NNGP kernel at one hidden layer equals E_W K_W: the real network and the exact pair sampler agree with it (t-tests, 1e-6 each)', () => {
  const arch = { layers: [builtinLayer('tanh')], weightVars: [1.7], readoutVar: 1.2 };
  const d = 10;
  const width = 12;
  // A strongly correlated pair (x′ = 0.8x + 0.6z), so the kernel's non-linear terms matter.
  const X = sampleInputs(2, d, Rng.stream(ROOT_SEED, 'pair-x'));
  for (let j = 0; j < d; j++) X.data[d + j] = 0.8 * X.data[j] + 0.6 * X.data[d + j];
  const G = inputGram(X);
  const gram = { c11: G.data[0], c22: G.data[3], c12: G.data[1] };
  const Kbar = nngpPair(gram, arch).k12;
  const R = 3000;
  const real = new Float64Array(R);
  const pair = new Float64Array(R);
  for (let r = 0; r < R; r++) {
    const t = sampleDeepTeacher({ ...arch, widths: [width / d] }, d, Rng.stream(ROOT_SEED, 'pair-real', r));
    real[r] = readoutGram(t, X).data[1];
    pair[r] = samplePairReadoutGram(gram, { arch, widths: [width] }, Rng.stream(ROOT_SEED, 'pair-sampler', r)).c12;
  }
  // |t| ≤ 5: two-sided false alarm 6e-7 per test (normal approximation of means of 3000 bounded draws).
  expect(Math.abs(mean(real) - Kbar) / stderr(real)).toBeLessThan(5);
  expect(Math.abs(mean(pair) - Kbar) / stderr(pair)).toBeLessThan(5);
  // Same law: the variances agree (ratio of sample variances within 1 ± 5·√(2/R)·(kurtosis margin 1.5) = 1 ± 0.2).
  expect(variance(pair) / variance(real)).toBeGreaterThan(0.8);
  expect(variance(pair) / variance(real)).toBeLessThan(1.25);
  // Wrong variant: the weight variance dropped moves K̄ by far more than 5 standard errors.
  const wrong = nngpPair(gram, { ...arch, weightVars: [1] }).k12;
  expect(Math.abs(mean(real) - wrong) / stderr(real)).toBeGreaterThan(5);
});

test('readout Gram: the n × n and d_L × d_L (Sylvester) log-determinants agree; K̃ = K̄ for one hidden layer', () => {
  fc.assert(
    fc.property(fc.integer({ min: 4, max: 14 }), fc.integer({ min: 0, max: 1e6 }), logU(-1.5, 0), (d, seed, delta) => {
      const arch = { layers: [TANH2, builtinLayer('erf')], widths: [1.5, 0.7], readoutVar: 1.3 };
      const rng = Rng.stream(ROOT_SEED, 'sylvester', seed);
      const X = sampleInputs(2 * d, d, rng);
      const t = sampleDeepTeacher(arch, d, rng);
      const K = readoutGram(t, X);
      const a = gaussianInformationPerSample(K, delta);
      const b = readoutInformationPerSample(t, X, delta);
      // Cholesky: ‖ΔA‖ ≤ γ_{m+1}·m·‖A‖ (Higham 10.3) ⇒ |Δ log det| ≤ m²(m+1)ε·κ(A) with κ(A) ≤ 1 + tr K/Δ; the Gram entries add
      // ≤ d_L·ε relative. m ≤ n = 28: tolerance 2·n³·ε·(1 + tr K/Δ)/n per sample, summed for both sides.
      let tr = 0;
      for (let i = 0; i < K.rows; i++) tr += K.data[i * K.rows + i];
      expect(Math.abs(a - b)).toBeLessThanOrEqual(4 * K.rows ** 2 * EPS * (1 + tr / delta));
      // Wrong variant: the readout variance forgotten on one side.
      expect(Math.abs(readoutInformationPerSample({ ...t, arch: { ...t.arch, readoutVar: 1 } }, X, delta) - a)).toBeGreaterThan(1e-6);
    }),
    fcOpts(20),
  );
  const arch1 = { layers: [builtinLayer('tanh')], weightVars: [1.4], widths: [2] };
  const X = sampleInputs(9, 6, Rng.stream(ROOT_SEED, 'ktilde'));
  const t = sampleDeepTeacher(arch1, 6, Rng.stream(ROOT_SEED, 'ktilde-w'));
  const Kt = lastLayerAveragedGram(t, X);
  const Kb = nngpKernel(X, arch1);
  // Same map on the same Gram: identical up to the order of a few operations.
  for (let i = 0; i < Kt.data.length; i++) expect(Kt.data[i]).toBeCloseToRel(Kb.data[i], 1e-15, 1e-16);
});

test('the effective GLM\'s information given X agrees with the GLM module; the deep lower bound exceeds it for tanh(2x) × 2', () => {
  const arch = tanh2x2({ gamma: 1.4 });
  const g = effectiveGlm(arch);
  const d = 40;
  const X = sampleInputs(80, d, Rng.stream(ROOT_SEED, 'vonly'));
  const v = glmInformationPerSample(X, g, 0.1);
  // Same n × n Cholesky of the same matrix up to the order of scaling: a few ulps of a log-det of size ≤ 80.
  expect(v).toBeCloseToRel(mutualInformationNSide(X, g.s, g.epsTot + 0.1) / 80, 1e-12);
  const lows = Array.from({ length: 4 }, (_, r) => readoutInformationPerSample(sampleDeepTeacher(arch, d, Rng.stream(ROOT_SEED, 'vonly-w', r)), X, 0.1));
  // The measured lower bound (≈ 0.53) exceeds the v-only value (≈ 0.32) by ≫ its spread (≈ 0.003): the convention is ruled out.
  expect(mean(lows) - 10 * stderr(lows)).toBeGreaterThan(v);
});

test('the limit formula: tanh(2x) × 2 at α = 2, Δ = 0.1 agrees with a 40-digit evaluation (decimal.js), and the v-only value is 0.3237', () => {
  const arch = tanh2x2({ gamma: 1.4 });
  const g = effectiveGlm(arch);
  const lim = deepInformationGaussian(g, 2, 0.1);
  const Dm = decimalContext({ precision: 40 });
  const gd = effectiveGlmDecimal(arch, { precision: 40 });
  const delta = new Dm('0.1');
  const Dd = new Dm(gd.epsTot).plus(delta).div(gd.s);
  const ref = new Dm(gaussianChannelDecimal(2, Dd, { precision: 40 }).miPerSample).plus(new Dm(gd.epsTot).div(delta).plus(1).ln().div(2));
  // Float64: coefficients to 1e-13 relative (deep-models fixture test), the closed-form m and logs add a few ulps: 1e-12.
  expect(lim.perSample).toBeCloseToRel(ref.toNumber(), 1e-12);
  expect(lim.perSample).toBeCloseToRel(0.7868329, 1e-7); // §4 of the math notes (7 digits)
  expect(lim.glmPerSample).toBeCloseToRel(0.3237003, 1e-6);
  // Wrong variant: the v-only value is not the deep network's information.
  expect(Math.abs(lim.glmPerSample - ref.toNumber())).toBeGreaterThan(0.4);
});

test('sign channel: H(Y|θ,X) = 0 at Δ = 0; 0 ≤ I∞ ≤ log 2; H(Y|θ,X) ≤ H(Y|v,X) by concavity; bad input is refused', () => {
  const g = effectiveGlm(tanh2x2({ gamma: 1.4 }));
  const z = deepInformationSign(g, 2, 0);
  expect(z.conditionalEntropy).toBe(0);
  expect(z.perSample).toBeGreaterThan(0);
  expect(z.perSample).toBeLessThanOrEqual(Math.LN2);
  const p = deepInformationSign(g, 2, 0.1);
  expect(p.conditionalEntropy).toBeLessThan(p.glmConditionalEntropy);
  expect(signConditionalEntropy(g.s + g.epsTot, 0.1)).toBe(p.conditionalEntropy);
  expect(() => signConditionalEntropy(0, 0.1)).toThrow(/outputVar/);
  expect(() => deepInformationGaussian(g, 2, 0)).toThrow(/delta/);
  expect(() => deepInformationSign(g, -1, 0.1)).toThrow(/alpha/);
});

test('layer-wise equivalent features: κ1 = 1, ε = 0 reproduce the linear network exactly; one layer is the same in both noise modes', () => {
  const rng = Rng.stream(ROOT_SEED, 'eqfeat');
  const X = gaussianMatrix(7, 5, rng);
  const W = [gaussianMatrix(6, 5, rng), gaussianMatrix(4, 6, rng)];
  const E = layerwiseEquivalentFeatures(X, { weights: W, coefs: [{ kappa0: 0, kappa1: 1, eps: 0 }, { kappa0: 0, kappa1: 1, eps: 0 }] }, Rng.stream(ROOT_SEED, 'n'));
  const lin = matmul(matmul(X, W[0], { transB: true, alpha: 1 / Math.sqrt(5) }), W[1], { transB: true, alpha: 1 / Math.sqrt(6) });
  expect(Array.from(E.data)).toEqual(Array.from(lin.data));
  const c = [{ kappa0: 0, kappa1: 0.7, eps: 0.2 }];
  const a = layerwiseEquivalentFeatures(X, { weights: W.slice(0, 1), coefs: c }, Rng.stream(ROOT_SEED, 'm'));
  const b = layerwiseEquivalentFeatures(X, { weights: W.slice(0, 1), coefs: c }, Rng.stream(ROOT_SEED, 'm'), { noise: 'output' });
  expect(Array.from(a.data)).toEqual(Array.from(b.data));
  // Wrong variant at depth 2: the output-noise mode differs.
  const c2 = [c[0], { kappa0: 0, kappa1: 0.5, eps: 0.1 }];
  const a2 = layerwiseEquivalentFeatures(X, { weights: W, coefs: c2 }, Rng.stream(ROOT_SEED, 'k'));
  const b2 = layerwiseEquivalentFeatures(X, { weights: W, coefs: c2 }, Rng.stream(ROOT_SEED, 'k'), { noise: 'output' });
  expect(Array.from(a2.data)).not.toEqual(Array.from(b2.data));
  expect(() => layerwiseEquivalentFeatures(X, { weights: [W[1]], coefs: c }, rng)).toThrow(/columns/);
  expect(() => layerwiseEquivalentFeatures(X, { weights: W, coefs: c }, rng)).toThrow(/coefs/);
  expect(() => layerwiseEquivalentFeatures(X, { weights: W.slice(0, 1), coefs: [{ kappa0: 0, kappa1: 1, eps: -1 }] }, rng)).toThrow(RangeError);
});

test('bad input gets a clear error naming the argument', () => {
  const layer = { activation: BUILTIN_ACTIVATIONS.tanh, weightVar: 1, shift: 0 };
  const M = (rows: number, cols: number, data: number[]): Matrix => ({ rows, cols, data: Float64Array.from(data), offset: 0, stride: cols });
  expect(() => layerKernelMap(M(2, 2, [1, 0.5, 0.4, 1]), layer)).toThrow(/not symmetric/);
  expect(() => layerKernelMap(M(2, 2, [1, 2, 2, 1]), layer)).toThrow(/positive semi-definite/);
  expect(() => layerKernelMap(M(2, 2, [0, 0, 0, 1]), layer)).toThrow(/C\[\d\]\[\d\]/);
  expect(() => layerKernelMap(M(2, 3, [1, 0, 0, 0, 1, 0]), layer)).toThrow(/square/);
  expect(() => layerKernelMap(M(1, 1, [1]), { ...layer, weightVar: -1 })).toThrow(/weightVar/);
  expect(() => layerKernelMap(M(1, 1, [1]), { ...layer, shift: Number.NaN })).toThrow(/shift/);
  expect(() => gaussianInformationPerSample(M(1, 1, [1]), 0)).toThrow(/delta/);
  expect(() => samplePairReadoutGram({ c11: 1, c22: 1, c12: 2 }, { arch: { layers: [TANH2] }, widths: [4] }, Rng.stream(1, 'x'))).toThrow(/positive semi-definite/);
  expect(() => samplePairReadoutGram({ c11: 1, c22: 1, c12: 0 }, { arch: { layers: [TANH2] }, widths: [4, 4] }, Rng.stream(1, 'x'))).toThrow(/widths/);
  expect(() => samplePairReadoutGram({ c11: 1, c22: 1, c12: 0 }, { arch: { layers: [TANH2] }, widths: [0] }, Rng.stream(1, 'x'))).toThrow(/widths\[0\]/);
  expect(() => pairExpectation({ f: Math.tanh, breakpoints: [] }, { f: Math.tanh, breakpoints: [] }, { a: -1, b: 1, c: 0 })).toThrow(/variance a/);
  expect(() => glmInformationPerSample(M(1, 1, [1]), { s: 0, epsTot: 0 }, 0.1)).toThrow(/signal strength/);
});

test('hidden features of the teacher are what the readout Gram uses (no hidden rescaling)', () => {
  const arch = { layers: [TANH2], widths: [1.5], readoutVar: 2 };
  const rng = Rng.stream(ROOT_SEED, 'feat');
  const X = sampleInputs(5, 4, rng);
  const t = sampleDeepTeacher(arch, 4, rng);
  const H = hiddenFeatures(t, X);
  const K = readoutGram(t, X);
  let s = 0;
  for (let j = 0; j < H.cols; j++) s += H.data[j] * H.data[H.cols + j];
  // One dot product of 6 terms, scaled: a few ulps.
  expect(K.data[1]).toBeCloseToRel((2 * s) / H.cols, 8 * EPS * H.cols, 1e-300);
});
