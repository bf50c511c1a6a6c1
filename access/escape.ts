/**
 * Text from input, made safe to show. Validation refuses unsafe characters in a declaration, but a report
 * also shows what was refused (in diagnostics), file names, URNs from a stack export, git's and the argument
 * parser's errors: all of it untrusted. Three tools, using the character classes of `text-safety.ts`:
 *
 * - `escapeText`: one line of untrusted text, every unsafe character as `\u202e` (line breaks too), so a
 *   value can neither rewrite the terminal nor start a line of its own;
 * - `escapeMarkdown`: the same, then markdown and HTML neutralised, so a value in a pull-request comment stays
 *   text: tables stay tables, no tag (`<img>`, `</details>`) and no link (`](javascript:`) survives;
 * - `escapeOutput`: the last guard on everything written to stdout and stderr, in every format: unsafe
 *   characters escaped, line breaks kept, and (on a colour terminal) the printers' own colour codes kept. In
 *   JSON it only ever meets text inside strings, where `\u202e` is JSON's own escape: JSON stays JSON.
 */

import { findUnsafeCharacter, type TextAllowance } from "./text-safety";

/** `\u202e`: JSON's and JavaScript's escape for one UTF-16 unit. */
function escapeCodePoint(codePoint: number): string {
  return codePoint <= 0xffff
    ? `\\u${codePoint.toString(16).padStart(4, "0")}`
    : `\\u{${codePoint.toString(16)}}`;
}

/** `text` with every character `allow` does not admit escaped. */
function escapeUnsafe(text: string, allow: TextAllowance): string {
  let out = "";
  let rest = text;
  for (;;) {
    const found = findUnsafeCharacter(rest, allow);
    if (!found) return out + rest;
    out += rest.slice(0, found.index) + escapeCodePoint(found.codePoint);
    rest = rest.slice(found.index + (found.codePoint > 0xffff ? 2 : 1));
  }
}

/**
 * One line of untrusted text for a terminal or a log: control, bidirectional and zero-width characters (line
 * breaks and tabs included) shown as `\u001b`, `\u202e`, `\u000a`. Joiners inside words (names, emoji) stay.
 */
export function escapeText(text: string): string {
  return escapeUnsafe(text, { joinersInWords: true });
}

/** Characters markdown or HTML would read as syntax, as the entity or backslash escape that shows them. */
const MARKDOWN_SYNTAX: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  "\\": "\\\\",
  "*": "\\*",
  _: "\\_",
  "~": "\\~",
  "](": "\\](",
  "][": "\\][",
  "@": "&#64;",
};

/**
 * Untrusted text for a markdown report (a pull-request comment, a job summary): escaped as `escapeText`, then
 * what markdown or HTML would read as syntax escaped: tags and entities, emphasis and strike-through, and the
 * `](` / `][` that close a link's text, and an `@` that would mention (and notify) someone. `[0]` alone,
 * `shop_prod`, an email's `@` and backticks stay as they are (they make no link, no emphasis, no mention, and
 * a code span cannot leave its table cell). `|` is left to the table cell, which escapes it once.
 */
export function escapeMarkdown(text: string): string {
  // "_" inside a word never starts emphasis in GitHub's markdown, and "@" after a letter or digit (an
  // email address) never starts a mention.
  return escapeText(text).replace(
    /\]\(|\]\[|[&<>\\*~]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])|(?<![\p{L}\p{N}_.+-])@/gu,
    (c) => MARKDOWN_SYNTAX[c] ?? c,
  );
}

/** The colour codes the text printers write (`cli/render/style.ts`): bold, dim, red, green, yellow, resets. */
// eslint-disable-next-line no-control-regex -- matching ESC is the point: these are our own colour codes
const OWN_COLOUR = /\u001b\[(?:1|2|22|31|32|33|39)m/g;

/**
 * What may be written to stdout or stderr: every unsafe character escaped except line breaks, tabs and
 * joiners inside words; with `keepColour`, the printers' own colour codes kept.
 */
export function escapeOutput(text: string, keepColour = false): string {
  const allow: TextAllowance = { lineBreaks: true, joinersInWords: true };
  if (!keepColour) return escapeUnsafe(text, allow);
  let out = "";
  let last = 0;
  for (const match of text.matchAll(OWN_COLOUR)) {
    out += escapeUnsafe(text.slice(last, match.index), allow) + match[0];
    last = match.index + match[0].length;
  }
  return out + escapeUnsafe(text.slice(last), allow);
}
