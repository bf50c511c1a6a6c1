/**
 * `guest-access diff --base REV [PATH]` and `guest-access diff OLD NEW`: two versions of a declaration
 * compared by meaning (`review/diff.ts`), printed as text, markdown or json. Exit codes as `plan`: a change
 * alone is not a failure; errors on either side or a mandatory violation on the new side are (1); with
 * `--fail-on-destructive`, so is a change that costs a guest their account; usage 2.
 */

import { computeDiff, type DiffOptions, type DiffView } from "../review/diff";
import type { PipelineDeps } from "../review/pipeline";
import type { CliIO, OutputFormat } from "./io";
import { finish, renderView } from "./plan-output";
import { renderDiffMarkdown } from "./render/diff-markdown";
import { renderDiffText } from "./render/diff-text";

/** Options of the `diff` command: what to compare, and how to print it. */
export interface DiffCommandOptions extends DiffOptions {
  /** The printer: `text` for people, `markdown` for pull requests, `json` for machines. */
  readonly format: OutputFormat;
}

/** Prints a diff in the chosen format. */
export function renderDiff(
  view: DiffView,
  format: OutputFormat,
  io: Pick<CliIO, "isTTY" | "env">,
): string {
  return renderView(view, format, io, { markdown: renderDiffMarkdown, text: renderDiffText });
}

/** Runs `diff` and returns its exit code. */
export async function runDiff(
  options: DiffCommandOptions,
  io: CliIO,
  deps: PipelineDeps = {},
): Promise<number> {
  const view = await computeDiff(options, io.cwd, deps);
  const output = renderDiff(view, options.format, io);
  return finish(
    io,
    view,
    output,
    view.report.summary.destructive,
    options.failOnDestructive === true,
  );
}
