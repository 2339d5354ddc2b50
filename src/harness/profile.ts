/**
 * Run profiles: how much evidence a run gathers.
 *
 * - `quick`: a smoke run for a laptop (the default of `lemmata verify`), minutes.
 * - `ci`: what `npm test` and CI gate on.
 * - `full`: the largest ladders and most runs, for a release or an audit.
 *
 * @module
 */
import { InputError } from '../core/lemmataError.ts';

/** A run profile. */
export type Profile = 'quick' | 'ci' | 'full';

/** All profiles, smallest first. */
export const PROFILES: readonly Profile[] = ['quick', 'ci', 'full'];

/** Thrown for an unknown profile name. Exit code 2. */
export class ProfileError extends InputError {
  override name = 'ProfileError';
}

/** Parses a profile name or throws naming the allowed ones. */
export function parseProfile(text: string): Profile {
  if ((PROFILES as readonly string[]).includes(text)) return text as Profile;
  throw new ProfileError(`unknown profile '${text}': expected one of ${PROFILES.join(', ')}`);
}
