/**
 * Vitest global setup: fixes one root seed for the whole test run, before any worker starts, and prints it.
 *
 * Under CI (env CI set) the run refuses to start without LEMMATA_SEED, so every CI log names the
 * seed that replays it (the fast-check CI convention). Locally a seed is drawn and printed.
 */
import { drawRootSeed, parseSeed } from '../src/core/random.ts';

export default function setup(): void {
  const fromEnv = process.env.LEMMATA_SEED;
  if (fromEnv === undefined || fromEnv === '') {
    if (process.env.CI) {
      throw new Error('CI is set but LEMMATA_SEED is not: refusing to run without a recorded seed (set LEMMATA_SEED=<uint32>)');
    }
    process.env.LEMMATA_SEED = String(drawRootSeed());
  }
  const seed = parseSeed(process.env.LEMMATA_SEED as string);
  console.log(`lemmata: root seed ${seed} (replay the whole run with LEMMATA_SEED=${seed} npm test)`);
}
