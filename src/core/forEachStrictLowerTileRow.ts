/**
 * The tiled walk over the strict lower triangle of a square matrix shared by `mirrorLower` (syrkPlain.ts) and
 * `assertSymmetric` (validate.ts): both read (i, j) and (j, i) together, and 32 × 32 tiles keep the column reads in cache.
 *
 * @module
 */

/** Tile order of {@link forEachStrictLowerTileRow}. */
export const LOWER_TILE = 32;

/**
 * Calls `visit(i, j0, j1)` for the strict-lower part [j0, j1) of row i within each 32 × 32 tile, tile rows ascending,
 * tile columns ascending up to the diagonal tile, rows ascending within a tile: together the visits cover every
 * (i, j) with j < i < n exactly once.
 */
export function forEachStrictLowerTileRow(n: number, visit: (i: number, j0: number, j1: number) => void): void {
  const T = LOWER_TILE;
  for (let ib = 0; ib < n; ib += T) {
    const ie = Math.min(n, ib + T);
    for (let jb = 0; jb <= ib; jb += T) {
      const je = Math.min(n, jb + T);
      for (let i = ib; i < ie; i++) {
        const jend = Math.min(je, i);
        if (jb < jend) visit(i, jb, jend);
      }
    }
  }
}
