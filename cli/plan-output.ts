/**
 * What `plan` and `diff` share after computing their view: the JSON printer (the report as it is), the
 * choice of printer, warnings on stderr before the result on stdout, and the exit code.
 */

import { ExitCode, type CliIO, type OutputFormat } from "./io";
import { styleFor, type Style } from "./render/style";
import { escapeText } from "../access/escape";

/** The part of a plan or diff view the shared printing and exit code read. */
export interface CommandView {
  /** What `--format json` prints; `summary.verdict` decides the exit code. */
  readonly report: { readonly summary: { readonly verdict: "pass" | "fail" } };
  /** Warnings for stderr about the choice of stack and declaration. */
  readonly warnings: readonly string[];
}

/** A command's people-facing printers; JSON is always the report itself. */
export interface Printers<V> {
  /** For pull-request comments and job summaries. */
  readonly markdown: (view: V) => string;
  /** For a terminal, coloured by `style`. */
  readonly text: (view: V, style: Style) => string;
}

/** Prints `view` in `format`. */
export function renderView<V extends CommandView>(
  view: V,
  format: OutputFormat,
  io: Pick<CliIO, "isTTY" | "env">,
  printers: Printers<V>,
): string {
  if (format === "json") return `${JSON.stringify(view.report, null, 2)}\n`;
  if (format === "markdown") return printers.markdown(view);
  return printers.text(view, styleFor(io));
}

/**
 * Writes the warnings to stderr and `output` to stdout, and returns the exit code: 1 when the verdict
 * fails, or with `failOnDestructive` when `destructive` changes cost guests their accounts (said on
 * stderr, since the verdict printed on stdout is a pass); 0 otherwise.
 */
export function finish(
  io: CliIO,
  view: CommandView,
  output: string,
  destructive: number,
  failOnDestructive: boolean,
): number {
  for (const warning of view.warnings) io.stderr(`${escapeText(warning)}\n`);
  io.stdout(output);
  if (view.report.summary.verdict !== "pass") return ExitCode.Findings;
  if (!failOnDestructive || destructive === 0) return ExitCode.Ok;
  io.stderr(
    `guest-access: --fail-on-destructive: ${destructive} ${destructive === 1 ? "change costs a guest their account" : "changes cost guests their accounts"}\n`,
  );
  return ExitCode.Findings;
}
