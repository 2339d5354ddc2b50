/**
 * `lemmata theory <model> …`: calculators for the asymptotic (replica) formulas. A small table maps
 * each model to its sub-command; add a model by adding a row.
 *
 * @module
 */
import { UsageError } from '../usageError.ts';
import { theoryGlmCommand } from './theoryGlm.ts';

/** Models of `lemmata theory`: name → handler returning the exit code. */
export const THEORY_MODELS: Record<string, { run: (argv: string[]) => Promise<number>; summary: string }> = {
  glm: { run: theoryGlmCommand, summary: 'generalized linear model, Gaussian prior: Gaussian or probit channel (overlap, MMSE, MI, free entropy, errors, ridge; sweeps)' },
  deep: { run: (argv) => import('./theoryDeep.ts').then((m) => m.theoryDeepCommand(argv)), summary: 'deep random network via its effective GLM (per-layer κ0, κ1, q, ε; s, ε_tot, D; errors, I(θ;Y|X), ridge; sweeps, plots)' },
};

/** The help text of `lemmata theory` (lists the models of {@link THEORY_MODELS}). */
export const THEORY_HELP = () => `lemmata theory <model> [options]   (lemmata theory <model> --help for details)

Evaluates the replica-symmetric formulas of a model at given parameters (a point, or a sweep of
lists and ranges), in Float64 or (with --precision) in high precision.

Models:
${Object.entries(THEORY_MODELS)
  .map(([k, v]) => `  ${k.padEnd(6)} ${v.summary}`)
  .join('\n')}`;

/** Dispatches `lemmata theory <model>`. */
export async function theoryCommand(argv: string[]): Promise<number> {
  const [model, ...rest] = argv;
  if (model === undefined || model === '--help' || model === '-h') {
    process.stdout.write(THEORY_HELP() + '\n');
    return model === undefined ? 2 : 0;
  }
  const entry = THEORY_MODELS[model];
  if (!entry) throw new UsageError(`unknown model '${model}' (models: ${Object.keys(THEORY_MODELS).join(', ')})`);
  return entry.run(rest);
}
