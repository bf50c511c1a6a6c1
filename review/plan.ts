/**
 * `guest-access plan [PATH]`: the offline plan. Works out what the program would register in a preview with
 * the stack's config (from the specs, or with `capture` by running the real program under mocks), evaluates
 * the real guardrails with the stack's policy config, optionally compares with a
 * `pulumi stack export`, and prints text, markdown or json. PATH defaults to the stack's own
 * `guest-access:accessFile`, so `plan --stack prod` plans what `pulumi up --stack prod` deploys.
 * Exit 0 clean or advisory findings only, 1 input errors or mandatory violations (or, with
 * `--fail-on-destructive`, a change that costs a guest their account), 2 usage.
 */

import { resolve } from "node:path";
import {
  parseJsonInput,
  projectBoundFor,
  readInputText,
  UnreadableInputError,
} from "../access/read-input";
import type { LoadResult } from "../access/load";
import type { AccessModel } from "../access/model";
import { compareWithState, type StateComparison } from "./state";
import {
  parseStackExport,
  StackExportError,
  type DeployedStack,
  type StackIdentity,
} from "./state-file";
import { UsageError } from "./errors";
import {
  chooseDeclaration,
  runPipeline,
  stackConfigFor,
  type PipelineDeps,
  type PipelineResult,
} from "./pipeline";
import type { PolicyFinding } from "./findings";
import { choosePolicyConfig } from "./policy-config-choice";
import { buildPlanReport, type PlanReport } from "./plan-report";
import { grantResourceName, membershipResourceName } from "../azure/names";
import { hasExpired } from "../access/dates";
import { isRoleAssignmentType } from "../azure/tokens";
import type { StackPart } from "../specs/stack-part";
import {
  DEFAULT_REMOVAL_LIMITS,
  judgeRemoval,
  removalsInChanges,
  type RemovalLimits,
} from "./mass-removal";

/** Options of `plan`. */
export interface PlanOptions {
  /** The declaration: a file or a directory; the stack's `guest-access:accessFile` when absent. */
  readonly path?: string;
  /** The stack whose config and URNs to use. */
  readonly stack: string;
  /** A policy pack config file (`--policy-config`); the stack's `policy/config/<stack>.json` when absent. */
  readonly policyConfig?: string;
  /** `--now`: judge expiries as of this date. */
  readonly today?: string;
  /** `--state`: a `pulumi stack export` file to compare with. */
  readonly state?: string;
  /** `--fail-on-destructive` (needs `state`): exit 1 when a change costs a guest their account. */
  readonly failOnDestructive?: boolean;
  /** With `state`: how much the update may remove before it fails. */
  readonly removalLimits?: RemovalLimits;
  /** `--allow-mass-removal`: an update past the removal limits is meant. */
  readonly allowMassRemoval?: boolean;
  /** `--capture`: run the real program under Pulumi's mocks instead of projecting the specs. */
  readonly capture?: boolean;
  /** `--identities-outputs`: a grants stack's identities stack outputs (`pulumi stack output --json`). */
  readonly identitiesOutputs?: string;
}

/** What the printers read: the report, and the model and findings behind it. */
export interface PlanView {
  /** What `--format json` prints. */
  readonly report: PlanReport;
  /** The declaration's meaning; absent when it has errors (nothing was planned). */
  readonly model?: AccessModel;
  /** The declaration as loaded, with its diagnostics and source texts (for carets). */
  readonly load: LoadResult;
  /** The guardrails' findings, sorted, with what triggered each. */
  readonly findings: readonly PolicyFinding[];
  /** Warnings for stderr about the choice of stack and declaration. */
  readonly warnings: readonly string[];
  /** The part of the declaration the stack deploys. */
  readonly part?: StackPart;
}

