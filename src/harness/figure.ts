/**
 * Figures: deterministic plots that a report includes beside the verdicts (e.g. the Bayes-optimal
 * error against α with finite-n Monte Carlo points). A spec file exports them as `export const
 * figures = [defineFigure({...})]`; `render` draws only from `Rng` streams of the run's root seed,
 * so the same seed gives the same picture.
 *
 * @module
 */
import type { Profile } from './profile.ts';

/** A figure of the report. */
export interface Figure {
  /** File-name-safe id, e.g. `deep-error-vs-alpha`. */
  id: string;
  title: string;
  /** What the figure shows and how its points were computed. */
  caption: string;
  /** Ids of the claims the figure illustrates (the figure is drawn when any of them is selected). */
  claims: string[];
  render(ctx: { seed: number; profile: Profile }): string | Promise<string>;
}

/** Validates and returns a figure. */
export function defineFigure(f: Figure): Figure {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(f.id)) throw new Error(`figure id '${f.id}' must be lower-case letters, digits and '-'`);
  if (!f.title || !f.caption || !Array.isArray(f.claims) || typeof f.render !== 'function') throw new Error(`figure ${f.id}: needs title, caption, claims and render`);
  return f;
}
