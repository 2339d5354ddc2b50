import { test, expect } from 'vitest';
import { Rng } from '../src/core/random.ts';
import { ROOT_SEED } from './setup.ts';

test('same seed and coordinates give bit-identical streams', () => {
  const a = Rng.stream(ROOT_SEED, 'claim', 3, 7);
  const b = Rng.stream(ROOT_SEED, 'claim', 3, 7);
  for (let i = 0; i < 1000; i++) expect(Object.is(a.normal(), b.normal())).toBe(true);
});
