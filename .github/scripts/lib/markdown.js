// Markdown helpers shared by the scripts that write pull-request comments, issue bodies and job summaries.
"use strict";

/** GitHub refuses comment and issue bodies longer than this (characters). */
const GITHUB_BODY_LIMIT = 65536;

/**
 * `text` in a fenced code block that the text cannot close: the fence is longer than any run of backticks
 * inside, so nothing in it renders as markdown or HTML.
 */
function fence(text, info = "text") {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const marks = "`".repeat(Math.max(3, longest + 1));
  const body = text.endsWith("\n") ? text : `${text}\n`;
  return `${marks}${info}\n${body}${marks}\n`;
}

/** A collapsible block; markdown renders inside it only after a blank line. */
function details(summary, markdown, open = false) {
  return `<details${open ? " open" : ""}><summary>${summary}</summary>\n\n${markdown.trimEnd()}\n\n</details>\n`;
}

module.exports = { GITHUB_BODY_LIMIT, fence, details };
