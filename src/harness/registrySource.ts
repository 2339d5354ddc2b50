/**
 * Where a run's claims come from, as data that can cross a process boundary: the built-in registry (`spec/`), or
 * a user's claim files (`lemmata audit`). Parallel workers rebuild the same registry from it.
 *
 * @module
 */
import type { Claim } from './claim.ts';
import { loadClaimFiles } from './claimFiles.ts';
import type { Figure } from './figure.ts';
import { loadSpecs, type SpecContext } from './registry.ts';

/** The built-in claims, or the claims of the given files. */
export type RegistrySource = { builtin: true } | { files: string[] };

/** Loads the registry a source names, for a run's context. */
export async function loadSource(source: RegistrySource, context: SpecContext): Promise<{ claims: Claim[]; figures: Figure[] }> {
  return 'files' in source ? loadClaimFiles(source.files, context) : loadSpecs({ context });
}