/**
 * Reads the stack export `file` (named `shown` in messages) of `owner`'s stack through the guarded reader
 * (kept inside `project` when named inside it); an unreadable file, or one that is no export or another
 * stack's, is a usage error. Nothing of the file is quoted: an export holds secrets.
 */
export function readStackExport(
  file: string,
  owner: StackIdentity,
  shown = file,
  project?: string,
): DeployedStack {
  let data: unknown;
  try {
    const within = project === undefined ? undefined : projectBoundFor(file, project);
    const text = readInputText(file, {
      kind: "stack export",
      shown: `--state ${shown}`,
      ...(within !== undefined ? { within } : {}),
    });
    data = parseJsonInput(
      text,
      `--state ${shown}`,
      "create it with `pulumi stack export --file state.json`",
    );
  } catch (error) {
    if (error instanceof UnreadableInputError) throw new UsageError(error.message);
    throw error;
  }
  try {
    return parseStackExport(data, owner, `--state ${shown}`);
  } catch (error) {
    if (error instanceof StackExportError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * Reads `pulumi stack output --json` of the identities stack (an object of outputs); anything else is a usage
 * error. Nothing of the file is quoted.
 */
export function readStackOutputs(
  file: string,
  shown: string,
  project: string,
): Readonly<Record<string, unknown>> {
  let data: unknown;
  try {
    const within = projectBoundFor(file, project);
    const text = readInputText(file, {
      kind: "stack export",
      shown: `--identities-outputs ${shown}`,
      ...(within !== undefined ? { within } : {}),
    });
    data = parseJsonInput(
      text,
      `--identities-outputs ${shown}`,
      "create it with `pulumi stack output --json --stack <identities stack>`",
    );
  } catch (error) {
    if (error instanceof UnreadableInputError) throw new UsageError(error.message);
    throw error;
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new UsageError(
      `--identities-outputs ${shown}: is not a stack's outputs; create it with \`pulumi stack output --json --stack <identities stack>\``,
    );
  return data as Record<string, unknown>;
}

/**
 * A split stack's deletions of role assignments whose grant is still declared (another stack's now) are
 * moves, not revocations: each says so, with the step that keeps the access (README, "Many stacks").
 */
function withMovesNoted(comparison: StateComparison, result: PipelineResult): StateComparison {
  const whole = result.load.model;
  if (result.part.role === "all" || !whole) return comparison;
  // A guest's grant is named after its email, a group's after its name: one map holds both.
  const holders = (model: AccessModel | undefined) => [
    ...(model?.guests ?? []).map((g) => ({ name: g.spec.email, who: g.spec.email, spec: g.spec })),
    ...(model?.groups ?? []).map((g) => ({
      name: g.spec.name,
      who: `group ${g.spec.name}`,
      spec: g.spec,
    })),
  ];
  const own = new Set(
    holders(result.model).flatMap((h) =>
      h.spec.grants.map((s) => grantResourceName(h.name, s.key)),
    ),
  );
  const elsewhere = new Map<string, string>();
  for (const h of holders(whole))
    for (const s of h.spec.grants) {
      const name = grantResourceName(h.name, s.key);
      if (!own.has(name)) elsewhere.set(name, `${s.role.name} on ${s.scope} for ${h.who}`);
    }
  return {
    ...comparison,
    changes: comparison.changes.map((change) => {
      const name = change.urn.split("::").pop() ?? "";
      const grant = elsewhere.get(name);
      if (change.kind !== "delete" || !isRoleAssignmentType(change.type) || !grant) return change;
      return {
        ...change,
        note: `moves to another stack (${grant}): deleting it here and creating it there leaves a gap, and ARM refuses the creation while this stack holds it; first \`pulumi state delete --stack ${result.stackConfig.stack} '${change.urn}'\`, then adopt it there with assignmentName (README, "Many stacks")`,
      };
    }),
  };
}

/** The pure-ish core: pipeline, state comparison, report. Reads files; prints nothing. */
export async function computePlan(
  options: PlanOptions,
  cwd: string,
  deps: PipelineDeps = {},
): Promise<PlanView> {
  if (options.failOnDestructive && !options.state) {
    throw new UsageError(
      "--fail-on-destructive needs --state: without the deployed stack no change can be judged",
    );
  }
  const stackConfig = stackConfigFor(cwd, options.stack);
  const declaration = chooseDeclaration(stackConfig, options.path, cwd);
  const { path } = declaration;
  const { policyConfig, note } = choosePolicyConfig(options.stack, options.policyConfig, cwd);
  const warnings = [...declaration.warnings, ...(note ? [note] : [])];
  // Read the state first: a wrong --state should fail before the program runs.
  const deployed = options.state
    ? readStackExport(resolve(cwd, options.state), stackConfig, options.state, cwd)
    : undefined;
  const result: PipelineResult = await runPipeline(
    {
      path,
      stack: options.stack,
      stackConfig,
      cwd,
      ...(options.today ? { today: options.today } : {}),
      ...(policyConfig ? { policyConfig } : {}),
      ...(options.capture ? { capture: true } : {}),
      ...(options.identitiesOutputs
        ? {
            identitiesOutputs: readStackOutputs(
              resolve(cwd, options.identitiesOutputs),
              options.identitiesOutputs,
              cwd,
            ),
          }
        : {}),
    },
    deps,
  );
  const compared: StateComparison | undefined =
    deployed && result.model ? compareWithState(result.resources, deployed) : undefined;
  const comparison = compared && withMovesNoted(compared, result);
  const expiredNames = expiredResourceNames(result.model);
  // The deletion of an old copy awaiting deletion removes no access: it is not counted.
  const changes = comparison?.changes.filter((c) => !c.pendingDeletion);
  const massRemoval = changes
    ? judgeRemoval(
        removalsInChanges(changes, expiredNames, membersElsewhere(result)),
        options.removalLimits ?? DEFAULT_REMOVAL_LIMITS,
        options.allowMassRemoval === true,
      )
    : undefined;
  const report = buildPlanReport(
    result,
    { path, ...(policyConfig ? { policyConfig } : {}) },
    comparison,
    massRemoval,
  );
  return {
    report,
    ...(result.model ? { model: result.model } : {}),
    load: result.load,
    findings: result.findings,
    warnings,
    part: result.part,
  };
}

/**
 * In a grants stack, how many members a group has, for the mass-removal guard: its memberships are the
 * identities stack's, so the declaration says; a group no longer declared counts once (its members are not
 * known any more). Undefined for a stack that holds the memberships itself.
 */
function membersElsewhere(result: PipelineResult): ((group: string) => number) | undefined {
  if (result.part.role !== "grants") return undefined;
  const members = new Map(
    (result.load.model?.groups ?? []).map((g) => [g.spec.name, g.members.length]),
  );
  return (group) => members.get(group) ?? 1;
}

/**
 * The logical names of what an update removes because the file says it ends: grants past their expiry (a
 * guest's or a group's) and the memberships of guests past theirs. The mass-removal guard does not count them.
 */
export function expiredResourceNames(model: AccessModel | undefined): Set<string> {
  const groups = model?.groups ?? [];
  return new Set([
    ...(model?.guests ?? []).flatMap((g) =>
      g.expiredGrants.map(({ grant }) => grantResourceName(g.spec.email, grant.key)),
    ),
    ...groups.flatMap((g) =>
      g.expiredGrants.map(({ grant }) => grantResourceName(g.spec.name, grant.key)),
    ),
    // Whichever groups an expired guest was in: its memberOf is no longer in the model.
    ...(model?.guests ?? [])
      .filter((g) => g.spec.expires !== undefined && hasExpired(g.spec.expires, model?.today ?? ""))
      .flatMap((g) => groups.map((group) => membershipResourceName(g.spec.email, group.spec.name))),
  ]);
}
