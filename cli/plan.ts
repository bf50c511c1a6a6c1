/**
 * `guest-access plan [PATH]`: the offline plan (`review/plan.ts`) printed as text, markdown or json.
 * Exit 0 clean or advisory findings only, 1 input errors or mandatory violations (or, with
 * `--fail-on-destructive`, a change that costs a guest their account), 2 usage.
 */

import type { PipelineDeps } from "../review/pipeline";
import { computePlan, type PlanOptions, type PlanView } from "../review/plan";
import type { CliIO, OutputFormat } from "./io";
import { finish, renderView } from "./plan-output";
import { renderPlanMarkdown } from "./render/plan-markdown";
import { renderPlanText } from "./render/plan-text";

/** Options of the `plan` command: what to plan, and how to print it. */
export interface PlanCommandOptions extends PlanOptions {
  /** The printer: `text` for people, `markdown` for pull requests, `json` for machines. */
  readonly format: OutputFormat;
}

/** Prints a plan in the chosen format. */
export function renderPlan(
  view: PlanView,
  format: OutputFormat,
  io: Pick<CliIO, "isTTY" | "env">,
): string {
  return renderView(view, format, io, { markdown: renderPlanMarkdown, text: renderPlanText });
}

/** Runs `plan` and returns its exit code. */
export async function runPlan(
  options: PlanCommandOptions,
  io: CliIO,
  deps: PipelineDeps = {},
): Promise<number> {
  const view = await computePlan(options, io.cwd, deps);
  const output = renderPlan(view, options.format, io);
  return finish(
    io,
    view,
    output,
    view.report.summary.changes?.destructive ?? 0,
    options.failOnDestructive === true,
  );
}
