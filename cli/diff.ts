/**
 * `guest-access diff --base REV [PATH]` and `guest-access diff OLD NEW`: two versions of a declaration
 * compared by meaning (`diff-model.ts`), with the guardrails' verdict on the new side from the same pipeline
 * as `plan`. Exit codes as `plan`: a change alone is not a failure; errors on either side or a mandatory
 * violation on the new side are (1); usage 2.
 */

import { loadAccess, resolveSources, type LoadResult } from "../access/load";
import { todayUtc } from "../access/dates";
import type { AccessModel } from "../access/model";
import { ExitCode, UsageError, type CliIO, type OutputFormat } from "./io";
import { countDiff, diffModels, isEmptyDiff, type AccessDiff, type DiffCounts } from "./diff-model";
import { readGitSources } from "./diff-sources";
import {
  pathForLoading,
  runPipeline,
  stackCatalog,
  stackConfigFor,
  type PipelineDeps,
} from "./plan-pipeline";
import type { PolicyFinding } from "./plan-policies";
import { isBlocking, type ReportFinding } from "./plan-report";
import { renderDiffMarkdown } from "./render/diff-markdown";
import { renderDiffText } from "./render/diff-text";
import { styleFor } from "./render/style";
import { validationReport, type ValidateReport } from "./validate";

/** Options of `diff`. */
export interface DiffOptions {
  /** `--base REV`: the old side is PATH at this git revision, the new side PATH in the working tree. */
  readonly base?: string;
  /** `[PATH]` with `--base`, or `OLD NEW` without. */
  readonly paths: readonly string[];
  readonly stack: string;
  readonly format: OutputFormat;
  readonly policyConfig?: string;
  readonly today?: string;
}

/** What `diff --format json` prints. */
export interface DiffReport {
  readonly diff: AccessDiff;
  /** The guardrails' findings on the new side. */
  readonly policies: readonly ReportFinding[];
  /** Problems in either side's declaration (old-side files are named `<rev>:<path>` with `--base`). */
  readonly diagnostics: ValidateReport["diagnostics"];
  readonly summary: DiffCounts & {
    readonly verdict: "pass" | "fail";
    readonly old: string;
    readonly new: string;
    readonly stack: string;
    readonly today: string;
    readonly policyConfig: string | null;
    /** True when the two sides mean the same. */
    readonly noChanges: boolean;
    readonly destructive: number;
    readonly mandatory: number;
    readonly advisory: number;
    readonly errors: number;
    readonly warnings: number;
  };
}

/** What the printers read. */
export interface DiffView {
  readonly report: DiffReport;
  readonly oldLoad: LoadResult;
  readonly newLoad: LoadResult;
  readonly newModel?: AccessModel;
  readonly findings: readonly PolicyFinding[];
}

/** The two sides named by the arguments. */
function sidesOf(options: DiffOptions): { old: string; new: string } {
  if (options.base !== undefined) {
    if (options.paths.length > 1)
      throw new UsageError("with --base, give at most one PATH (the declaration to compare)");
    const path = options.paths[0] ?? "access.yaml";
    return { old: `${options.base}:${path}`, new: path };
  }
  if (options.paths.length !== 2) {
    throw new UsageError(
      "give two paths (diff OLD NEW) or a git revision (diff --base REV [PATH])",
    );
  }
  return { old: options.paths[0] as string, new: options.paths[1] as string };
}

const EMPTY: Omit<AccessModel, "today"> = { files: [], guests: [] };

/** Computes the diff and the new side's verdict. Reads files and git; prints nothing. */
export async function computeDiff(
  options: DiffOptions,
  cwd: string,
  deps: PipelineDeps = {},
): Promise<DiffView> {
  const sides = sidesOf(options);
  const today = options.today ?? todayUtc();
  const catalog = stackCatalog(stackConfigFor(cwd, options.stack), cwd);
  const loadOptions = { today, ...(catalog ? { catalog } : {}) };

  let oldLoad: LoadResult;
  if (options.base !== undefined) {
    const git = await readGitSources(options.base, sides.new, cwd);
    oldLoad = git.exists
      ? resolveSources(git.sources, git.diagnostics, loadOptions)
      : { model: { ...EMPTY, today }, diagnostics: [], files: [], texts: new Map() };
  } else {
    oldLoad = loadAccess(pathForLoading(sides.old, cwd), loadOptions);
  }

  const pipeline = await runPipeline(
    {
      path: sides.new,
      stack: options.stack,
      cwd,
      today,
      ...(options.policyConfig ? { policyConfig: options.policyConfig } : {}),
    },
    deps,
  );
  const newLoad = pipeline.load;
  const diff =
    oldLoad.model && pipeline.model
      ? diffModels(oldLoad.model, pipeline.model)
      : { added: [], removed: [], changed: [] };
  const oldReport = validationReport(oldLoad);
  const newReport = validationReport(newLoad);
  const errors = oldReport.summary.errors + newReport.summary.errors;
  const mandatory = pipeline.findings.filter(isBlocking).length;
  const counts = countDiff(diff);
  const report: DiffReport = {
    diff,
    policies: pipeline.findings.map((f) => ({
      policy: f.policy,
      enforcementLevel: f.enforcementLevel,
      severity: f.severity ?? null,
      urn: f.urn ?? null,
      message: f.message,
    })),
    diagnostics: [...oldReport.diagnostics, ...newReport.diagnostics],
    summary: {
      verdict: errors === 0 && mandatory === 0 ? "pass" : "fail",
      old: sides.old,
      new: sides.new,
      stack: options.stack,
      today,
      policyConfig: options.policyConfig ?? null,
      noChanges: errors === 0 && isEmptyDiff(diff),
      ...counts,
      destructive: counts.accountsDeleted,
      mandatory,
      advisory: pipeline.findings.length - mandatory,
      errors,
      warnings: oldReport.summary.warnings + newReport.summary.warnings,
    },
  };
  return {
    report,
    oldLoad,
    newLoad,
    ...(pipeline.model ? { newModel: pipeline.model } : {}),
    findings: pipeline.findings,
  };
}

/** Prints a diff in the chosen format. */
export function renderDiff(
  view: DiffView,
  format: OutputFormat,
  io: Pick<CliIO, "isTTY" | "env">,
): string {
  if (format === "json") return `${JSON.stringify(view.report, null, 2)}\n`;
  if (format === "markdown") return renderDiffMarkdown(view);
  return renderDiffText(view, styleFor(io));
}

/** Runs `diff` and returns its exit code. */
export async function runDiff(
  options: DiffOptions,
  io: CliIO,
  deps: PipelineDeps = {},
): Promise<number> {
  const view = await computeDiff(options, io.cwd, deps);
  io.stdout(renderDiff(view, options.format, io));
  return view.report.summary.verdict === "pass" ? ExitCode.Ok : ExitCode.Findings;
}
