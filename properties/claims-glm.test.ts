/** The GLM claims (G*) at the ci profile: each verified, each wrong variant refuted. */
import { claimTests } from './claimTests.ts';

await claimTests('G*');
