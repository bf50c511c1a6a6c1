/**
 * `guest-access diff --base REV [PATH]` and `guest-access diff OLD NEW`: two versions of a declaration
 * compared by meaning (`diff-model.ts`), with the guardrails' verdict on the new side from the same pipeline
 * as `plan`. With `--base`, PATH defaults to the stack's `guest-access:accessFile`; a PATH the revision does
 * not have is an empty old side (every guest added), a PATH the working tree no longer has an empty new side
 * (every guest removed, with what that does to each account).
 *
 * Exit codes as `plan`: a change alone is not a failure; errors on either side (the old side's too: a base
 * that does not load cannot be compared, and nothing is) or a mandatory violation on the new side are (1);
 * with `--fail-on-destructive`, so is a change that costs a guest their account; usage 2.
 */

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { loadAccess, resolveSources, type LoadResult } from "../access/load";
import { todayUtc } from "../access/dates";
import type { AccessModel } from "../access/model";
import { stackConfigFromTexts, StackConfigError, type StackConfig } from "../program/stack-config";
import { allInOne, describePart, readStackPart, type StackPart } from "../specs/stack-part";
import { stackModel } from "../specs/stack-specs";
import { stackMoves, type StackMove } from "./stack-moves";
import { UsageError } from "./errors";
import {
  countDiff,
  destructiveCount,
  diffModels,
  isEmptyDiff,
  type AccessDiff,
  type DiffCounts,
} from "./diff-model";
import { readGitSources, readGitText } from "./git-sources";
import {
  DEFAULT_REMOVAL_LIMITS,
  judgeRemoval,
  removalsInDiff,
  type MassRemoval,
  type RemovalLimits,
} from "./mass-removal";
import {
  chooseDeclaration,
  pathForLoading,
  runPipeline,
  stackCatalog,
  stackConfigFor,
  type PipelineDeps,
  type PipelineResult,
} from "./pipeline";
import type { PolicyFinding } from "./findings";
import { isBlocking, toReportFinding, type ReportFinding } from "./plan-report";
import { validationReport, type ValidateReport } from "./validation-report";
import { choosePolicyConfig } from "./policy-config-choice";
import { readStackOutputs } from "./plan";

/**
 * What the mass-removal guard counts of one side of a stack: its part, except for an identities stack, whose
 * memberships carry every grant of their groups (in whichever stacks): its groups are counted with all their
 * grants, so a guest leaving a group, or a group with its members, counts once per grant and member.
 */
function removalModel(
  part: StackPart,
  partModel: AccessModel | undefined,
  whole: AccessModel | undefined,
): AccessModel | undefined {
  if (part.role !== "identities" || !partModel || !whole) return partModel;
  return { ...partModel, groups: whole.groups };
}

/** Options of `diff`. */
export interface DiffOptions {
  /** `--base REV`: the old side is PATH at this git revision, the new side PATH in the working tree. */
  readonly base?: string;
  /** `[PATH]` with `--base` (the stack's `guest-access:accessFile` when empty), or `OLD NEW` without. */
  readonly paths: readonly string[];
  /** The stack whose config the new side is planned with (and whose accessFile PATH defaults to). */
  readonly stack: string;
  /**
   * A policy pack config file (`--policy-config`) for the guardrails on the new side; the stack's
   * `policy/config/<stack>.json` when absent.
   */
  readonly policyConfig?: string;
  /** `--now`: judge expiries as of this date. */
  readonly today?: string;
  /** `--fail-on-destructive`: exit 1 when a change costs a guest their account (deleted or re-invited). */
  readonly failOnDestructive?: boolean;
  /** How much the change may remove before it fails (`--max-removed-guests`, `--max-removed-grants`). */
  readonly removalLimits?: RemovalLimits;
  /** `--allow-mass-removal`: a change past the removal limits is meant. */
  readonly allowMassRemoval?: boolean;
  /**
   * `--identities-outputs`: a grants stack's identities stack outputs (`pulumi stack output --json`), so the
   * guardrails on the new side see its guests' and groups' object ids (as `plan --identities-outputs`).
   */
  readonly identitiesOutputs?: string;
}

