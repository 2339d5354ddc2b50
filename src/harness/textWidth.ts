/**
 * A conservative estimate of the rendered width of SVG text, so that the plots can wrap titles and size
 * margins and legends without a font engine. Each character gets at least its advance width in the
 * common sans-serif fonts a browser falls back to (DejaVu Sans, Liberation Sans / Arial, Helvetica):
 * the widest of them, rounded up. The browser test (`properties/report-browser.test.ts`) checks the
 * estimate against Chromium's `getBBox()` of every text in the report's plots.
 *
 * @module
 */

/** Advance widths in em, taken as the maximum over DejaVu Sans and Liberation Sans (Arial metrics), rounded up to 0.05 em. */
const NARROW = new Set([...'il.,:;|!\'`ijlI[](){}/\\ ']);
const WIDE = new Set([...'mwMW@%']);
const MID_UPPER = new Set([...'ABCDEFGHKNOPQRSUVXYZ&']);

/** Width in em of one code point. */
function charEm(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp >= 0x300 && cp <= 0x36f) return 0; // combining marks
  if (ch === ' ') return 0.35;
  if (NARROW.has(ch)) return 0.45;
  if (WIDE.has(ch)) return 1.05;
  if (MID_UPPER.has(ch)) return 0.8;
  if (/[0-9]/.test(ch)) return 0.65;
  if (/[a-z]/.test(ch)) return 0.65;
  if (/[A-Z]/.test(ch)) return 0.75;
  if (cp < 0x80) return 0.85; // other ASCII punctuation: + = < > ~ # * ^ _ " $ ? -
  if (cp >= 0x2070 && cp <= 0x209f) return 0.45; // super- and subscripts
  if (cp === 0xb2 || cp === 0xb3 || cp === 0xb9) return 0.45;
  if (cp >= 0x1100 && (cp <= 0x115f || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xff00 && cp <= 0xff60))) return 1.05; // CJK, full-width
  if (cp >= 0x1f000) return 1.3; // emoji
  return 1.0; // Greek, arrows, math operators (≤ → ∞ Δ ∑ …): at most 1 em in the fallback fonts
}

/** A conservative (never smaller than the real) width in px of `text` at `fontSize` px in a sans-serif font. */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of String(text)) em += charEm(ch);
  return em * fontSize;
}

/**
 * Greedy word wrap of `text` into lines no wider than `maxWidth` px at `fontSize` (estimated by
 * {@link textWidth}); a single word wider than the line is broken by characters.
 */
export function wrapText(text: string, maxWidth: number, fontSize: number): string[] {
  const words = String(text).split(/\s+/).filter((w) => w !== '');
  const lines: string[] = [];
  let cur = '';
  const push = (w: string) => {
    // Break an over-long word by characters.
    let rest = w;
    while (textWidth(rest, fontSize) > maxWidth && rest.length > 1) {
      let k = 1;
      while (k < rest.length && textWidth(rest.slice(0, k + 1), fontSize) <= maxWidth) k++;
      lines.push(rest.slice(0, k));
      rest = rest.slice(k);
    }
    return rest;
  };
  for (const w of words) {
    const cand = cur ? `${cur} ${w}` : w;
    if (textWidth(cand, fontSize) <= maxWidth) cur = cand;
    else {
      if (cur) lines.push(cur);
      cur = push(w);
    }
  }
  if (cur) lines.push(cur);
  return lines.length ? lines : [''];
}
