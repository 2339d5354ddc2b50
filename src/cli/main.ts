/**
 * The `lemmata` command line. Usage errors print one line and exit 2; a run whose gate fails exits 1.
 *
 * @module
 */
import { listCommand } from './commands/list.ts';
import { replayMain } from './commands/replay.ts';
import { reportCommand } from './commands/report.ts';
import { verifyCommand } from './commands/verify.ts';
import { selectBackendFromEnv } from '../core/backend.ts';
import { LemmataError } from '../core/lemmataError.ts';

/** Subcommands: name → handler returning the exit code. */
export const COMMANDS: Record<string, { run: (argv: string[]) => Promise<number>; summary: string }> = {
  list: { run: listCommand, summary: 'list the claims (ids, titles, kinds, sources)' },
  verify: { run: verifyCommand, summary: 'run claims and their wrong variants; print verdicts; write the report' },
  replay: { run: replayMain, summary: 'rerun one claim (or one variant) with a given seed and path' },
  report: { run: reportCommand, summary: 'merge shard outputs into one report (report --merge DIR...)' },
  show: { run: (argv) => import('./commands/show.ts').then((m) => m.showCommand(argv)), summary: 'print the full text of one claim from the last run: statement, claimed vs observed, variants, replay' },
  reduce: { run: (argv) => import('./commands/reduce.ts').then((m) => m.reduceCommand(argv)), summary: 'Carathéodory-reduce an L2 network file to ≤ N(N+1) neurons per layer' },
  audit: { run: (argv) => import('./commands/audit.ts').then((m) => m.auditCommand(argv)), summary: 'check your own claim files (from anywhere) like the built-in claims' },
  'new-claim': { run: (argv) => import('./commands/newClaim.ts').then((m) => m.newClaimCommand(argv)), summary: 'write a commented claim file to start an audit from' },
  theory: { run: (argv) => import('./commands/theory.ts').then((m) => m.theoryCommand(argv)), summary: 'evaluate replica formulas: lemmata theory glm --channel gaussian|probit --alpha A --noise D' },
};

export const MAIN_HELP = () => `lemmata — executable lemmas for high-dimensional learning theory

Usage: lemmata <command> [options]   (lemmata <command> --help for details)

Commands:
${Object.entries(COMMANDS)
  .map(([k, v]) => `  ${k.padEnd(10)} ${v.summary}`)
  .join('\n')}`;

/** Runs the CLI and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(MAIN_HELP() + '\n');
    return cmd === undefined ? 2 : 0;
  }
  const entry = COMMANDS[cmd];
  if (!entry) {
    process.stderr.write(`lemmata: unknown command '${cmd}' (commands: ${Object.keys(COMMANDS).join(', ')})\n`);
    return 2;
  }
  try {
    // The dense-kernel backend (LEMMATA_BACKEND=js|wasm|auto), chosen once here, never at import time.
    selectBackendFromEnv(process.env);
    return await entry.run(rest);
  } catch (e) {
    // The one place where errors become exit codes: a LemmataError carries its own (2: usage or input; 1: a
    // numerical or harness failure), printed as one line. Anything else is a bug of ours: name and stack.
    if (e instanceof LemmataError) {
      process.stderr.write(e.exitCode === 2 ? `lemmata ${cmd}: ${e.message}\n` : `lemmata ${cmd}: ${e.name}: ${e.message}\n`);
      return e.exitCode;
    }
    const err = e as Error;
    process.stderr.write(`lemmata ${cmd}: internal error (please report it): ${err?.stack ?? String(e)}\n`);
    return 1;
  }
}
