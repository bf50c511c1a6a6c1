/**
 * Diagnostics: every problem found in a declaration, with a stable code, a place and a fix.
 * Phases return them instead of throwing, so a user sees every problem in one run.
 */

import { compareText } from "../azure/compare";
import type { DiagnosticCode, Severity } from "./diagnostic-codes";

export type { DiagnosticCode, ErrorCode, Severity, WarningCode } from "./diagnostic-codes";

/** A place in a declaration file. `line` and `column` are 1-based. */
export interface SourceLocation {
  /** The file, as given (relative paths stay relative). */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** The JSON pointer of the node in its document, e.g. `/guests/1/access/0/role`. */
  readonly path: string;
}

/** One problem in a declaration. */
export interface Diagnostic extends SourceLocation {
  /** A stable, greppable code such as `unknown-role`: a row of docs/diagnostics.md. */
  readonly code: DiagnosticCode;
  /** Whether it stops the deployment. */
  readonly severity: Severity;
  /** What is wrong, with the offending value, what is allowed and how to fix it. */
  readonly message: string;
  /** Another place involved (the first declaration of a duplicate, say). */
  readonly related?: SourceLocation;
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Sorts diagnostics by file, line, column, then code: the order every printer uses. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compareText(a.code, b.code) ||
      compareText(a.message, b.message),
  );
}

/** `file:line:column`, the way compilers and editors print a place. */
export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

/** Builds a JSON pointer (RFC 6901) from path segments. */
export function jsonPointer(path: readonly (string | number)[]): string {
  return path.map((p) => `/${String(p).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}

/** Splits a JSON pointer into segments; numeric segments become numbers. */
export function parsePointer(pointer: string): (string | number)[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}
