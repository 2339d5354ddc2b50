/**
 * `lemmata list [--seed N] [--profile P] [--json]`: ids, kinds, titles and sources of the claims that
 * `verify` with the same seed would run.
 *
 * @module
 */
import { sourceLine } from '../../harness/claim.ts';
import { loadRegistry } from '../../harness/registry.ts';
import { parse, resolveProfile, resolveSeed } from '../args.ts';

export const LIST_HELP = `lemmata list [--seed N] [--profile P] [--json]

Lists every claim: id, kind, title and source (paper, section or equation). Some claims are drawn
from the run's root seed (D6.random's architecture): --seed N shows exactly what 'verify --seed N'
runs (default: env LEMMATA_SEED, else seed 0, and the header says which).`;

export async function listCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, { seed: { type: 'string' }, profile: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, { allowPositionals: false });
  if (values.help) {
    process.stdout.write(LIST_HELP + '\n');
    return 0;
  }
  const { seed, drawn } = resolveSeed(values.seed as string | undefined, { fallback: 0 });
  const profile = resolveProfile(values.profile as string | undefined);
  const claims = await loadRegistry({ context: { seed, profile } });
  if (values.json) {
    process.stdout.write(
      JSON.stringify(
        { seed, claims: claims.map((c) => ({ id: c.id, kind: c.kind, title: c.title, statement: c.statement, source: sourceLine(c), variants: c.variants.map((v) => v.name) })) },
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  process.stdout.write(`# claims of root seed ${seed}${drawn ? ' (no --seed given: claims drawn from the seed, such as D6.random, differ between seeds)' : ''}\n`);
  const w = Math.max(5, ...claims.map((c) => c.id.length));
  for (const c of claims) process.stdout.write(`${c.id.padEnd(w)}  ${c.kind.padEnd(12)}  ${c.title}\n${' '.repeat(w + 16)}${sourceLine(c)}\n`);
  return 0;
}
