/**
 * Gauss–Legendre quadrature on [−1, 1]: nodes are the roots of the Legendre polynomial P_J, found by Newton's
 * method from Tricomi's initial guesses cos(π(j − ¼)/(J + ½)), weights \( w_j = 2/((1 - x_j^2)P_J'(x_j)^2) \)
 * (Abramowitz & Stegun 25.4.29; Golub & Welsch 1969 for the equivalent eigenvalue formulation). The rule is exact
 * for polynomials of degree ≤ 2J − 1.
 *
 * @module
 */

/** Nodes x (ascending) and weights w of the J-point rule, J in [1, 200]. */
export function gaussLegendre(J: number): { x: Float64Array; w: Float64Array } {
  if (!Number.isInteger(J) || J < 1 || J > 200) throw new RangeError(`the number of Gauss–Legendre nodes must be an integer in [1, 200], got ${J}`);
  const x = new Float64Array(J);
  const w = new Float64Array(J);
  for (let j = 1; j <= J; j++) {
    let t = Math.cos((Math.PI * (j - 0.25)) / (J + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      // P_J(t) and P_J'(t) by the three-term recurrence.
      let p0 = 1;
      let p1 = t;
      for (let k = 2; k <= J; k++) {
        const p2 = ((2 * k - 1) * t * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      const pJ = J === 1 ? t : p1;
      const pJm1 = J === 1 ? 1 : p0;
      dp = (J * (t * pJ - pJm1)) / (t * t - 1);
      const step = pJ / dp;
      t -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    x[J - j] = t;
    w[J - j] = 2 / ((1 - t * t) * dp * dp);
  }
  return { x, w };
}
