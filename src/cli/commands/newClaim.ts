/**
 * `lemmata new-claim NAME [--kind identity|limit|expectation|extrapolation] [--dir DIR] [--force]`: writes a commented
 * claim file that `lemmata audit` runs as generated (each template is verified, its wrong variant refuted).
 *
 * @module
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ensureWritableDir } from '../../harness/outputDir.ts';
import { parse } from '../args.ts';
import { UsageError } from '../usageError.ts';

const KINDS = ['identity', 'limit', 'expectation', 'extrapolation'] as const;

export const NEW_CLAIM_HELP = `lemmata new-claim NAME [--kind identity|limit|expectation|extrapolation] [--dir DIR] [--force]

Writes DIR/NAME.claim.ts (default DIR: the current directory), a commented claim of the given kind
(default identity) that runs as generated: 'npx lemmata audit NAME.claim.ts' verifies it and refutes its
wrong variant. Edit the statement, the formulas in impl, the sampler and the variants.`;

export async function newClaimCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { kind: { type: 'string' }, dir: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    process.stdout.write(NEW_CLAIM_HELP + '\n');
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('new-claim takes one NAME (letters, digits, - and _), e.g. lemmata new-claim my-lemma');
  const name = positionals[0];
  if (!/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(name)) throw new UsageError(`NAME must start with a letter and hold letters, digits, - and _ (≤ 64), got '${name}'`);
  const kind = (values.kind as string | undefined) ?? 'identity';
  if (!(KINDS as readonly string[]).includes(kind)) throw new UsageError(`--kind must be one of ${KINDS.join(', ')}, got '${kind}'`);
  const dir = ensureWritableDir((values.dir as string | undefined) ?? '.', '--dir');
  const file = join(dir, `${name}.claim.ts`);
  if (existsSync(file) && !values.force) throw new UsageError(`${file} exists (use --force to overwrite)`);
  const template = readFileSync(new URL(`../templates/${kind}.ts.txt`, import.meta.url), 'utf8');
  const id = name.replace(/[^A-Za-z0-9._-]/g, '-');
  const shown = relative(process.cwd(), file) || file;
  writeFileSync(file, template.replaceAll('__ID__', id).replaceAll('__NAME__', name).replaceAll('__FILE__', shown));
  process.stdout.write(`wrote ${resolve(file)} (${kind} claim ${id})\nnext: npx lemmata audit ${shown}\n`);
  return 0;
}