/** What `diff --format json` prints. */
export interface DiffReport {
  /** Guests added, removed and changed, by meaning. */
  readonly diff: AccessDiff;
  /** The guardrails' findings on the new side. */
  readonly policies: readonly ReportFinding[];
  /** Problems in either side's declaration (old-side files are named `<rev>:<path>` with `--base`). */
  readonly diagnostics: ValidateReport["diagnostics"];
  /** Grants that leave this stack for another, or join it from another (a split across stacks). */
  readonly moves?: readonly StackMove[];
  /** The counts and the verdict. */
  readonly summary: DiffCounts & {
    /**
     * `fail` with errors on either side, a mandatory violation on the new side, or a mass removal not
     * allowed by `--allow-mass-removal`.
     */
    readonly verdict: "pass" | "fail";
    /** The mass-removal guard: what the change removes, against the limits. */
    readonly massRemoval: MassRemoval;
    /** The old side as given (`<rev>:<path>` with `--base`). */
    readonly old: string;
    /** The new side as given. */
    readonly new: string;
    /** The stack whose config the new side was planned with. */
    readonly stack: string;
    /** When the stack deploys a part of the declaration: which part (the new side's), in one line. */
    readonly part?: string;
    /** The date expiries were judged against. */
    readonly today: string;
    /** The policy pack config file, or null for the policies' defaults. */
    readonly policyConfig: string | null;
    /** True when the two sides mean the same. */
    readonly noChanges: boolean;
    /** Changes that cost a guest their account: deleted, or re-invited as a new one. */
    readonly destructive: number;
    /** Blocking guardrail violations on the new side. */
    readonly mandatory: number;
    /** Advisory findings, and policies that could not judge a preview unknown. */
    readonly advisory: number;
    /** Errors in either side's declaration. */
    readonly errors: number;
    /** Warnings in either side's declaration. */
    readonly warnings: number;
  };
}

/** What the printers read. */
export interface DiffView {
  /** What `--format json` prints. */
  readonly report: DiffReport;
  /** The old side as loaded (empty when the path did not exist at the revision). */
  readonly oldLoad: LoadResult;
  /** The new side as loaded (empty when the working tree no longer has the path). */
  readonly newLoad: LoadResult;
  /** The new side's meaning, absent when it has errors. */
  readonly newModel?: AccessModel;
  /** The guardrails' findings on the new side. */
  readonly findings: readonly PolicyFinding[];
  /** Warnings for stderr about the choice of stack and declaration. */
  readonly warnings: readonly string[];
}

/** The two sides named by the arguments, and warnings about the choice. */
function sidesOf(
  options: DiffOptions,
  stackConfig: StackConfig,
  cwd: string,
): { old: string; new: string; warnings: readonly string[] } {
  if (options.base !== undefined) {
    if (options.paths.length > 1)
      throw new UsageError("with --base, give at most one PATH (the declaration to compare)");
    const { path, warnings } = chooseDeclaration(stackConfig, options.paths[0], cwd);
    return { old: `${options.base}:${path}`, new: path, warnings };
  }
  if (options.paths.length !== 2) {
    throw new UsageError(
      "give two paths (diff OLD NEW) or a git revision (diff --base REV [PATH])",
    );
  }
  // Two explicit versions are compared as given: neither is expected to be the stack's file.
  const { warnings } = chooseDeclaration(stackConfig, undefined, cwd);
  return { old: options.paths[0] as string, new: options.paths[1] as string, warnings };
}

/**
 * The part a stack deployed at a revision, from its `Pulumi.<stack>.yaml` there; undefined when the revision
 * has no such file or it cannot be read (the new config then stands for both sides).
 */
async function partAtRevision(
  revision: string,
  stack: string,
  cwd: string,
): Promise<StackPart | undefined> {
  const [project, stackText] = await Promise.all([
    readGitText(revision, "Pulumi.yaml", cwd),
    readGitText(revision, `Pulumi.${stack}.yaml`, cwd),
  ]);
  if (project === undefined || stackText === undefined) return undefined;
  try {
    const config = stackConfigFromTexts({ file: "Pulumi.yaml", text: project }, stack, {
      file: `Pulumi.${stack}.yaml`,
      text: stackText,
    });
    return readStackPart(stack, config.config).part;
  } catch (error) {
    if (error instanceof StackConfigError) return undefined;
    throw error;
  }
}

/**
 * A grants stack holds no invitation, so nothing it does deletes or re-invites an account: its guests are
 * compared as `keep-user` (the identities stack's diff says what happens to the accounts).
 */
function accountsElsewhere(model: AccessModel, part: StackPart): AccessModel {
  if (part.role !== "grants") return model;
  return {
    ...model,
    guests: model.guests.map((g) => ({ ...g, spec: { ...g.spec, onRemove: "keep-user" } })),
  };
}

/** A side that does not exist: an empty declaration, nothing to plan. */
function emptyLoad(today: string): LoadResult {
  return {
    model: { files: [], groups: [], guests: [], today },
    diagnostics: [],
    files: [],
    texts: new Map(),
  };
}

