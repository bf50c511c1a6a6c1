/**
 * `guest-access drift [PATH]`: the declaration against the tenant as it really is (`review/drift`), printed
 * as text, markdown (a GitHub issue body) or json. Exit 0 no drift in the `--fail-on` classes, 1 drift in
 * them, 2 a read that failed (unless `--allow-partial`) or input the review cannot use.
 */

import {
  computeDrift,
  type DriftDeps,
  type DriftOptions,
  type DriftView,
} from "../review/drift/drift";
import { ExitCode, type CliIO, type OutputFormat } from "./io";
import { renderDriftMarkdown } from "./render/drift-markdown";
import { renderDriftText } from "./render/drift-text";
import { styleFor } from "./render/style";

/** Options of the `drift` command: what to review, and how to print it. */
export interface DriftCommandOptions extends DriftOptions {
  /** The printer: `text` for people, `markdown` for an issue body, `json` for machines. */
  readonly format: OutputFormat;
}

/** Prints a review in the chosen format. */
export function renderDrift(
  view: DriftView,
  format: OutputFormat,
  io: Pick<CliIO, "isTTY" | "env">,
): string {
  if (format === "json") return `${JSON.stringify(view.report, null, 2)}\n`;
  if (format === "markdown") return renderDriftMarkdown(view);
  return renderDriftText(view, styleFor(io));
}

/** The exit code of a review: 2 incomplete, 1 drift in the failing classes, 0 none. */
export function driftExitCode(view: DriftView): number {
  const verdict = view.report.summary.verdict;
  return verdict === "error"
    ? ExitCode.Usage
    : verdict === "fail"
      ? ExitCode.Findings
      : ExitCode.Ok;
}

/** Runs `drift` and returns its exit code. */
export async function runDrift(
  options: DriftCommandOptions,
  io: CliIO,
  deps: DriftDeps = {},
): Promise<number> {
  const view = await computeDrift(options, io.cwd, {
    progress: { write: io.progress ?? io.stderr, isTTY: io.stderrIsTTY === true },
    ...deps,
  });
  for (const warning of view.warnings) io.stderr(`${warning}\n`);
  io.stdout(renderDrift(view, options.format, io));
  if (view.report.summary.verdict === "error") {
    io.stderr(
      `guest-access: ${view.report.errors.length} read(s) failed; the review is incomplete (--allow-partial judges what was read)\n`,
    );
  }
  return driftExitCode(view);
}

// The option parsers live apart so that building the command tree does not load the review.
export { DRIFT_HELP_AFTER, parseFailOn, parsePendingDays } from "./drift-options";
