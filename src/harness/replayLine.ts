/**
 * The one-line command that replays a claim, a wrong variant, or a fast-check counterexample alone.
 *
 * @module
 */
import type { Profile } from './profile.ts';

/** What a replay command names. */
export interface ReplayTarget {
  id: string;
  seed: number;
  profile: Profile;
  variant?: string | null;
  /** A fast-check counterexample path (property claims). */
  path?: string | null;
  /** The command up to the claim id (default `npx lemmata replay`; audit: `npx lemmata replay --spec FILE`). */
  prefix?: string;
}

/** `npx lemmata replay ID --seed N --profile P [--variant V] [--path P]`. */
export function replayLine(t: ReplayTarget): string {
  return `${t.prefix ?? 'npx lemmata replay'} ${t.id} --seed ${t.seed} --profile ${t.profile}${t.variant ? ` --variant ${t.variant}` : ''}${t.path ? ` --path ${t.path}` : ''}`;
}

/** The command that replays wrong variant `variant` of a claim, from the claim's own replay command (its fast-check path dropped: a variant replays from the start). */
export function variantReplayLine(claimReplay: string, variant: string): string {
  return `${claimReplay.replace(/( --path \S+)?$/, '')} --variant ${variant}`;
}
