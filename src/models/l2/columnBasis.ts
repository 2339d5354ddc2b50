/**
 * A thin QR factorisation \( V_B = QR \) of a set of linearly independent columns that grows by one column and shrinks by
 * any column, each in O(m·r) work: the updating that lets the Carathéodory reduction (`reduction.ts`) find every null
 * vector without a fresh SVD per elimination step.
 *
 * - Append: Gram–Schmidt with one re-orthogonalisation when the first pass cancels more than half of the squared norm
 *   (Parlett–Kahan "twice is enough"; Giraud, Langou, Rozložník, *The loss of orthogonality in the Gram–Schmidt
 *   orthogonalization process*, Comput. Math. Appl. 50 (2005)): \( h = Q^\top v \), \( w = v - Qh \); Q stays orthonormal to
 *   working precision.
 * - Delete column k: R becomes upper Hessenberg from column k on; Givens rotations on rows (i, i+1), i = k..r−2, restore it,
 *   and the same rotations act on the columns of Q (Golub & Van Loan, *Matrix Computations*, 4th ed., §6.5.2).
 * - Solve: \( x = R^{-1}h \) by back substitution, the coefficients of \( Qh \) in the columns of \( V_B \).
 *
 * @module
 */

/** Result of {@link ColumnBasis.project}. */
export interface Projection {
  /** \( h = Q^\top v \) (both Gram–Schmidt passes summed), length r. */
  h: Float64Array;
  /** The component of v orthogonal to span Q, length m. */
  w: Float64Array;
  /** \( \|w\|_2 \). */
  rho: number;
}

/** A growing and shrinking thin QR of independent columns (Q: m × r orthonormal, R: r × r upper triangular). */
export class ColumnBasis {
  /** Length of the columns. */
  readonly m: number;
  /** Columns of Q. */
  private readonly q: Float64Array[] = [];
  /** Columns of R (column j has r entries; entries below the diagonal are 0). */
  private readonly rc: Float64Array[] = [];
  /** Capacity of an R column (the largest r allowed). */
  private readonly cap: number;

  /** An empty basis of columns of length `m`, holding at most `cap` (≤ m) columns. */
  constructor(m: number, cap = m) {
    this.m = m;
    this.cap = Math.min(m, cap);
  }

  /** Number of columns r. */
  get size(): number {
    return this.q.length;
  }

  /** Projects v on span Q by Gram–Schmidt, with a second pass when the first one cancelled more than half of ‖v‖². */
  project(v: Float64Array): Projection {
    const r = this.q.length;
    const m = this.m;
    const h = new Float64Array(r);
    const w = Float64Array.from(v);
    let n2 = 0;
    for (let i = 0; i < m; i++) n2 += v[i] * v[i];
    for (let pass = 0; pass < 2; pass++) {
      for (let j = 0; j < r; j++) {
        const qj = this.q[j];
        let s = 0;
        for (let i = 0; i < m; i++) s += qj[i] * w[i];
        h[j] += s;
        for (let i = 0; i < m; i++) w[i] -= s * qj[i];
      }
      const prev = n2;
      n2 = 0;
      for (let i = 0; i < m; i++) n2 += w[i] * w[i];
      // "Twice is enough" (Parlett–Kahan): when a pass keeps more than half of the squared norm, little cancellation
      // happened and w is orthogonal to Q to working precision; otherwise a second pass restores it.
      if (r === 0 || n2 > 0.5 * prev) break;
    }
    return { h, w, rho: Math.sqrt(n2) };
  }

  /** Appends a column from its projection (`rho` > 0): q = w/ρ, R gains the column [h; ρ]. */
  append(p: Projection): void {
    const r = this.q.length;
    if (r >= this.cap) throw new RangeError(`ColumnBasis: capacity ${this.cap} reached`);
    if (!(p.rho > 0)) throw new RangeError('ColumnBasis: cannot append a column with no new direction (ρ = 0)');
    const q = new Float64Array(this.m);
    for (let i = 0; i < this.m; i++) q[i] = p.w[i] / p.rho;
    this.q.push(q);
    const col = new Float64Array(this.cap);
    col.set(p.h);
    col[r] = p.rho;
    this.rc.push(col);
  }

  /** \( x = R^{-1}h \) (back substitution; h of length r). */
  solve(h: Float64Array): Float64Array {
    const r = this.q.length;
    const x = Float64Array.from(h.subarray(0, r));
    for (let i = r - 1; i >= 0; i--) {
      let s = x[i];
      for (let j = i + 1; j < r; j++) s -= this.rc[j][i] * x[j];
      x[i] = s / this.rc[i][i];
    }
    return x;
  }

  /** \( Q^\top v \) (one pass; for right-hand sides that need no re-orthogonalisation). */
  qtv(v: Float64Array): Float64Array {
    const r = this.q.length;
    const out = new Float64Array(r);
    for (let j = 0; j < r; j++) {
      const qj = this.q[j];
      let s = 0;
      for (let i = 0; i < this.m; i++) s += qj[i] * v[i];
      out[j] = s;
    }
    return out;
  }

  /** Smallest |R_ii| over largest |R_ii| (a cheap lower estimate of the conditioning of V_B; 0 when empty). */
  diagonalRatio(): number {
    let lo = Infinity;
    let hi = 0;
    for (let i = 0; i < this.q.length; i++) {
      const d = Math.abs(this.rc[i][i]);
      lo = Math.min(lo, d);
      hi = Math.max(hi, d);
    }
    return hi > 0 ? lo / hi : 0;
  }

  /** Removes column k, keeping \( V_B = QR \) for the remaining columns (Givens rotations). */
  remove(k: number): void {
    const r = this.q.length;
    if (!Number.isInteger(k) || k < 0 || k >= r) throw new RangeError(`ColumnBasis: no column ${k} (size ${r})`);
    this.rc.splice(k, 1);
    const m = this.m;
    // R is now r × (r − 1), Hessenberg from column k: zero R[i+1][i] against R[i][i] for i = k..r−2.
    for (let i = k; i < r - 1; i++) {
      const a = this.rc[i][i];
      const b = this.rc[i][i + 1];
      if (b === 0) continue;
      const hyp = Math.hypot(a, b);
      const c = a / hyp;
      const s = b / hyp;
      for (let j = i; j < r - 1; j++) {
        const col = this.rc[j];
        const x = col[i];
        const y = col[i + 1];
        col[i] = c * x + s * y;
        col[i + 1] = -s * x + c * y;
      }
      this.rc[i][i + 1] = 0;
      const qi = this.q[i];
      const qn = this.q[i + 1];
      for (let t = 0; t < m; t++) {
        const x = qi[t];
        const y = qn[t];
        qi[t] = c * x + s * y;
        qn[t] = -s * x + c * y;
      }
    }
    this.q.pop();
    for (const col of this.rc) col[r - 1] = 0;
  }
}