/** Computes the diff and the new side's verdict. Reads files and git; prints nothing. */
export async function computeDiff(
  options: DiffOptions,
  cwd: string,
  deps: PipelineDeps = {},
): Promise<DiffView> {
  const stackConfig = stackConfigFor(cwd, options.stack);
  const sides = sidesOf(options, stackConfig, cwd);
  const { policyConfig, note } = choosePolicyConfig(options.stack, options.policyConfig, cwd);
  const warnings = [...sides.warnings, ...(note ? [note] : [])];
  const today = options.today ?? todayUtc();
  const catalog = stackCatalog(stackConfig, cwd);
  const loadOptions = { today, ...(catalog ? { catalog } : {}) };
  // Read before anything runs: a wrong file is a usage error whatever the declarations say.
  const identitiesOutputs =
    options.identitiesOutputs !== undefined
      ? readStackOutputs(resolve(cwd, options.identitiesOutputs), options.identitiesOutputs, cwd)
      : undefined;

  let oldLoad: LoadResult;
  // With --base, a PR that deletes the declaration has no new side in the working tree: every guest leaves.
  let newExists = true;
  if (options.base !== undefined) {
    const git = await readGitSources(options.base, sides.new, cwd);
    newExists = existsSync(resolve(cwd, sides.new));
    if (!git.exists && !newExists) {
      throw new UsageError(
        `${sides.new} exists neither at ${options.base} nor in the working tree; give the declaration's path`,
      );
    }
    if (!newExists) {
      warnings.push(
        `warning: ${sides.new} does not exist in the working tree: compared as an empty declaration, every guest removed`,
      );
    }
    oldLoad = git.exists
      ? resolveSources(git.sources, git.diagnostics, loadOptions)
      : emptyLoad(today);
  } else {
    oldLoad = loadAccess(pathForLoading(sides.old, cwd), loadOptions);
  }

  const pipelineOptions = {
    path: sides.new,
    stack: options.stack,
    stackConfig,
    cwd,
    today,
    ...(policyConfig ? { policyConfig } : {}),
    ...(identitiesOutputs ? { identitiesOutputs } : {}),
  };
  const pipeline: Pick<PipelineResult, "load" | "model" | "findings" | "part"> = newExists
    ? await runPipeline(pipelineOptions, deps)
    : {
        load: emptyLoad(today),
        model: emptyLoad(today).model,
        findings: [],
        part: allInOne(options.stack),
      };
  const newLoad = pipeline.load;
  // The old side is the part the stack deployed then: by its config at the base revision when there is one.
  const oldPart =
    (options.base !== undefined
      ? await partAtRevision(options.base, options.stack, cwd)
      : undefined) ?? pipeline.part;
  const oldModel = oldLoad.model && stackModel(oldLoad.model, oldPart);
  const diff =
    oldModel && pipeline.model
      ? diffModels(
          accountsElsewhere(oldModel, oldPart),
          accountsElsewhere(pipeline.model, pipeline.part),
        )
      : { added: [], removed: [], changed: [] };
  const moves =
    oldPart.role === "all" && pipeline.part.role === "all"
      ? []
      : stackMoves(oldModel, pipeline.model, oldLoad.model, pipeline.load.model);
  const oldReport = validationReport(oldLoad);
  const newReport = validationReport(newLoad);
  const errors = oldReport.summary.errors + newReport.summary.errors;
  const mandatory = pipeline.findings.filter(isBlocking).length;
  const counts = countDiff(diff);
  const massRemoval = judgeRemoval(
    removalsInDiff(
      diff,
      removalModel(oldPart, oldModel, oldLoad.model),
      removalModel(pipeline.part, pipeline.model, pipeline.load.model),
      pipeline.load.model,
    ),
    options.removalLimits ?? DEFAULT_REMOVAL_LIMITS,
    options.allowMassRemoval === true,
  );
  const report: DiffReport = {
    diff,
    policies: pipeline.findings.map(toReportFinding),
    diagnostics: [...oldReport.diagnostics, ...newReport.diagnostics],
    ...(moves.length > 0 ? { moves } : {}),
    summary: {
      verdict: errors === 0 && mandatory === 0 && !massRemoval.blocking ? "pass" : "fail",
      massRemoval,
      old: sides.old,
      new: sides.new,
      stack: options.stack,
      ...(pipeline.part.role !== "all" ? { part: describePart(pipeline.part) } : {}),
      today,
      policyConfig: policyConfig ?? null,
      noChanges: errors === 0 && isEmptyDiff(diff),
      ...counts,
      destructive: destructiveCount(diff),
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
    warnings,
  };
}
