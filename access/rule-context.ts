/**
 * What every rule shares: a reporter that places each diagnostic in its file, and the readers of optional
 * values and dates.
 */

import type { Diagnostic, ErrorCode, SourceLocation, WarningCode } from "./diagnostics";
import { isCalendarDate } from "./dates";
import { emailProblem } from "./email";
import { readablePath } from "./shape";
import { locate, type SourceFile } from "./source";

/** A path in a document, as segments. */
export type Path = (string | number)[];

/** Collects diagnostics for one entry, each located in its file. */
export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  constructor(private readonly source: SourceFile) {}

  /** The place of a node. */
  at(path: Path): SourceLocation {
    return locate(this.source, path);
  }

  /** Reports an error at a node. */
  error(path: Path, code: ErrorCode, message: string, related?: SourceLocation): void {
    this.diagnostics.push({
      ...this.at(path),
      code,
      severity: "error",
      message,
      ...(related ? { related } : {}),
    });
  }

  /** Reports a warning at a node. */
  warning(path: Path, code: WarningCode, message: string): void {
    this.diagnostics.push({ ...this.at(path), code, severity: "warning", message });
  }
}

/** YAML `key:` with no value arrives as null: the same as leaving the key out. */
export function optional<T>(value: T | null | undefined): T | undefined {
  return value === null ? undefined : value;
}

/** Checks a guest's or group's sponsor: the accountable person's work email (`invalid-sponsor`). */
export function checkSponsor(report: Reporter, base: Path, sponsor: string): void {
  const problem = emailProblem(sponsor);
  if (problem)
    report.error(
      [...base, "sponsor"],
      "invalid-sponsor",
      `${readablePath([...base, "sponsor"])} "${sponsor}" is not an email address: ${problem}; name the accountable person by their work email`,
    );
}

/** Checks an optional date: undefined when absent or not a real day (reported). */
export function checkDate(
  report: Reporter,
  path: Path,
  value: string | undefined,
): string | undefined {
  if (value === undefined) return undefined;
  if (!isCalendarDate(value)) {
    report.error(
      path,
      "invalid-date",
      `${readablePath(path)} is "${value}", which is not a day in the calendar; write YYYY-MM-DD`,
    );
    return undefined;
  }
  return value;
}
