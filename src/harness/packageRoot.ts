/**
 * Where lemmata itself is installed: the nearest directory above this module that holds lemmata's
 * package.json. The same from the sources (`src/harness/`) and from the compiled build (`dist/src/harness/`).
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

/** The package's root directory. */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        if ((JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === 'lemmata') return (cached = dir);
      } catch {
        // not ours
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('lemmata: cannot find its own package.json above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** True when this module runs from the compiled build (dist/), not from the TypeScript sources. */
export function runningFromBuild(): boolean {
  return import.meta.url.endsWith('.js');
}
