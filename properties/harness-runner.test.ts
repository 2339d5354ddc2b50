/**
 * The run engine on small synthetic claims: errors are contained, NaN is never verified, variants
 * share the claim's draws, and verdicts depend only on the stored records.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { ClaimDefinitionError, defineClaim, validateClaim, type Claim } from '../src/harness/claim.ts';
import { ResultStore } from '../src/harness/resultStore.ts';
import { runClaims } from '../src/harness/runner.ts';
import { ROOT_SEED } from './setup.ts';
import { throwingClaim } from './throwingClaim.ts';

const source = { paper: 'synthetic', ref: 'test' };

/** E_n = 1 + 1/n + N(0, 0.5²)/n: an order-1 limit with a known answer. */
const limitClaim = defineClaim({
  id: 'T.limit',
  title: 'synthetic order-1 limit',
  kind: 'limit',
  source,
  statement: 'E_n → 1 at order 1',
  quantity: 'E_n',
  size: 'n',
  ladder: { n0: 16, levels: 5, replicates: 300 },
  impl: { limit: 1, bias: (n: number) => 1 / n },
  sample: (n, ctx, impl) => 1 + impl.bias(n) + (0.5 * ctx.rng.normal()) / n,
  limit: (impl) => impl.limit,
  rate: { order: 1, sense: 'exactly', delta: 0.2, derivation: 'by construction' },
  tolerance: 'synthetic',
  variants: [
    { name: 'wrong-limit', why: 'limit off by 0.05 (a gap that dominates the bias over the ladder)', impl: { limit: 1.05 } },
    { name: 'wrong-bias-order', why: 'bias 1/√n', impl: { bias: (n: number) => 1 / Math.sqrt(n) } },
  ],
});

const identityClaim = defineClaim({
  id: 'T.identity',
  title: 'synthetic identity',
  kind: 'identity',
  source,
  statement: '(a + b)² = a² + 2ab + b²',
  params: fc.record({ a: fc.integer({ min: -1000, max: 1000 }), b: fc.integer({ min: -1000, max: 1000 }) }),
  runs: 200,
  impl: { cross: 2 },
  tolerance: 'integers below 2^53: exact',
  evaluate: ({ a, b }, _ctx, impl) => [{ label: 'expand', actual: (a + b) ** 2, expected: a * a + impl.cross * a * b + b * b, atol: 0, rtol: 0 }],
  variants: [{ name: 'cross-1', why: 'cross term with 1 instead of 2', impl: { cross: 1 } }],
});

const throwing = throwingClaim({ id: 'T.throws', message: 'boom', source });

const nanIdentity = defineClaim({
  id: 'T.nan',
  title: 'an identity that yields NaN',
  kind: 'identity',
  source,
  statement: 'sqrt(-1) = 0',
  params: fc.constant(null),
  runs: 3,
  impl: { x: -1 },
  tolerance: 'synthetic',
  evaluate: (_p, _ctx, impl) => [{ label: 'sqrt', actual: Math.sqrt(impl.x), expected: 0, atol: 1e-12, rtol: 0 }],
  variants: [{ name: 'x1', why: 'other', impl: { x: 1 } }],
});

const registry: Claim[] = [identityClaim, limitClaim, nanIdentity, throwing];

test('synthetic claims: verified, variants refuted, a throw and a NaN become errors and the run goes on', async () => {
  const res = await runClaims({ seed: ROOT_SEED, profile: 'ci', registry, selected: registry, store: new ResultStore(null) });
  const by = Object.fromEntries(res.summaries.map((s) => [s.id, s]));
  expect(by['T.identity'].verdict).toBe('verified');
  expect(by['T.identity'].variants.every((v) => v.killed)).toBe(true);
  expect(by['T.limit'].verdict, by['T.limit'].reason).toBe('verified');
  expect(by['T.limit'].variants.map((v) => [v.name, v.verdict])).toEqual([
    ['wrong-limit', 'refuted'],
    ['wrong-bias-order', 'refuted'],
  ]);
  expect(by['T.throws'].verdict).toBe('error');
  expect(by['T.throws'].reason).toMatch(/boom/);
  expect(by['T.nan'].verdict).toBe('error');
  expect(by['T.nan'].reason).toMatch(/NaN/);
});

test('a variant that changes only the limit reuses the claim\'s cells; one that changes the sampler gets its own', async () => {
  const store = new ResultStore(null);
  await runClaims({ seed: ROOT_SEED, profile: 'quick', registry, selected: [limitClaim], store });
  expect(store.reads('T.limit')).toEqual(new Set(['bias']));
  expect(store.sample('T.limit', 'wrong-limit', 16, 0)).toBeUndefined();
  expect(store.sample('T.limit', 'wrong-bias-order', 16, 0)).toBeDefined();
});

