/**
 * The escaping helpers (`src/harness/escape.ts`) on arbitrary strings, built from the characters that
 * matter (markup, Markdown syntax, newlines, control characters, surrogates): XML/HTML text and attributes
 * always parse back to the original (less the characters XML forbids), Markdown text stays on one line and
 * starts no block, a code span holds any string, terminal text shows no control character. Each property
 * has a naive escaper as its wrong variant, which the same check rejects.
 */
import fc from 'fast-check';
import { DOMParser } from '@xmldom/xmldom';
import { expect, test } from 'vitest';
import { escapeAttr, escapeXml, mdCode, mdText, terminalSafe, xmlSafe } from '../src/harness/escape.ts';
import { ROOT_SEED } from './setup.ts';

/** Strings made of the characters that break outputs, and ordinary text. */
const nasty = fc
  .array(fc.constantFrom('<', '>', '&', '"', "'", '|', '`', '\\', '#', '-', '+', '=', '*', '_', '[', ']', '\n', '\r', '\t', ' ', '1.', '\u0007', '\u001b', '\u0000', '\uFFFE', '\uD800', 'a', 'Δ', '→', 'script', ']]>'), { maxLength: 40 })
  .map((a) => a.join(''));

/** Parses `<r a="ATTR">TEXT</r>` and returns the attribute and the text (throws on broken XML). */
function roundTrip(attr: string, text: string): { attr: string; text: string } {
  let fatal: string | null = null;
  const doc = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') fatal = msg; } }).parseFromString(`<r a="${attr}">${text}</r>`, 'text/xml');
  if (fatal) throw new Error(fatal);
  const r = doc.documentElement!;
  return { attr: r.getAttribute('a') ?? '', text: r.textContent ?? '' };
}

/** The XML property: escaped text and attribute parse back to the string with forbidden characters replaced. */
const xmlRoundTrips = (escText: (s: string) => string, escAttr: (s: string) => string) =>
  fc.property(nasty, (s) => {
    const want = xmlSafe(s);
    const got = roundTrip(escAttr(s), escText(s));
    // XML parsers normalise line ends (CR LF → LF) in text; attributes keep them as character references.
    return got.attr === want && got.text === want.replace(/\r\n?/g, '\n');
  });

test('XML/HTML/SVG: escaped text and attributes parse back to the original string; a naive escaper breaks', () => {
  fc.assert(xmlRoundTrips(escapeXml, escapeAttr), { seed: ROOT_SEED, numRuns: 500 });
  const naive = (s: string) => s.replace(/</g, '&lt;');
  expect(() => fc.assert(xmlRoundTrips(naive, naive), { seed: ROOT_SEED, numRuns: 500 })).toThrow();
});

/** Does a Markdown line start a block construct (heading, list, quote, fence, thematic break, setext underline, HTML)? */
function startsBlock(line: string): boolean {
  return /^ {0,3}(#{1,6}(\s|$)|[-+*](\s|$)|\d{1,9}[.)](\s|$)|>|```|~~~|(-\s*){3,}$|(_\s*){3,}$|(\*\s*){3,}$|=+\s*$|<)/.test(line);
}

/** Unescaped pipes or raw HTML openers in Markdown text. */
const unescaped = (t: string, ch: string) => new RegExp(`(?<!\\\\)(\\\\\\\\)*\\${ch}`).test(t);

const mdSafe = (esc: (s: string) => string) =>
  fc.property(nasty, (s) => {
    const t = esc(s);
    return !/[\r\n]/.test(t) && !startsBlock(t) && !unescaped(t, '|') && !unescaped(t, '<') && !unescaped(t, '`');
  });

test('Markdown text: one line, starts no block, no unescaped pipe, angle bracket or backtick; a naive escaper breaks', () => {
  fc.assert(mdSafe(mdText), { seed: ROOT_SEED, numRuns: 1000 });
  expect(() => fc.assert(mdSafe((s) => s.replace(/\|/g, '\\|')), { seed: ROOT_SEED, numRuns: 1000 })).toThrow();
  expect(mdText('# HEADING')).toBe('\\# HEADING');
  expect(mdText('line one\n# two')).toBe('line one # two');
  expect(mdText('1. item')).toBe('1\\. item');
  expect(mdText('---')).toBe('\\---');
});

test('Markdown code span: one line, and its fence is longer than any backtick run inside', () => {
  fc.assert(
    fc.property(nasty, (s) => {
      const t = mdCode(s);
      const fence = /^`+/.exec(t)![0];
      const inner = t.slice(fence.length, t.length - fence.length);
      return !/[\r\n]/.test(t) && t.endsWith(fence) && !(inner.match(/`+/g) ?? []).some((r) => r.length === fence.length);
    }),
    { seed: ROOT_SEED, numRuns: 1000 },
  );
});

test('terminal text: no control character but newline and tab survives', () => {
  // eslint-disable-next-line no-control-regex
  const ok = (esc: (s: string) => string) => fc.property(nasty, (s) => !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(esc(s)));
  fc.assert(ok(terminalSafe), { seed: ROOT_SEED, numRuns: 500 });
  expect(() => fc.assert(ok((s) => s), { seed: ROOT_SEED, numRuns: 500 })).toThrow();
  expect(terminalSafe('a\u001b[2Jb')).toBe('a\\x1b[2Jb');
});
