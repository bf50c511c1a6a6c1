/**
 * `guest-access validate [PATH]`: check a declaration and print every diagnostic.
 * Exit 0 when valid (warnings allowed), 1 with errors, 2 when the input cannot be read.
 */

import { countDiagnostics, formatDiagnostic } from "../access/format";
import { loadAccess } from "../access/load";
import { validationReport } from "../review/validation-report";
import type { RoleCatalog } from "../azure/roles";
import { ExitCode, type CliIO, type OutputFormat } from "./io";
import { isAbsolute, relative, resolve } from "node:path";
import { readInputText } from "../access/read-input";
import { stackInput, stacksDeploying, withStackCheck } from "../review/stacks";

/** A stack file's text for carets (already read once through the guarded reader). */
function readStackText(file: string): string {
  return readInputText(file, { kind: "stack config" });
}

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
  // Relative to the command's directory (the process's, when run from a shell).
  const path =
    isAbsolute(options.path) || resolve(io.cwd) === process.cwd()
      ? options.path
      : resolve(io.cwd, options.path);
  const loaded = loadAccess(path, {
    ...(options.today ? { today: options.today } : {}),
    ...(options.catalog ? { catalog: options.catalog } : {}),
  });
  // Every stack of the project that deploys this declaration: together they must own each grant and each
  // invitation exactly once.
  const stacks = stacksDeploying(io.cwd, options.path);
  const result = withStackCheck(
    loaded,
    stacks.map((config) => stackInput(config, relative(io.cwd, config.stackFile))),
    new Map(stacks.map((c) => [relative(io.cwd, c.stackFile), readStackText(c.stackFile)])),
  );
  const report = {
    ...validationReport(result),
    ...(result.parts.length > 0 ? { stacks: result.parts } : {}),
  };
  if (options.format === "json") {
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    for (const d of result.diagnostics) io.stdout(`${formatDiagnostic(d, result.texts)}\n`);
    const s = report.summary;
    io.stdout(
      `${s.valid ? "valid" : "invalid"}: ${s.files} ${s.files === 1 ? "file" : "files"}, ${s.guests} guests, ${s.grants} active grants, ${s.expiredGrants} expired; ${countDiagnostics(result.diagnostics)}\n`,
    );
    if (result.parts.length > 1 || result.parts.some((p) => p.role !== "all"))
      io.stdout(
        `stacks: ${result.parts.map((p) => `${p.stack} (${p.role})`).join(", ")}${s.valid ? `: every grant and every invitation${result.model?.groups.length ? ", group and membership" : ""} in exactly one` : ""}\n`,
      );
  }
  return report.summary.valid ? ExitCode.Ok : ExitCode.Findings;
}
