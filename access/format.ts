/**
 * Diagnostics printed the way compilers print them: `file:line:column severity code: message`, then the
 * source line and a caret under the column.
 */

import { formatLocation, type Diagnostic } from "./diagnostics";

/** The text of each file, by path, for quoting source lines. */
export type SourceTexts = ReadonlyMap<string, string>;

/** One diagnostic, with its source line and a caret when the text is known. */
export function formatDiagnostic(diagnostic: Diagnostic, texts?: SourceTexts): string {
  const head = `${formatLocation(diagnostic)} ${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}`;
  const line = texts?.get(diagnostic.file)?.split(/\r?\n/)[diagnostic.line - 1];
  if (line === undefined) return head;
  const gutter = String(diagnostic.line).length;
  return [
    head,
    `  ${String(diagnostic.line)} | ${line}`,
    `  ${" ".repeat(gutter)} | ${" ".repeat(Math.max(0, diagnostic.column - 1))}^`,
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
