/** The custom matcher and the fast-check wrapper do what they say, including failing when they must. */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { assertProperty } from './assertProperty.ts';

test('toBeCloseToRel passes within atol + rtol·|expected| and fails outside, NaN included', () => {
  expect(1 + 1e-13).toBeCloseToRel(1, 1e-12);
  expect(-0).toBeCloseToRel(0, 0);
  expect(1e-20).toBeCloseToRel(0, 0.1, 1e-19);
  expect(() => expect(1 + 1e-11).toBeCloseToRel(1, 1e-12)).toThrow(/delta/);
  expect(() => expect(NaN).toBeCloseToRel(1, 1)).toThrow(/tol/);
  expect(1.5).not.toBeCloseToRel(1, 0.1);
});

test('assertProperty records seed and path in the test meta, and a false property fails with a replay line', ({ task }) => {
  assertProperty(task, 'commutative addition', fc.property(fc.integer(), fc.integer(), (a, b) => a + b === b + a), 50);
  expect(task.meta.fastCheck).toMatchObject({ numRuns: 50, failed: false, seed: expect.any(Number) });
  const fake = { meta: {} as { fastCheck?: { path: string | null } } };
  expect(() => assertProperty(fake, 'false', fc.property(fc.integer({ min: 1 }), (a) => a < 0), 20)).toThrow(/replay: LEMMATA_SEED=/);
  expect(fake.meta.fastCheck?.path).toEqual(expect.any(String));
});
