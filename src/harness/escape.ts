/**
 * Escaping of user-controlled strings (claim titles and statements, reasons, counterexample values,
 * `--act` expressions, file names) for each output format: XML/HTML/SVG text and attributes, and
 * Markdown text, table cells and code spans. Every report renderer goes through these and nothing else.
 *
 * @module
 */

/**
 * Characters XML 1.0 forbids in a document (§2.2 Char: C0 controls other than tab, LF and CR; lone
 * surrogates; U+FFFE and U+FFFF). They are replaced by U+FFFD so that the output always parses.
 */
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes the characters XML 1.0 forbids (replaced by U+FFFD). */
export function xmlSafe(s: string): string {
  return s.replace(XML_FORBIDDEN, '\uFFFD');
}

/**
 * Escapes a string for XML, HTML or SVG text content and for double- or single-quoted attribute values:
 * `& < > " '` become entities, and forbidden characters are replaced. Newlines are kept (text content);
 * use {@link escapeAttr} for attributes where a newline must survive a parser's normalisation.
 */
export function escapeXml(s: string): string {
  return xmlSafe(String(s)).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Escapes a string for an XML attribute value, keeping tabs and newlines as character references (attribute normalisation would turn them into spaces). */
export function escapeAttr(s: string): string {
  return escapeXml(s).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** Collapses every run of whitespace (newlines included) into one space and trims. */
export function oneLine(s: string): string {
  return String(s).replace(/\s+/g, ' ').trim();
}

/** Markdown punctuation that can start inline syntax (emphasis, links, code, raw HTML, tables); escaped with a backslash. */
const MD_INLINE = /[\\`*_[\]<>|~]/g;

/**
 * A string as Markdown inline text on one line: newlines become spaces (so no value can start a heading, a
 * list or a code block), inline syntax characters are backslash-escaped (no raw HTML, no emphasis, no link,
 * no cell break), and a leading heading (`# `), list marker (`- `, `+ `, `1. `) or setext underline (`===`) is
 * escaped in case the text starts a line.
 */
export function mdText(s: string): string {
  const t = xmlSafe(oneLine(s)).replace(MD_INLINE, (c) => `\\${c}`).replace(/&/g, '&amp;');
  // Block syntax a line could start with: an ATX heading, a list item, a setext underline (> is escaped above).
  return t
    .replace(/^(#{1,6})(?=\s|$)/, '\\$1')
    .replace(/^([+-])/, '\\$1') // a list marker, or a thematic break or setext underline (---)
    .replace(/^(=+)(?=\s*$)/, '\\$1')
    .replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}

/** A table cell: {@link mdText} (pipes are escaped there); an empty cell stays empty. */
export function mdCell(s: string): string {
  return mdText(s);
}

/**
 * A Markdown code span holding `s` verbatim on one line: newlines become spaces (a newline inside a span
 * would still be read as a block boundary first), and the fence is one backtick longer than the longest
 * run of backticks inside.
 */
export function mdCode(s: string): string {
  const t = xmlSafe(String(s)).replace(/\s*[\r\n]+\s*/g, ' ');
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  // A span that starts or ends with a backtick (or is empty) needs padding spaces, which CommonMark strips.
  const pad = t === '' || t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

/** Shortens text to at most `max` characters on one line, cutting at a word boundary where one is near, with an ellipsis. */
export function shorten(s: string, max: number): string {
  const t = oneLine(s);
  if (t.length <= max) return t;
  const cut = t.slice(0, Math.max(1, max - 1));
  const sp = cut.lastIndexOf(' ');
  return `${sp > max * 0.6 ? cut.slice(0, sp) : cut}…`;
}

/**
 * A string safe to print on a terminal: C0 and C1 control characters other than newline and tab (an escape
 * sequence in a claim title could clear the screen or hide text) are shown as `\xNN`.
 */
export function terminalSafe(s: string): string {
  // eslint-disable-next-line no-control-regex
  return String(s).replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
