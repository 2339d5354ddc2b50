/**
 * √(a² + b²) for the plane rotations of the QR/QL sweeps (`bidiagonalQr.ts`, `tridiagonal.ts`).
 *
 * @module
 */

/**
 * \( \sqrt{a^2 + b^2} \) without the cost of `Math.hypot` in the common range (a² + b² ∈ (1e-290, 1e290), where the sum
 * of squares can neither overflow nor lose digits to underflow), and by `Math.hypot` outside it.
 */
export function hyp(a: number, b: number): number {
  const x = a * a + b * b;
  if (x > 1e-290 && x < 1e290) return Math.sqrt(x);
  return Math.hypot(a, b);
}
