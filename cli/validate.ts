/**
 * `guest-access validate [PATH]`: check a declaration and print every diagnostic.
 * Exit 0 when valid (warnings allowed), 1 with errors, 2 when the input cannot be read.
 */

import { countDiagnostics, formatDiagnostic } from "../access/format";
import { loadAccess, type LoadResult } from "../access/load";
import type { Diagnostic } from "../access/diagnostics";
import type { RoleCatalog } from "../access/roles";
import { ExitCode, type CliIO, type OutputFormat } from "./io";

/** Options of `validate`. */
export interface ValidateOptions {
  /** The access file, or a directory of them. */
  readonly path: string;
  /** `text` for people, `json` for machines. */
  readonly format: Exclude<OutputFormat, "markdown">;
  /** Judge expiries as of this date (`YYYY-MM-DD`) instead of today. */
  readonly today?: string;
  /** A role table refreshed from the tenant, instead of the bundled one. */
  readonly catalog?: RoleCatalog;
}

/** The machine-readable result: exactly what `--format json` prints. */
export interface ValidateReport {
  /** Every diagnostic, sorted by file, line and column; `related` names the other place of a duplicate. */
  readonly diagnostics: readonly Pick<
    Diagnostic,
    "code" | "severity" | "message" | "file" | "line" | "column" | "path" | "related"
  >[];
  readonly summary: {
    /** No errors (warnings allowed). */
    readonly valid: boolean;
    /** Declaration files read. */
    readonly files: number;
    /** Guests resolved (0 when there are errors). */
    readonly guests: number;
    /** Active grants, to be deployed. */
    readonly grants: number;
    /** Declared grants past their expiry, revoked at the next update. */
    readonly expiredGrants: number;
    readonly errors: number;
    readonly warnings: number;
  };
}

/** The pure core: a load result as a report. */
export function validationReport(result: LoadResult): ValidateReport {
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  const guests = result.model?.guests ?? [];
  return {
    diagnostics: result.diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.message,
      file: d.file,
      line: d.line,
      column: d.column,
      path: d.path,
      ...(d.related ? { related: d.related } : {}),
    })),
    summary: {
      valid: errors === 0,
      files: result.files.length,
      guests: guests.length,
      grants: guests.reduce((n, g) => n + g.spec.grants.length, 0),
      expiredGrants: guests.reduce((n, g) => n + g.expiredGrants.length, 0),
      errors,
      warnings: result.diagnostics.length - errors,
    },
  };
}

/** Runs `validate` and returns its exit code. `UnreadableInputError` propagates (exit 2 in main). */
export function runValidate(options: ValidateOptions, io: CliIO): number {
  const result = loadAccess(options.path, {
    ...(options.today ? { today: options.today } : {}),
    ...(options.catalog ? { catalog: options.catalog } : {}),
  });
  const report = validationReport(result);
  if (options.format === "json") {
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    for (const d of result.diagnostics) io.stdout(`${formatDiagnostic(d, result.texts)}\n`);
    const s = report.summary;
    io.stdout(
      `${s.valid ? "valid" : "invalid"}: ${s.files} ${s.files === 1 ? "file" : "files"}, ${s.guests} guests, ${s.grants} active grants, ${s.expiredGrants} expired; ${countDiagnostics(result.diagnostics)}\n`,
    );
  }
  return report.summary.valid ? ExitCode.Ok : ExitCode.Findings;
}
