/**
 * `guest-access validate [PATH]`: check a declaration and print every diagnostic.
 * Exit 0 when valid (warnings allowed), 1 with errors, 2 when the input cannot be read.
 */

import { countDiagnostics, formatDiagnostic } from "../access/format";
import { loadAccess } from "../access/load";
import { validationReport } from "../review/validation-report";
import type { RoleCatalog } from "../azure/roles";
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
