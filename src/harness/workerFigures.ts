/**
 * The report figures of a parallel run (`verify --jobs N`), rendered by the workers alongside the cells: the ids to
 * hand out, a sink for the SVGs that come back, and the figures for `writeReport`, whose `render` returns the SVG a
 * worker made (or rethrows the error it reported). A figure is a seeded computation of (seed, profile) alone, so its
 * SVG is the same in a worker as in this process.
 *
 * @module
 */
import type { Figure } from './figure.ts';

/** What {@link workerFigures} returns. */
export interface WorkerFigures {
  /** Ids of the figures that illustrate a selected claim (the ones `writeReport` draws). */
  ids: string[];
  /** Called with each rendered SVG (or the error message) as it comes back. */
  onRendered(id: string, svg: string | null, error?: string): void;
  /** The figures for `writeReport`: the rendered SVG when there is one, else drawn here as before. */
  figures: Figure[];
}

/** Prepares the figures of `selected` claims for rendering in worker processes. */
export function workerFigures(figures: readonly Figure[], selected: readonly { id: string }[]): WorkerFigures {
  const ids = new Set(selected.map((c) => c.id));
  const done = new Map<string, { svg: string | null; error?: string }>();
  return {
    ids: figures.filter((f) => f.claims.some((id) => ids.has(id))).map((f) => f.id),
    onRendered: (id, svg, error) => void done.set(id, { svg, error }),
    figures: figures.map((f) => ({
      ...f,
      render(ctx) {
        const r = done.get(f.id);
        if (!r) return f.render(ctx);
        if (r.svg === null) throw new Error(r.error ?? 'the figure failed in a worker');
        return r.svg;
      },
    })),
  };
}
