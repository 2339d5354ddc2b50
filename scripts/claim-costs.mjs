#!/usr/bin/env node
// Regenerates src/harness/claimCosts.ts from the results.jsonl of a run (`verify --profile quick`): the seconds each
// claim's cells took (claim and variants), used only to order the claims of `verify --jobs N` (longest first), never
// to judge anything.
//   node scripts/claim-costs.mjs DIR/results.jsonl PROFILE > src/harness/claimCosts.ts
import { readFileSync } from 'node:fs';

const [file, profile = 'quick'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node scripts/claim-costs.mjs RESULTS.jsonl [PROFILE]\n');
  process.exit(2);
}
const ms = new Map();
for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const r = JSON.parse(line);
  if (typeof r.claim === 'string' && typeof r.ms === 'number') ms.set(r.claim, (ms.get(r.claim) ?? 0) + r.ms);
}
const rows = [...ms].sort((a, b) => b[1] - a[1]).map(([id, t]) => `  '${id}': ${(t / 1000).toFixed(2)},`);
process.stdout.write(`/**
 * Measured cost of the built-in claims: seconds of cell time per claim (its cells and its variants') in one
 * \`verify --profile ${profile}\` run on the project's 2-core machine, written by \`scripts/claim-costs.mjs\`.
 * Only \`verify --jobs N\` reads it, to hand out the longest claims first: the kinds' planned work is in units of their
 * own and ranked the posterior claims (D21: 26 s) among the cheapest. A claim missing here (a new or audited claim)
 * is handed out first, by planned work. Regenerate after large changes; it never affects a result.
 *
 * @module
 */

/** Seconds per claim at profile ${profile} (the ranking is used for every profile). */
export const CLAIM_SECONDS: Readonly<Record<string, number>> = {
${rows.join('\n')}
};
`);
