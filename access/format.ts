/**
 * Diagnostics printed the way compilers print them: `file:line:column severity code: message`, then the
 * source line and a caret under the column. Everything quoted from input (the file name, values in the
 * message, the source line) is escaped: a diagnostic about a forged line must not print the forgery.
 */

import { formatLocation, type Diagnostic } from "./diagnostics";
import { escapeText } from "./escape";

/** The text of each file, by path, for quoting source lines. */
export type SourceTexts = ReadonlyMap<string, string>;

/** One diagnostic, with its source line and a caret when the text is known. */
export function formatDiagnostic(diagnostic: Diagnostic, texts?: SourceTexts): string {
  const head = escapeText(
    `${formatLocation(diagnostic)} ${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}`,
  );
  const line = texts?.get(diagnostic.file)?.split(/\r?\n/)[diagnostic.line - 1];
  if (line === undefined) return head;
  const gutter = String(diagnostic.line).length;
  // The caret stands under the character, however wide the escapes before it are.
  const before = escapeText(line.slice(0, Math.max(0, diagnostic.column - 1)));
  return [
    head,
    `  ${String(diagnostic.line)} | ${escapeText(line)}`,
    `  ${" ".repeat(gutter)} | ${" ".repeat(before.length)}^`,
  ].join("\n");
}

/** Every diagnostic, then a count: `2 errors, 1 warning`. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], texts?: SourceTexts): string {
  return [
    ...diagnostics.map((d) => formatDiagnostic(d, texts)),
    countDiagnostics(diagnostics),
  ].join("\n");
}

/** `2 errors, 1 warning`. */
export function countDiagnostics(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  return `${errors} ${errors === 1 ? "error" : "errors"}, ${warnings} ${warnings === 1 ? "warning" : "warnings"}`;
}
