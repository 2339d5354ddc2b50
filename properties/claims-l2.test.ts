/** The L2-network claims (J*, Jacot et al. 2022) at the ci profile: each verified, each wrong variant refuted. */
import { claimTests } from './claimTests.ts';

await claimTests('J*');
