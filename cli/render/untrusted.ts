/**
 * Text from the tenant (display names, descriptions, ids, emails) is untrusted on every screen: a control
 * character could rewrite the terminal, a bidirectional override could make a scope read as another, a
 * newline could forge a report line, and markdown could ping people or inject links into an issue. These
 * helpers make such text inert and visible.
 */

// C0 and C1 controls (tab and newline included: a field is one line), DEL, and Unicode's bidirectional
// controls and marks. Matching control characters is the point here.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with every control and bidi character shown as a `\uXXXX` escape (the form YAML and JSON strings
 * read back as the same character, so YAML printed for pasting keeps its value).
 */
export function printable(text: string): string {
  return text.replace(
    UNSAFE,
    (c) => `\\u${(c.codePointAt(0) as number).toString(16).padStart(4, "0")}`,
  );
}

/** Like `printable`, keeping line breaks (for multi-line blocks such as YAML). */
export function printableLines(text: string): string {
  return text
    .split("\n")
    .map((line) => printable(line))
    .join("\n");
}

/**
 * Untrusted text as inert markdown: printable, markdown punctuation escaped, and `@` written as an entity
 * so no mention pings anyone from an issue body.
 */
export function markdownText(text: string): string {
  return printable(text)
    .replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`)
    .replace(/@/g, "&#64;");
}

/** A fenced code block that the content cannot close (the fence is longer than any backtick run in it). */
export function codeBlock(content: string, language = ""): string {
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${printableLines(content)}\n${fence}`;
}
