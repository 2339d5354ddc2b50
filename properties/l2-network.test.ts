/**
 * The L2 network model (`src/models/l2/activation.ts`, `network.ts`, `lbfgs.ts`): activation derivatives and
 * homogeneity flags, exact backprop gradients against central finite differences, JSON (de)serialisation with
 * validation errors naming the field, and the L-BFGS trainer. Each check comes with a wrong variant it must reject.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { fromRows, toRows, type Matrix } from '../src/core/matrix.ts';
import { deriveSeed32, Rng } from '../src/core/random.ts';
import { gaussianMatrix, randomSpd } from '../src/core/randomMatrix.ts';
import {
  absolute,
  L2ActivationError,
  CONTROL_ACTIVATIONS,
  HOMOGENEOUS_ACTIVATIONS,
  identityActivation,
  leakyRelu,
  parseActivation,
  relu,
  relu2,
  softplus,
  tanhActivation,
  type L2Activation,
} from '../src/models/l2/activation.ts';
import { lbfgs, LbfgsError } from '../src/models/l2/lbfgs.ts';
import {
  flattenWeights,
  forward,
  gradients,
  loss,
  lossAndGradient,
  NetworkError,
  networkFromJson,
  networkToJson,
  randomWeights,
  unflattenWeights,
  weightShapes,
  withWeights,
  type L2Network,
} from '../src/models/l2/network.ts';
import { ROOT_SEED } from './setup.ts';
import { EPS } from '../src/core/constants.ts';

const ALL: L2Activation[] = [relu, leakyRelu(0.2), absolute, identityActivation, tanhActivation, softplus, relu2];
const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });

function smallNet(seed: number, act: L2Activation, lambda: number, beta: number): L2Network {
  const rng = Rng.stream(seed, 'l2-net');
  const N = 2 + rng.int(4);
  const n0 = 1 + rng.int(4);
  const widths = [n0, 2 + rng.int(5), ...(rng.int(2) ? [2 + rng.int(4)] : []), 1 + rng.int(2)];
  const X = gaussianMatrix(n0, N, rng);
  const Y = gaussianMatrix(widths[widths.length - 1], N, rng);
  return withWeights({ activation: act, beta, lambda, X, Y }, randomWeights(widths, rng));
}

/** Central difference of σ at x with step h·max(1, |x|). */
const fdScalar = (f: (x: number) => number, x: number, h: number): number => {
  const s = h * Math.max(1, Math.abs(x));
  return (f(x + s) - f(x - s)) / (2 * s);
};

test('activation derivatives match central differences away from the kink (and a wrong derivative is rejected)', () => {
  // Central difference with h = 1e-5·max(1,|x|): truncation h²|σ'''|/6 ≤ 2e-10·max(1,|x|)² for these σ (|σ'''| ≤ 2 on |x| ≤ 4),
  // rounding 2ε|σ(x)|/h ≤ 2e-11·(1 + |x|²). Tolerance 1e-8 covers both with margin 10; |x| ≥ 1e-3 keeps the stencil off the kink.
  const tol = 1e-8;
  const check = (sigma: L2Activation, deriv: (x: number) => number, x: number): boolean => Math.abs(deriv(x) - fdScalar((y) => sigma.value(y), x, 1e-5)) <= tol * (1 + x * x);
  fc.assert(
    fc.property(fc.integer({ min: 0, max: ALL.length - 1 }), fc.integer({ min: -4000, max: 4000 }).filter((k) => k !== 0), (a, k) => {
      const x = k / 1000;
      const sigma = ALL[a];
      return check(sigma, (y) => sigma.derivative(y), x);
    }),
    { seed: deriveSeed32(ROOT_SEED, 'l2-activation-derivative') | 0, numRuns: 500 },
  );
  // Wrong variant: tanh' written 1 − tanh (not squared) is rejected by the same check at x = 0.5.
  expect(check(tanhActivation, (y) => 1 - Math.tanh(y), 0.5)).toBe(false);
});

