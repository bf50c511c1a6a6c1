/**
 * `guest-access plan [PATH]`: the offline plan. Runs the real program under mocks in preview with the
 * stack's config, evaluates the real guardrails with the stack's policy config, optionally compares with a
 * `pulumi stack export`, and prints text, markdown or json.
 * Exit 0 clean or advisory findings only, 1 input errors or mandatory violations, 2 usage.
 */

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { LoadResult } from "../access/load";
import type { AccessModel } from "../access/model";
import {
  compareWithState,
  parseStackExport,
  StackExportError,
  type ResourceChange,
} from "../program/state";
import { ExitCode, UsageError, type CliIO, type OutputFormat } from "./io";
import { runPipeline, type PipelineDeps, type PipelineResult } from "./plan-pipeline";
import type { PolicyFinding } from "./plan-policies";
import { buildPlanReport, type PlanReport } from "./plan-report";
import { renderPlanMarkdown } from "./render/plan-markdown";
import { renderPlanText } from "./render/plan-text";
import { styleFor } from "./render/style";

/** Options of `plan`. */
export interface PlanOptions {
  /** The declaration: a file or a directory. */
  readonly path: string;
  /** The stack whose config and URNs to use. */
  readonly stack: string;
  readonly format: OutputFormat;
  /** A policy pack config file (`--policy-config`). */
  readonly policyConfig?: string;
  /** `--now`: judge expiries as of this date. */
  readonly today?: string;
  /** `--state`: a `pulumi stack export` file to compare with. */
  readonly state?: string;
}

/** What the printers read: the report, and the model and findings behind it. */
export interface PlanView {
  readonly report: PlanReport;
  readonly model?: AccessModel;
  readonly load: LoadResult;
  readonly findings: readonly PolicyFinding[];
}

/** Reads a stack export (`file`, named `shown` in messages); an unreadable or foreign file is a usage error. */
export function readStackExport(file: string, shown = file): ReturnType<typeof parseStackExport> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? "no such file"
        : (error as Error).message;
    throw new UsageError(`--state ${shown}: cannot be read as JSON (${reason})`);
  }
  try {
    return parseStackExport(data, shown);
  } catch (error) {
    if (error instanceof StackExportError) throw new UsageError(error.message);
    throw error;
  }
}

/** The pure-ish core: pipeline, state comparison, report. Reads files; prints nothing. */
export async function computePlan(
  options: PlanOptions,
  cwd: string,
  deps: PipelineDeps = {},
): Promise<PlanView> {
  // Read the state first: a wrong --state should fail before the program runs.
  const deployed = options.state
    ? readStackExport(resolve(cwd, options.state), options.state)
    : undefined;
  const result: PipelineResult = await runPipeline(
    {
      path: options.path,
      stack: options.stack,
      cwd,
      ...(options.today ? { today: options.today } : {}),
      ...(options.policyConfig ? { policyConfig: options.policyConfig } : {}),
    },
    deps,
  );
  const changes: ResourceChange[] | undefined =
    deployed && result.model ? compareWithState(result.resources, deployed) : undefined;
  const report = buildPlanReport(
    result,
    { path: options.path, ...(options.policyConfig ? { policyConfig: options.policyConfig } : {}) },
    changes,
  );
  return {
    report,
    ...(result.model ? { model: result.model } : {}),
    load: result.load,
    findings: result.findings,
  };
}

/** Prints a plan in the chosen format. */
export function renderPlan(
  view: PlanView,
  format: OutputFormat,
  io: Pick<CliIO, "isTTY" | "env">,
): string {
  if (format === "json") return `${JSON.stringify(view.report, null, 2)}\n`;
  if (format === "markdown") return renderPlanMarkdown(view);
  return renderPlanText(view, styleFor(io));
}

/** Runs `plan` and returns its exit code. */
export async function runPlan(
  options: PlanOptions,
  io: CliIO,
  deps: PipelineDeps = {},
): Promise<number> {
  const view = await computePlan(options, io.cwd, deps);
  io.stdout(renderPlan(view, options.format, io));
  return view.report.summary.verdict === "pass" ? ExitCode.Ok : ExitCode.Findings;
}
