/** Vitest per-worker setup: reads the root seed fixed by `globalSetup.ts`. */
import { parseSeed } from '../src/core/random.ts';

const fromEnv = process.env.LEMMATA_SEED;
if (fromEnv === undefined || fromEnv === '') throw new Error('LEMMATA_SEED is not set: globalSetup.ts should have set it');

/** The root seed of this test run. */
export const ROOT_SEED = parseSeed(fromEnv);

import './matchers.ts';