test('the homogeneous flag is σ(cx) = cσ(x) for c > 0 (and ReLU² flagged homogeneous would be caught)', () => {
  // σ(cx) and cσ(x) are each one or two roundings of the same real number: |Δ| ≤ 4ε·|cσ(x)| for the homogeneous σ.
  const isHom = (sigma: L2Activation, x: number, c: number): boolean => Math.abs(sigma.value(c * x) - c * sigma.value(x)) <= 4 * EPS * Math.abs(c * sigma.value(x)) + 1e-300;
  fc.assert(
    fc.property(fc.integer({ min: -3000, max: 3000 }), fc.integer({ min: -2000, max: 2000 }), (k, j) => {
      const x = k / 1000;
      const c = 10 ** (j / 1000);
      for (const s of HOMOGENEOUS_ACTIVATIONS) if (!s.homogeneous || !isHom(s, x, c)) return false;
      return true;
    }),
    { seed: deriveSeed32(ROOT_SEED, 'l2-activation-homogeneous') | 0, numRuns: 300 },
  );
  for (const s of CONTROL_ACTIVATIONS) {
    expect(s.homogeneous).toBe(false);
    // The same check rejects every control at x = 1, c = 2 (so a wrong flag would be caught).
    expect(isHom(s, 1, 2)).toBe(false);
  }
});

test('parseActivation reads back every name and rejects unknown ones with the name', () => {
  for (const s of ALL) expect(parseActivation(s.name).name).toBe(s.name);
  expect(parseActivation('leaky_relu(0.3)').value(-1)).toBe(-0.3);
  expect(() => parseActivation('gelu')).toThrow(L2ActivationError);
  expect(() => parseActivation('gelu')).toThrow(/gelu/);
  expect(() => parseActivation('leaky-relu(x)')).toThrow(/slope/);
  expect(() => leakyRelu(NaN)).toThrow(L2ActivationError);
});

test('parseActivation: one rule, case-insensitive for every name (ReLU = relu, Leaky-ReLU(0.1) = leaky-relu(0.1)); no prototype names', () => {
  for (const s of ALL) {
    for (const v of [s.name.toUpperCase(), s.name[0].toUpperCase() + s.name.slice(1), `  ${s.name}  `]) expect(parseActivation(v).name).toBe(s.name);
  }
  expect(parseActivation('ReLU')).toBe(parseActivation('relu'));
  expect(parseActivation('Leaky-ReLU(0.1)').name).toBe('leaky-relu(0.1)');
  expect(parseActivation('LEAKYRELU(0.5)').value(-2)).toBe(-1);
  for (const bad of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'ReLU6', 'leaky-relu(1e999)']) expect(() => parseActivation(bad)).toThrow(L2ActivationError);
});

/** max_k |∂L/∂θ_k − FD_k| / (1 + |L|) with central differences of step h. */
function gradientFdError(net: L2Network, grads: Float64Array, h: number): number {
  const shapes = weightShapes(net.weights);
  const theta = flattenWeights(net.weights);
  let worst = 0;
  for (let k = 0; k < theta.length; k++) {
    const a = theta.slice();
    a[k] += h;
    const b = theta.slice();
    b[k] -= h;
    const fd = (loss(withWeights(net, unflattenWeights(a, shapes))) - loss(withWeights(net, unflattenWeights(b, shapes)))) / (2 * h);
    worst = Math.max(worst, Math.abs(fd - grads[k]));
  }
  return worst;
}

