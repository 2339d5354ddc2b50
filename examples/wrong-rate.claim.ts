/**
 * A wrong claimed rate, refuted: the finite-size MMSE of the Gaussian-channel GLM converges at n^-1, not n^-1/2.
 *
 * E[MMSE_d] = (1/d) E tr(I + XᵀX/(dD))⁻¹ over Gaussian X (n = αd rows) tends to the replica MMSE m(α, D) of the
 * replica-symmetric formula. The derivation being audited claims the error is of order d^-1/2; the ladder's fitted
 * order comes out near 1 with a small standard error, so "exactly 1/2" is refuted.
 */
import { defineClaim } from 'lemmata';
import { mmseGaussian } from 'lemmata/models';
import { choleskyInPlace, zeros, type Matrix } from 'lemmata/core';

const ALPHA = 2;
const D = 0.37;

interface Impl {
  limit: () => number;
}

/** (1/d) tr(I + XᵀX/(dD))⁻¹ for one Gaussian X, via the Cholesky factor of A = I + XᵀX/(dD): tr A⁻¹ = ‖L⁻¹‖_F². */
function finiteMmse(d: number, next: () => number): number {
  const n = Math.round(ALPHA * d);
  const X = Array.from({ length: n * d }, next);
  const A: Matrix = zeros(d, d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += X[k * d + i] * X[k * d + j];
      A.data[i * d + j] = A.data[j * d + i] = s / (d * D) + (i === j ? 1 : 0);
    }
  }
  choleskyInPlace(A);
  // Invert L column by column (forward substitution) and sum the squares of L⁻¹.
  let tr = 0;
  const y = new Float64Array(d);
  for (let c = 0; c < d; c++) {
    for (let i = 0; i < d; i++) {
      let s = i === c ? 1 : 0;
      for (let k = c; k < i; k++) s -= A.data[i * d + k] * y[k];
      y[i] = i < c ? 0 : s / A.data[i * d + i];
      tr += y[i] * y[i];
    }
  }
  return tr / d;
}

export default defineClaim<Impl>({
  id: 'EX.rate',
  title: 'The finite-size GLM MMSE converges at order 1/2',
  kind: 'limit',
  source: { paper: 'my derivation', ref: 'Lemma 2 (claimed rate d^-1/2)' },
  statement: `For α = ${ALPHA}, D = ${D}: |E MMSE_d − m(α, D)| ~ d^-1/2.`,
  quantity: 'E[MMSE_d]',
  size: 'd',
  ladder: { quick: { n0: 8, levels: 4, replicates: 2000 }, ci: { n0: 8, levels: 5, replicates: 3000 }, full: { n0: 8, levels: 6, replicates: 8000 } },
  sample: (d, ctx) => finiteMmse(d, () => ctx.rng.normal()),
  limit: (impl) => impl.limit(),
  rate: { order: 0.5, sense: 'exactly', delta: 0.2, derivation: 'the derivation\'s Lemma 2' },
  impl: { limit: () => mmseGaussian(ALPHA, D) },
  tolerance: 'Weighted log-log fit of the mean error; two-sided test of the order at the audit\'s budget.',
  variants: [{ name: 'noiseless-limit', why: 'the D → 0 limit max(0, 1 − α) as E_∞', impl: { limit: () => Math.max(0, 1 - ALPHA) } }],
});
