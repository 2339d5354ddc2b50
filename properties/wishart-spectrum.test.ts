/**
 * The Dumitriu–Edelman bidiagonal model has the law of the spectrum of XᵀX/d: checked against
 * dense Gram eigenvalues by two-sample tests (each with a stated false-alarm probability).
 */
import { expect, test } from 'vitest';
import { Rng } from '../src/core/random.ts';
import { gaussianMatrix } from '../src/core/randomMatrix.ts';
import { mean, stderr } from '../src/core/stats.ts';
import { mmseFromSpectrum, spectrumOverD } from '../src/models/glm/finiteGaussian.ts';
import { wishartSpectrumOverD } from '../src/models/glm/wishartSpectrum.ts';
import { ROOT_SEED } from './setup.ts';

const R = 1500;
/** Two-sample z threshold: P(|Z| > 4.42) = 1e-5 per comparison. */
const Z = 4.42;

function compare(n: number, d: number, stat: (lambda: Float64Array) => number, model = wishartSpectrumOverD) {
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < R; r++) {
    a.push(stat(model(n, d, Rng.stream(ROOT_SEED, 'wishart-bidiag', n, d, r))));
    b.push(stat(spectrumOverD(gaussianMatrix(n, d, Rng.stream(ROOT_SEED, 'wishart-dense', n, d, r)))));
  }
  return Math.abs(mean(a) - mean(b)) / Math.hypot(stderr(a), stderr(b));
}

const mmse = (l: Float64Array) => mmseFromSpectrum(l, 0.37, l.length);
const top = (l: Float64Array) => l[l.length - 1];

test.each([
  [40, 20],
  [12, 24],
])('n = %i, d = %i: MMSE statistic and largest eigenvalue agree in mean with the dense model', (n, d) => {
  expect(compare(n, d, mmse)).toBeLessThan(Z);
  expect(compare(n, d, top)).toBeLessThan(Z);
});

test('wrong variant: a bidiagonal model with the sub-diagonal degrees shifted by one is detected', () => {
  const shifted = (n: number, d: number, rng: Rng) => {
    // χ_{m−i} instead of χ_{m−1−i} on the sub-diagonal: inflates the spectrum.
    const m = Math.min(n, d);
    const p = Math.max(n, d);
    const a = Array.from({ length: m }, (_, i) => Math.sqrt(rng.chiSquare(p - i)));
    const b = Array.from({ length: m - 1 }, (_, i) => Math.sqrt(rng.chiSquare(m - i)));
    const G = new Float64Array(d);
    // Trace only is enough to expose it: Σλ = (Σa² + Σb²)/d.
    G[d - 1] = (a.reduce((s, x) => s + x * x, 0) + b.reduce((s, x) => s + x * x, 0)) / d;
    return G;
  };
  const trace = (l: Float64Array) => l.reduce((s, x) => s + x, 0);
  expect(compare(40, 20, trace, shifted)).toBeGreaterThan(Z);
  expect(compare(40, 20, trace)).toBeLessThan(Z);
});
