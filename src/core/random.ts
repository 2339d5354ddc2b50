/**
 * Seeded random streams: the only source of randomness in lemmata.
 *
 * A run has one root seed. Every cell of work (claim, level, replicate) draws from its own
 * stream whose seed is SHA-256(root seed ‖ coordinates), so a cell replays alone, in any
 * order, in any process: a sharded run gives the same bits as a single one.
 * The generator is Brent's xor4096 (seedrandom), which passes BigCrush and has period 2^4096.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import seedrandom from 'seedrandom';
import { InputError } from './lemmataError.ts';

/** Largest root seed accepted (seeds are unsigned 32-bit integers, easy to type and print). */
export const MAX_SEED = 0xffffffff;

/** Thrown for an invalid seed or sampler parameter. Exit code 2. */
export class RandomError extends InputError {
  override name = 'RandomError';
}

/** Parses a root seed from user input; throws a {@link RandomError} with a clear message otherwise. */
export function parseSeed(text: string): number {
  const t = text.trim();
  if (!/^\d+$/.test(t)) throw new RandomError(`seed must be an integer in [0, ${MAX_SEED}], got '${text}'`);
  const v = Number(t);
  if (!Number.isSafeInteger(v) || v > MAX_SEED) throw new RandomError(`seed must be an integer in [0, ${MAX_SEED}], got '${text}'`);
  return v;
}

/** A fresh root seed from the OS entropy pool (printed by callers so the run can be replayed). */
export function drawRootSeed(): number {
  const buf = createHash('sha256').update(`${process.hrtime.bigint()}:${Math.random()}:${process.pid}`).digest();
  return buf.readUInt32LE(0);
}

/** The hex seed of the stream at `coords` under `root`: SHA-256 of the joined coordinates. */
export function streamKey(root: number, ...coords: Array<string | number>): string {
  return createHash('sha256').update([String(root), ...coords.map(String)].join('\u241f')).digest('hex');
}

/** An unsigned 32-bit seed derived from `root` and `coords` (for fast-check and other seeded tools). */
export function deriveSeed32(root: number, ...coords: Array<string | number>): number {
  return Number.parseInt(streamKey(root, ...coords).slice(0, 8), 16) >>> 0;
}

/**
 * A reproducible random stream. Not thread-safe; never shared between cells.
 *
 * Samplers: uniform on [0, 1) with 53 random bits; standard normal by the Box–Muller
 * transform; gamma by Marsaglia–Tsang (2000), hence chi-square χ²_k = 2·Gamma(k/2).
 */
export class Rng {
  private readonly gen: seedrandom.PRNG;
  private spare = 0;
  private hasSpare = false;
  /** The hex key this stream was seeded with (for diagnostics). */
  readonly key: string;

  private constructor(key: string) {
    this.key = key;
    this.gen = seedrandom.xor4096(key);
  }

  /** The stream for `coords` under root seed `root`. */
  static stream(root: number, ...coords: Array<string | number>): Rng {
    if (!Number.isInteger(root) || root < 0 || root > MAX_SEED) {
      throw new RandomError(`root seed must be an integer in [0, ${MAX_SEED}], got ${root}`);
    }
    return new Rng(streamKey(root, ...coords));
  }

  /** A child stream, independent of this one and of its siblings. */
  split(...coords: Array<string | number>): Rng {
    return new Rng(createHash('sha256').update([this.key, ...coords.map(String)].join('\u241f')).digest('hex'));
  }

  /** Uniform on [0, 1), 53 bits. */
  uniform(): number {
    return this.gen.double();
  }

  /** An unsigned 32-bit integer. */
  uint32(): number {
    return this.gen.int32() >>> 0;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RandomError(`int(n) needs a positive integer n, got ${n}`);
    return Math.floor(this.uniform() * n);
  }

  /**
   * Standard normal by Box–Muller: with U1 ∈ (0, 1], U2 ∈ [0, 1),
   * \( Z_1 = \sqrt{-2\ln U_1}\cos 2\pi U_2,\; Z_2 = \sqrt{-2\ln U_1}\sin 2\pi U_2 \).
   */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const u1 = 1 - this.gen.double(); // (0, 1]: log is finite
    const u2 = this.gen.double();
    const rad = Math.sqrt(-2 * Math.log(u1));
    const th = 2 * Math.PI * u2;
    this.spare = rad * Math.sin(th);
    this.hasSpare = true;
    return rad * Math.cos(th);
  }

  /** Fills `out` with i.i.d. N(0, scale²) draws and returns it. */
  fillNormal(out: Float64Array, scale = 1): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = scale * this.normal();
    return out;
  }

  /**
   * Gamma(shape, 1) by Marsaglia & Tsang, *A simple method for generating gamma variables*,
   * ACM TOMS 26 (2000): for a ≥ 1, d = a − 1/3, c = 1/√(9d), accept d·v with v = (1 + cZ)³.
   * For a < 1 the boost Gamma(a) = Gamma(a + 1)·U^{1/a}.
   */
  gamma(shape: number): number {
    if (!(shape > 0) || !Number.isFinite(shape)) throw new RandomError(`gamma shape must be positive and finite, got ${shape}`);
    if (shape < 1) {
      const u = 1 - this.uniform();
      return this.gamma(shape + 1) * Math.pow(u, 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - this.uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Chi-square with k > 0 degrees of freedom: χ²_k = 2·Gamma(k/2). */
  chiSquare(k: number): number {
    if (!(k > 0) || !Number.isFinite(k)) throw new RandomError(`chi-square degrees of freedom must be positive and finite, got ${k}`);
    return 2 * this.gamma(k / 2);
  }
}
