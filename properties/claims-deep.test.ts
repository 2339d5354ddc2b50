/** The deep Gaussian-equivalence claims (D*) at the ci profile: each verified, each wrong variant refuted. */
import { claimTests } from './claimTests.ts';

await claimTests('D*');
