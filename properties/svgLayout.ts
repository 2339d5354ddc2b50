/**
 * A layout check for the SVG charts of `src/harness/plot.ts`, without a browser: the document is parsed
 * as XML (a parse error fails), every text gets a box from its position, anchor and a conservative
 * width (`textWidth.ts`; ascent 0.95 em, descent 0.3 em), every mark and line its geometric box, and the
 * rules a reader relies on are checked: texts inside the canvas and not overlapping one another, the
 * title above the frame, marks and lines strictly inside the frame, tick labels and the legend outside
 * the plot area. Returns the problems found (empty when the chart is sound).
 */
import { DOMParser, type Element } from '@xmldom/xmldom';
import { textWidth } from '../src/harness/textWidth.ts';

/** An axis-aligned box. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  what: string;
}

/** Minimum distance in px between a data mark and the frame. */
export const MIN_FRAME_GAP = 2;

const num = (e: Element, a: string, d = 0) => (e.hasAttribute(a) ? Number(e.getAttribute(a)) : d);

/** Parses an SVG document strictly (well-formed XML, root `svg`). */
export function parseSvg(svg: string): Element {
  const errors: string[] = [];
  let doc;
  try {
    doc = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') errors.push(msg); } }).parseFromString(svg, 'image/svg+xml');
  } catch (e) {
    errors.push((e as Error).message); // xmldom throws on fatal errors
  }
  if (errors.length || !doc) throw new Error(`not well-formed XML: ${errors.join('; ')}`);
  const root = doc.documentElement;
  if (!root || root.tagName !== 'svg') throw new Error('the root element is not <svg>');
  return root;
}

function all(root: Element, tag: string): Element[] {
  return Array.from(root.getElementsByTagName(tag));
}

/** The box of a `<text>` (horizontal, or rotated by −90° with translate). */
export function textBox(e: Element, baseFont: number): Box {
  const fs = num(e, 'font-size', baseFont);
  const content = e.textContent ?? '';
  const w = textWidth(content, fs);
  const anchor = e.getAttribute('text-anchor') ?? 'start';
  const tr = /translate\(([-\d.]+)[ ,]+([-\d.]+)\)\s*rotate\(-90\)/.exec(e.getAttribute('transform') ?? '');
  if (tr) {
    const tx = Number(tr[1]);
    const ty = Number(tr[2]);
    // Rotated −90°: the text runs upwards from (tx, ty); its ascent points to the left.
    const [a, b] = anchor === 'middle' ? [ty - w / 2, ty + w / 2] : anchor === 'end' ? [ty, ty + w] : [ty - w, ty];
    return { x0: tx - 0.95 * fs, x1: tx + 0.3 * fs, y0: a, y1: b, what: `text "${content}"` };
  }
  const x = num(e, 'x');
  const y = num(e, 'y');
  const [x0, x1] = anchor === 'middle' ? [x - w / 2, x + w / 2] : anchor === 'end' ? [x - w, x] : [x, x + w];
  return { x0, x1, y0: y - 0.95 * fs, y1: y + 0.3 * fs, what: `text "${content}"` };
}

/** The points of a path made of M and L commands. */
function pathPoints(d: string): Array<[number, number]> {
  return [...d.matchAll(/[ML]\s*([-\d.eE+]+)[ ,]([-\d.eE+]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

/** The box of a mark or line element. */
function shapeBox(e: Element): Box {
  const cls = e.getAttribute('class') ?? '';
  if (e.tagName === 'circle') {
    const cx = num(e, 'cx');
    const cy = num(e, 'cy');
    const r = num(e, 'r');
    return { x0: cx - r, x1: cx + r, y0: cy - r, y1: cy + r, what: `${cls} circle at (${cx}, ${cy})` };
  }
  if (e.tagName === 'line') {
    const [x1, y1, x2, y2] = ['x1', 'y1', 'x2', 'y2'].map((a) => num(e, a));
    return { x0: Math.min(x1, x2), x1: Math.max(x1, x2), y0: Math.min(y1, y2), y1: Math.max(y1, y2), what: `${cls} line (${x1}, ${y1})–(${x2}, ${y2})` };
  }
  const pts = pathPoints(e.getAttribute('d') ?? '');
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  return { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys), what: `${cls} path ${(e.getAttribute('d') ?? '').slice(0, 40)}` };
}

const overlap = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
const inside = (a: Box, o: Box, gap: number) => a.x0 >= o.x0 + gap && a.x1 <= o.x1 - gap && a.y0 >= o.y0 + gap && a.y1 <= o.y1 - gap;
const fmt = (b: Box) => `${b.what} [${b.x0.toFixed(1)}, ${b.x1.toFixed(1)}]×[${b.y0.toFixed(1)}, ${b.y1.toFixed(1)}]`;

/** Checks a chart rendered by `renderChart`; returns the problems (empty when the layout is sound). */
export function layoutProblems(svg: string): string[] {
  let root: Element;
  try {
    root = parseSvg(svg);
  } catch (e) {
    return [(e as Error).message];
  }
  const problems: string[] = [];
  const W = num(root, 'width');
  const H = num(root, 'height');
  if (root.getAttribute('viewBox') !== `0 0 ${W} ${H}`) problems.push(`viewBox ${root.getAttribute('viewBox')} is not 0 0 ${W} ${H}`);
  const canvas: Box = { x0: 0, y0: 0, x1: W, y1: H, what: 'canvas' };
  const baseFont = num(root, 'font-size', 12);
  const texts = all(root, 'text').map((e) => ({ e, box: textBox(e, baseFont), cls: e.getAttribute('class') ?? '' }));
  for (const t of texts) if (!inside(t.box, canvas, 0)) problems.push(`outside the canvas ${W}×${H}: ${fmt(t.box)}`);
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) if (overlap(texts[i].box, texts[j].box)) problems.push(`texts overlap: ${fmt(texts[i].box)} and ${fmt(texts[j].box)}`);
  }
  const frameEl = all(root, 'rect').find((r) => r.getAttribute('class') === 'frame');
  if (!frameEl) return texts.length ? problems : [...problems, 'no frame and no text'];
  const frame: Box = { x0: num(frameEl, 'x'), y0: num(frameEl, 'y'), x1: num(frameEl, 'x') + num(frameEl, 'width'), y1: num(frameEl, 'y') + num(frameEl, 'height'), what: 'frame' };
  for (const t of texts) {
    if (t.cls === 'title' && t.box.y1 > frame.y0) problems.push(`title reaches into the plot area: ${fmt(t.box)}`);
    if (['title', 'tick', 'axis-label', 'legend'].includes(t.cls) && overlap(t.box, frame)) problems.push(`${t.cls} text inside the plot area: ${fmt(t.box)}`);
  }
  for (const tag of ['circle', 'line', 'path']) {
    for (const e of all(root, tag)) {
      const cls = e.getAttribute('class') ?? '';
      if (cls !== 'mark' && cls !== 'series-line') continue;
      const b = shapeBox(e);
      if (!inside(b, frame, MIN_FRAME_GAP)) problems.push(`${cls} touches or leaves the frame (gap < ${MIN_FRAME_GAP} px): ${fmt(b)} in ${fmt(frame)}`);
    }
  }
  return problems;
}
