/** The Bayes-optimal converse from the deep posterior (D20–D29) at the ci profile: each verified, each wrong variant refuted. (A file of its own so that vitest runs it beside the others.) */
import { claimTests } from './claimTests.ts';

await claimTests('D2[0-9]*');
