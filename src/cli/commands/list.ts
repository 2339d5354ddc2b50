/** `lemmata list [--json]`: ids, titles, kinds, sources. */
import { sourceLine } from '../../harness/claim.ts';
import { loadRegistry } from '../../harness/registry.ts';
import { parse } from '../args.ts';

export const LIST_HELP = `lemmata list [--json]

Lists every claim: id, kind, title and source (paper, section or equation).`;

export async function listCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, false);
  if (values.help) {
    process.stdout.write(LIST_HELP + '\n');
    return 0;
  }
  const claims = await loadRegistry();
  if (values.json) {
    process.stdout.write(
      JSON.stringify(
        claims.map((c) => ({ id: c.id, kind: c.kind, title: c.title, source: sourceLine(c), variants: c.variants.map((v) => v.name) })),
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  const w = Math.max(5, ...claims.map((c) => c.id.length));
  for (const c of claims) process.stdout.write(`${c.id.padEnd(w)}  ${c.kind.padEnd(12)}  ${c.title}\n${' '.repeat(w + 16)}${sourceLine(c)}\n`);
  return 0;
}
