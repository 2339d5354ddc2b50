/**
 * Progress display: one updating status line on a terminal (claim, variant, level, replicate, ETA),
 * plain lines otherwise (one per finished level and per judged claim), always on stderr so stdout
 * stays machine-readable.
 *
 * @module
 */
import type { ProgressEvent } from '../harness/runner.ts';

const dur = (ms: number | null) => {
  if (ms === null || !Number.isFinite(ms)) return '?';
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
};

const MARK: Record<string, string> = { verified: '✔', refuted: '✘', inconclusive: '?', error: '!' };

/** A progress sink for {@link runClaims}, writing to `stream` (the caller's stderr). */
export function progressPrinter(stream: NodeJS.WriteStream): { onProgress: (e: ProgressEvent) => void; close: () => void } {
  const tty = !!stream.isTTY;
  let lastDraw = 0;
  let dirty = false;
  const clear = () => {
    if (tty && dirty) {
      stream.write('\r\x1b[2K');
      dirty = false;
    }
  };
  const onProgress = (e: ProgressEvent) => {
    const pct = `${(100 * e.fraction).toFixed(0).padStart(3)}%`;
    if (e.phase === 'done' && e.summary) {
      clear();
      const s = e.summary;
      const killed = s.variants.filter((v) => v.killed).length;
      stream.write(`${pct} ${MARK[s.verdict] ?? ' '} ${s.id} ${s.verdict} (variants refuted ${killed}/${s.variants.length}) — ${s.reason}\n`);
      return;
    }
    const what = `${e.claim}${e.variant ? ` [variant ${e.variant}]` : ''}`;
    const where =
      e.phase === 'property'
        ? 'property runs'
        : `${e.n !== undefined ? `level ${(e.level ?? 0) + 1}/${e.levels} n=${e.n} ` : ''}replicate ${(e.replicate ?? 0) + 1}/${e.replicates}`;
    if (tty) {
      const now = Date.now();
      if (now - lastDraw < 100) return;
      lastDraw = now;
      stream.write(`\r\x1b[2K${pct} ${what}  ${where}  elapsed ${dur(e.elapsedMs)}  ETA ~${dur(e.etaMs)}`);
      dirty = true;
    } else if (e.phase === 'level' && e.replicate !== undefined && e.replicates !== undefined && e.replicate === e.replicates - 1 && e.n !== undefined) {
      stream.write(`${pct} ${what}  level ${(e.level ?? 0) + 1}/${e.levels} n=${e.n} done (${e.replicates} replicates)  elapsed ${dur(e.elapsedMs)}  ETA ~${dur(e.etaMs)}\n`);
    }
  };
  return { onProgress, close: clear };
}