test('verdicts are a function of the records: judging stored records alone reproduces the run bit for bit', async () => {
  const store = new ResultStore(null);
  const a = await runClaims({ seed: ROOT_SEED, profile: 'quick', registry, selected: registry, store });
  const b = await runClaims({ seed: ROOT_SEED, profile: 'quick', registry, selected: registry, store, judgeOnly: true });
  expect(JSON.stringify(b.summaries)).toBe(JSON.stringify(a.summaries));
  const c = await runClaims({ seed: ROOT_SEED, profile: 'quick', registry, selected: registry, store: new ResultStore(null) });
  expect(JSON.stringify(c.summaries)).toBe(JSON.stringify(a.summaries));
});

test('judging with a missing cell is an error naming the cell, not a verdict', async () => {
  const res = await runClaims({ seed: ROOT_SEED, profile: 'quick', registry, selected: [limitClaim], store: new ResultStore(null), judgeOnly: true });
  expect(res.summaries[0].verdict).toBe('error');
  expect(res.summaries[0].reason).toMatch(/missing cell/);
});

test('defineClaim rejects malformed claims with a message naming the problem', () => {
  const base = { ...identityClaim };
  // A claim without wrong variants is refused where a built-in claim is loaded (strict validation); defineClaim
  // itself accepts it, because `lemmata audit` runs such a user claim with a warning.
  expect(() => validateClaim({ ...base, variants: [] })).toThrow(ClaimDefinitionError);
  expect(() => validateClaim({ ...base, variants: [] })).toThrow(/wrong variant/);
  expect(defineClaim({ ...base, variants: [] }).variants).toEqual([]);
  expect(() => validateClaim({ ...base, kind: 'theorem' })).toThrow(/unknown kind "theorem"/);
  expect(() => defineClaim({ ...base, id: 'bad id' })).toThrow(/invalid claim id/);
  expect(() => defineClaim({ ...base, variants: [{ name: 'x', why: 'y', impl: { nope: 1 } as never }] })).toThrow(/not in impl/);
  expect(() => defineClaim({ ...limitClaim, ladder: { n0: 8, levels: 3, replicates: 10 } })).toThrow(/ladder/);
  expect(() => defineClaim({ ...base, tolerance: '' })).toThrow(/tolerance/);
});

test('selectors: ids, globs with * ? and [classes], and id prefixes', async () => {
  const { globToRegExp, selectClaims } = await import('../src/harness/registry.ts');
  expect(globToRegExp('J1[012]*').test('J10.k4')).toBe(true);
  expect(globToRegExp('J1[012]*').test('J1')).toBe(false);
  expect(globToRegExp('J[!1]').test('J2')).toBe(true);
  expect(globToRegExp('a.b').test('axb')).toBe(false);
  expect(selectClaims(registry, ['T.l*']).map((c) => c.id)).toEqual(['T.limit']);
  expect(selectClaims(registry, ['T']).length).toBe(4);
  expect(() => selectClaims(registry, ['Q*'])).toThrow(/no claim matches 'Q\*'/);
});

test('explicit examples run first, for the claim and every variant, on top of the drawn runs', async () => {
  // A variant wrong only at x = 123456789, a point 20 draws from [0, 2^30] never hit: it survives without the example and is
  // refuted with it; the correct claim passes there and makes runs + examples evaluations.
  const seen: number[] = [];
  const make = (examples?: Array<{ params: { x: number }; why: string }>) =>
    defineClaim({
      id: 'T.witness',
      title: 'synthetic claim with a witness',
      kind: 'identity',
      source,
      statement: 'x − x = 0',
      params: fc.record({ x: fc.integer({ min: 0, max: 2 ** 30 }) }),
      runs: 20,
      ...(examples ? { examples } : {}),
      impl: { bad: -1 },
      tolerance: 'integers: exact',
      evaluate: ({ x }, _ctx, impl) => {
        seen.push(x);
        return [{ label: 'x − x', actual: x === impl.bad ? 1 : x - x, expected: 0, atol: 0, rtol: 0 }];
      },
      variants: [{ name: 'wrong-at-witness', why: 'differs only at x = 123456789', impl: { bad: 123456789 } }],
    });
  const run = async (c: Claim) => (await runClaims({ seed: ROOT_SEED, profile: 'quick', registry: [c], selected: [c], store: new ResultStore(null) })).summaries[0];
  const without = await run(make());
  expect(without.verdict).toBe('verified');
  expect(without.variants[0].killed).toBe(false);
  seen.length = 0;
  const withExample = await run(make([{ params: { x: 123456789 }, why: 'the one point where the variant is wrong' }]));
  expect(withExample.verdict, withExample.reason).toBe('verified');
  expect(withExample.variants[0].killed, withExample.variants[0].reason).toBe(true);
  // The claim's own run: the example first, then 20 drawn points.
  expect(seen[0]).toBe(123456789);
  expect(seen.length).toBeGreaterThanOrEqual(21 + 1);
  expect(() => make([{ params: { x: 1 }, why: '' }])).toThrow(/why/);
});
