/** The deep network's information (D10–D14) at the ci profile: each verified, each wrong variant refuted. */
import { claimTests } from './claimTests.ts';

await claimTests('D1[0-9]*');
