/**
 * Markdown building blocks for pull-request comments and `$GITHUB_STEP_SUMMARY`: GitHub-flavoured tables,
 * and `<details>` so long lists do not bury the verdict. Text from input goes through `md` (or `code`), so
 * it renders as itself: no tag, link or emphasis of its own, no broken table.
 */

import { escapeMarkdown, escapeOutput, escapeText } from "../../access/escape";

/** Untrusted text (a name, a message, a label) as markdown that shows exactly that text. */
export function md(text: string): string {
  return escapeMarkdown(text);
}

/** Lists longer than this are collapsed into `<details>`. */
export const COLLAPSE_AFTER = 10;

/** A table cell: pipes escaped, newlines as `<br>`, so any text keeps the table intact. */
export function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
}

/** Inline code that survives backticks, line breaks and invisible characters in the text. */
export function code(raw: string): string {
  const text = escapeText(raw);
  // A fence longer than any run of backticks in the text, padded so a backtick at an edge stays inside.
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${longest > 0 ? ` ${text} ` : text}${fence}`;
}

/**
 * A fenced code block (YAML to paste, commands to run) that its content cannot close: the fence is longer
 * than any backtick run in it, and unsafe characters are escaped as in every output (line breaks kept).
 */
export function codeBlock(content: string, language = ""): string {
  const text = escapeOutput(content);
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

/** A table; cells are escaped here. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${headers.map(cell).join(" | ")} |`,
    `| ${headers.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ].join("\n");
}

/** A collapsed block; blank lines around the body let GitHub render markdown inside. */
export function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

/**
 * Rows shown per table at most. A pull-request comment holds 65,536 characters: a plan of hundreds of guests
 * would not fit, and the verdict and findings must. The JSON output always has everything.
 */
export const MAX_TABLE_ROWS = 100;

/**
 * A table, collapsed under `summary` when it has more than `COLLAPSE_AFTER` rows, and cut after
 * `MAX_TABLE_ROWS` with a line saying how many rows were left out.
 */
export function collapsibleTable(
  summary: string,
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const shown = rows.slice(0, MAX_TABLE_ROWS);
  const omitted = rows.length - shown.length;
  const body =
    table(headers, shown) +
    (omitted > 0 ? `\n\n…and ${omitted} more; \`--format json\` lists every one.` : "");
  return rows.length > COLLAPSE_AFTER ? details(summary, body) : body;
}