test('backprop gradients of L_λ match central differences, every activation (and the λ-not-2λ gradient is rejected)', () => {
  // Central differences with h = 1e-6: truncation h²·|∂³L|/6 ≲ 1e-12·M3 and rounding ≈ 2ε|L|/h ≈ 4e-10·|L|; a ReLU kink
  // inside the stencil (probability ~ h per pre-activation) adds up to h·|∂²|. Tolerance 1e-6·(1 + |L|): margin ≥ 100 over both.
  const h = 1e-6;
  fc.assert(
    fc.property(seedArb, fc.integer({ min: 0, max: ALL.length - 1 }), fc.integer({ min: 0, max: 1000 }), fc.constantFrom(0, 0.5, 1), (seed, a, lk, beta) => {
      const lambda = 10 ** (-2 + (2 * lk) / 1000);
      const net = smallNet(seed, ALL[a], lambda, beta);
      const g = gradients(net);
      const tol = 1e-6 * (1 + Math.abs(g.loss));
      if (!(gradientFdError(net, flattenWeights(g.grads), h) <= tol)) return false;
      // Wrong variant: ∇(λ‖W‖²) taken as λW. Rejected by the same check whenever λ·max|W| exceeds the tolerance.
      const wrong = flattenWeights(g.grads);
      const theta = flattenWeights(net.weights);
      for (let k = 0; k < wrong.length; k++) wrong[k] -= lambda * theta[k];
      let wmax = 0;
      for (const t of theta) wmax = Math.max(wmax, Math.abs(t));
      return lambda * wmax <= 2 * tol || gradientFdError(net, wrong, h) > tol;
    }),
    { seed: deriveSeed32(ROOT_SEED, 'l2-gradient-fd') | 0, numRuns: 60 },
  );
});

test('cost and loss follow the paper: C = (1/N)‖Z_L − Y‖², L = C + λΣ‖W‖² (no 1/N on the regulariser)', () => {
  // Hand-computed 1-neuron ReLU net: X = [1, −1], β = 1, W_1 = [2, 0.5], W_2 = [3, −1], Y = [0, 0].
  // Z_1 = [2.5, −1.5], σ = [2.5, 0], Z^σ_1 = [[2.5, 0], [1, 1]], Z_2 = [6.5, −1]; C = (42.25 + 1)/2 = 21.625;
  // λΣ‖W‖² = 0.1·(4.25 + 10) = 1.425.
  const net = withWeights(
    { activation: relu, beta: 1, lambda: 0.1, X: fromRows([[1, -1]]), Y: fromRows([[0, 0]]) },
    [fromRows([[2, 0.5]]), fromRows([[3, -1]])],
  );
  const g = gradients(net);
  expect(toRows(g.forward.Z[2])).toEqual([[6.5, -1]]);
  expect(g.cost).toBe(21.625);
  expect(g.loss).toBeCloseToRel(21.625 + 1.425, 4 * EPS);
  // Wrong variant (a 1/N on the regulariser) would give 21.625 + 0.7125, which the same matcher rejects.
  expect(g.loss).not.toBeCloseToRel(21.625 + 0.7125, 4 * EPS);
});

test('JSON round-trips exactly; malformed files throw errors naming the field', () => {
  fc.assert(
    fc.property(seedArb, fc.integer({ min: 0, max: ALL.length - 1 }), (seed, a) => {
      const net = smallNet(seed, ALL[a], 0.01, 0.5);
      const back = networkFromJson(JSON.parse(JSON.stringify(networkToJson(net))));
      return back.activation.name === net.activation.name && loss(back) === loss(net) && JSON.stringify(networkToJson(back)) === JSON.stringify(networkToJson(net));
    }),
    { seed: deriveSeed32(ROOT_SEED, 'l2-json') | 0, numRuns: 30 },
  );
  const good = networkToJson(smallNet(7, relu, 0.01, 1));
  const bad = (patch: Record<string, unknown>): unknown => ({ ...good, ...patch });
  expect(() => networkFromJson(bad({ activation: 'swish' }))).toThrow(/unknown activation 'swish'/);
  expect(() => networkFromJson(bad({ beta: 'one' }))).toThrow(/beta/);
  expect(() => networkFromJson(bad({ lambda: -1 }))).toThrow(/lambda/);
  const { weights: _w, ...noWeights } = good;
  expect(() => networkFromJson(noWeights)).toThrow(/missing field 'weights'/);
  const X = good.X.map((r) => r.slice());
  X[0][0] = NaN;
  expect(() => networkFromJson(bad({ X }))).toThrow(/X\[0\]\[0\] must be a finite number/);
  expect(() => networkFromJson(bad({ X: [...good.X, [1]] }))).toThrow(/ragged/);
  const w = good.weights.map((m) => m.map((r) => r.slice()));
  w[1] = w[1].map((r) => r.slice(1));
  expect(() => networkFromJson(bad({ weights: w }))).toThrow(/weights\[1\] is/);
  expect(() => networkFromJson(bad({ Y: good.Y.map((r) => r.slice(1)) }))).toThrow(/Y has/);
  expect(() => networkFromJson([1, 2])).toThrow(NetworkError);
});

