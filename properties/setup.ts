/** Vitest per-worker setup: reads the root seed fixed by `globalSetup.ts`. */
import { parseSeed } from '../src/core/random.ts';
import { selectBackendFromEnv } from '../src/core/backend.ts';

const fromEnv = process.env.LEMMATA_SEED;
if (fromEnv === undefined || fromEnv === '') throw new Error('LEMMATA_SEED is not set: globalSetup.ts should have set it');

/** The root seed of this test run. */
export const ROOT_SEED = parseSeed(fromEnv);

/** The dense-kernel backend of this run: LEMMATA_BACKEND=js|wasm forces one, else the automatic choice. */
export const BACKEND = selectBackendFromEnv(process.env);

import './matchers.ts';
