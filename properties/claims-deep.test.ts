/** The deep Gaussian-equivalence claims D1–D9 at the ci profile: each verified, each wrong variant refuted. */
import { claimTests } from './claimTests.ts';

await claimTests(['D[1-9]', 'D[1-9].*']);