test('forward validates its input and returns all Z_ℓ and Z^σ_ℓ with the β row', () => {
  const net = smallNet(3, tanhActivation, 0.01, 0.7);
  const fw = forward(net);
  const L = net.weights.length;
  expect(fw.Z.length).toBe(L + 1);
  expect(fw.Zs.length).toBe(L);
  for (let l = 0; l < L; l++) {
    const zs = fw.Zs[l];
    expect(zs.rows).toBe(net.weights[l].cols);
    for (let j = 0; j < zs.cols; j++) expect(zs.data[(zs.rows - 1) * zs.cols + j]).toBe(0.7);
  }
  expect(() => forward(net, { X: gaussianMatrix(net.X.rows + 1, 3, Rng.stream(1, 'x')) })).toThrow(/X has/);
  expect(() => randomWeights([3], Rng.stream(1, 'x'))).toThrow(NetworkError);
  expect(() => unflattenWeights(new Float64Array(3), [[2, 2]])).toThrow(/length 3/);
});

function quadratic(A: Matrix, b: Float64Array): (x: Float64Array, g: Float64Array) => number {
  const n = b.length;
  return (x, g) => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += A.data[i * n + j] * x[j];
      g[i] = s - b[i];
      f += 0.5 * x[i] * s - b[i] * x[i];
    }
    return f;
  };
}

test('L-BFGS minimises SPD quadratics to the gradient tolerance (and stops by its budget on a wrong gradient)', () => {
  fc.assert(
    fc.property(seedArb, fc.integer({ min: 2, max: 30 }), fc.integer({ min: 0, max: 3 }), (seed, n, c) => {
      const rng = Rng.stream(seed, 'lbfgs');
      const A = randomSpd(n, 10 ** c, rng);
      const b = rng.fillNormal(new Float64Array(n));
      const r = lbfgs(quadratic(A, b), new Float64Array(n), { gradTol: 1e-9, fTol: 0, stepTol: 0, maxIterations: 2000 });
      // Only the gradient test may stop it (fTol = stepTol = 0): ‖∇f‖_∞ ≤ 1e-9, reachable since ∇f = Ax − b is computed to ε‖A‖‖x‖ ≲ 1e-12 (κ ≤ 1e3).
      return r.status === 'gradient' && r.gradNorm <= 1e-9 && r.f <= r.f0;
    }),
    { seed: deriveSeed32(ROOT_SEED, 'l2-lbfgs-quadratic') | 0, numRuns: 40 },
  );
  // Wrong variant: a gradient with the wrong sign is never a descent direction; the line search fails and reports it.
  const A = randomSpd(5, 10, Rng.stream(2, 'x'));
  const b = new Float64Array([1, 2, 3, 4, 5]);
  const good = quadratic(A, b);
  const r = lbfgs((x, g) => {
    const f = good(x, g);
    for (let i = 0; i < g.length; i++) g[i] = -g[i];
    return f;
  }, new Float64Array(5));
  expect(r.status).not.toBe('gradient');
  expect(r.f).toBeGreaterThanOrEqual(r.f0);
  expect(() => lbfgs(good, new Float64Array(5), { memory: 0 })).toThrow(LbfgsError);
  expect(() => lbfgs(() => NaN, new Float64Array(2))).toThrow(/f\(x0\)/);
});

test('L-BFGS trains a ReLU network: the loss decreases and the diagnostics are consistent', () => {
  const net = smallNet(11, relu, 1e-3, 1);
  const shapes = weightShapes(net.weights);
  const r = lbfgs(lossAndGradient(net, shapes), flattenWeights(net.weights), { maxIterations: 300 });
  expect(r.f).toBeLessThan(r.f0);
  expect(r.iterations).toBeLessThanOrEqual(300);
  expect(r.evaluations).toBeGreaterThanOrEqual(r.iterations);
  expect(loss(withWeights(net, unflattenWeights(r.x, shapes)))).toBe(r.f);
});
