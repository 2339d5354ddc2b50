/**
 * The Float64 GLM formulas against the high-precision fixture (fixtures/glm/reference.json, written by
 * fixtures/glm/make-reference.ts from this project's decimal.js references), and the reference values of
 * shared/math/deep-gaussian-equivalence.md §9.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { freeEntropyGaussian, genErrorNoisyGaussian, miGaussian, mmseGaussian } from '../src/models/glm/gaussianChannel.ts';
import { gaussianChannelDecimal } from '../src/models/glm/gaussianChannelDecimal.ts';
import { probitClassError, probitFixedPoint, probitMutualInformation } from '../src/models/glm/probitChannel.ts';
import { ridgeReplica } from '../src/models/glm/ridgeReplica.ts';
import { decimalContext } from '../src/reference/decimal.ts';

interface Fixture {
  gaussian: Array<{ alpha: string; D: string; mmse: string; miPerDim: string; genErrorNoisy: string; freeEntropy: string }>;
  probit: Array<{ alpha: string; D: string; mmse: string; miPerDim: string; classError: string }>;
  ridge: Array<{ alpha: string; lambda: string; s: string; epsTot: string; Delta: string; testErrorNoisy: string; m: string; q: string }>;
}
const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'glm', 'reference.json'), 'utf8')) as Fixture;

// Float64 bound: the Gaussian formulas are ≤ 30 roundings with condition ≤ 10 on these points (≤ 300ε ≈ 7e-14); the probit
// ones carry the quadrature's 1e-14 relative error amplified by ≤ 1/(1 − 0.5) (G8.probit): 1e-13 relative for both.
const REL = 1e-13;

test.each(fixture.gaussian)('gaussian channel at α = $alpha, D = $D matches the 40-digit fixture', (p) => {
  const a = Number(p.alpha);
  const D = Number(p.D);
  expect(mmseGaussian(a, D)).toBeCloseToRel(Number(p.mmse), REL);
  expect(miGaussian(a, D)).toBeCloseToRel(Number(p.miPerDim), REL);
  expect(genErrorNoisyGaussian(a, D)).toBeCloseToRel(Number(p.genErrorNoisy), REL);
  expect(freeEntropyGaussian(a, D)).toBeCloseToRel(Number(p.freeEntropy), REL);
});

test.each(fixture.probit)('probit channel at α = $alpha, D = $D matches the 30-digit fixture', (p) => {
  const a = Number(p.alpha);
  const D = Number(p.D);
  const fp = probitFixedPoint(a, D);
  expect(fp.mmse).toBeCloseToRel(Number(p.mmse), REL);
  expect(probitMutualInformation({ m: fp.mmse, qhat: fp.qhat, alpha: a, D })).toBeCloseToRel(Number(p.miPerDim), REL);
  expect(probitClassError(fp.mmse, D)).toBeCloseToRel(Number(p.classError), REL);
});

test.each(fixture.ridge)('ridge at α = $alpha, λ = $lambda matches the fixture', (p) => {
  const r = ridgeReplica(Number(p.alpha), Number(p.lambda), { s: Number(p.s), epsTot: Number(p.epsTot), Delta: Number(p.Delta) });
  expect(r.testErrorNoisy).toBeCloseToRel(Number(p.testErrorNoisy), REL);
  expect(r.m).toBeCloseToRel(Number(p.m), REL);
  expect(r.q).toBeCloseToRel(Number(p.q), REL);
});

// §9: Cui et al.'s tanh(2x), L = 2 architecture: s and ε_tot to 25 digits; D = (ε_tot + Δ)/s; m and the clean error s·m + ε_tot
// printed to 12 decimals. The high-precision value must round to the printed one: |Δ| ≤ 5e-13 (+ 1e-13 for the printed D).
const S = '0.4090945176105272348175715';
const EPS_TOT = '0.1525061195831021899722338';
const TABLE: Array<[string, string, string, string]> = [
  ['0', '0.5', '0.677474219081', '0.429657108432'],
  ['0', '2', '0.232260361154', '0.247522559989'],
  ['0.1', '2', '0.318811006997', '0.282929954699'],
  ['0.1', '7', '0.091997414722', '0.190141757580'],
];

test.each(TABLE)('§9: Δ = %s, α = %s gives m = %s and clean error %s (the noisy error does not)', (Delta, alpha, m, clean) => {
  const W = decimalContext({ precision: 40 });
  const s = new W(S);
  const eps = new W(EPS_TOT);
  const D = eps.plus(Delta).div(s);
  const g = gaussianChannelDecimal(alpha, D, { precision: 40 });
  expect(Math.abs(g.mmse.minus(m).toNumber())).toBeLessThanOrEqual(6e-13);
  const cleanErr = s.times(g.mmse).plus(eps);
  expect(Math.abs(cleanErr.minus(clean).toNumber())).toBeLessThanOrEqual(6e-13);
  // Wrong variant (§8): the noisy-label error s·m + ε_tot + Δ where the clean one is meant.
  if (Delta !== '0') expect(Math.abs(cleanErr.plus(Delta).minus(clean).toNumber())).toBeGreaterThan(1e-3);
  // The Float64 formula agrees with the reference at the same (rounded) inputs.
  expect(mmseGaussian(Number(alpha), D.toNumber())).toBeCloseToRel(g.mmse.toNumber(), REL);
});
