// Markdown helpers shared by the scripts that write pull-request comments, issue bodies and job summaries.
// They run in jobs that install nothing (the comment and issue jobs check out .github/scripts alone), so
// they stand alone; `test/workflows/markdown.test.ts` holds them to the CLI's own rules (access/escape.ts).
"use strict";

/** GitHub refuses comment and issue bodies longer than this (characters). */
const GITHUB_BODY_LIMIT = 65536;

/**
 * The characters that must never reach a reader raw, as in `access/text-safety.ts`: control characters
 * (C0 but tab and line feed, DEL, C1, U+2028/U+2029), bidirectional controls and zero-width characters.
 * A CR before a line feed goes too: Pulumi's log has none, and a lone CR forges a line in a terminal.
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- naming the control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u200b-\u200d\u2060-\u2064\ufeff\u180e]/g;

/**
 * `text` with every unsafe character shown as its escape (`\u202e`), line feeds and tabs kept. Text that a
 * command or a cloud wrote (a Pulumi log quoting a display name) can then neither reverse nor hide what a
 * reviewer reads.
 */
function safeText(text) {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * Untrusted text as one markdown table cell that shows exactly that text: unsafe characters escaped, line
 * breaks as `<br>`, and every ASCII punctuation character that markdown or HTML could read as syntax
 * backslash-escaped (CommonMark lets any ASCII punctuation be escaped), so no tag, link, emphasis, mention
 * or column break gets through.
 */
function mdCell(text) {
  return safeText(String(text))
    .replace(/[\\`*_{}[\]()<>#+!|~@&"']/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, "<br>");
}

/**
 * `text` in a fenced code block that the text cannot close: the fence is longer than any run of backticks
 * inside, so nothing in it renders as markdown or HTML; unsafe characters are escaped (`safeText`).
 */
function fence(text, info = "text") {
  const safe = safeText(text);
  const longest = Math.max(0, ...Array.from(safe.matchAll(/`+/g), (m) => m[0].length));
  const marks = "`".repeat(Math.max(3, longest + 1));
  const body = safe.endsWith("\n") ? safe : `${safe}\n`;
  return `${marks}${info}\n${body}${marks}\n`;
}

/** A collapsible block; markdown renders inside it only after a blank line. */
function details(summary, markdown, open = false) {
  return `<details${open ? " open" : ""}><summary>${summary}</summary>\n\n${markdown.trimEnd()}\n\n</details>\n`;
}

/**
 * The last `max` characters of `text`, after a line saying how many were cut; never starting inside a
 * surrogate pair (half an emoji is a replacement character on GitHub).
 */
function tail(text, max) {
  if (text.length <= max) return text;
  let start = text.length - max;
  const code = text.charCodeAt(start);
  if (code >= 0xdc00 && code <= 0xdfff) start += 1;
  return `… (${start} characters cut)\n${text.slice(start)}`;
}

module.exports = { GITHUB_BODY_LIMIT, details, fence, mdCell, safeText, tail };
