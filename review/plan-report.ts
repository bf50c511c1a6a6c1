/**
 * The plan as data: exactly what `plan --format json` prints, built from a pipeline result (and, with
 * `--state`, the comparison with the deployed stack). Everything is sorted; the only date is the plan's.
 */

import { compareText } from "../azure/compare";
import type { PolicyResource } from "@pulumi/policy";
import type { RegisteredResource } from "../specs/registration";
import { UNKNOWN } from "../azure/unknown";
import {
  countChanges,
  type ChangeCounts,
  type ResourceChange,
  type StateComparison,
  type StateNotice,
} from "./state";
import { countAssignments } from "../policy/lib/assignment-counts";
import { ROLE_ASSIGNMENT_COUNT_WITHIN_LIMIT } from "../policy/policies/role-assignment-count-within-limit";
import type { ResolvedPackConfig } from "../policy/pack-config";
import type { PipelineResult } from "./pipeline";
import type { PolicyFinding } from "./findings";
import { validationReport, type ValidateReport } from "./validation-report";
import { describePart } from "../specs/stack-part";
import type { AccessModel } from "../access/model";
import type { MassRemoval } from "./mass-removal";
import {
  groupsReport,
  guestsAccess,
  membershipCount,
  type GroupReport,
  type GuestAccess,
} from "./group-access";

/** One registered resource. */
export interface ReportResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parent: string | null;
  /** Inputs as registered; values unknown until deployment are `summary.unknownValue`, as in `pulumi preview --json`. */
  readonly inputs: Readonly<Record<string, unknown>>;
}

/** One guardrail finding, as `--format json` prints it. */
export interface ReportFinding {
  /** The policy's name, e.g. `guest-role-not-privileged`. */
  readonly policy: string;
  /** `mandatory` fails the verdict when `kind` is a violation; `advisory` informs. */
  readonly enforcementLevel: "advisory" | "mandatory";
  /** The policy's severity (`low` … `critical`), or null when it declares none. */
  readonly severity: string | null;
  /** The resource concerned, or null for a stack-wide finding. */
  readonly urn: string | null;
  /** The message as the engine prints it: the policy's description, a newline, what triggered. */
  readonly message: string;
  /**
   * `violation`, or `unknown-during-preview` when the policy could not judge a value unknown until
   * deployment (never blocking, whatever the level): consumers can tell a finding from a policy that did not run.
   */
  readonly kind: PolicyFinding["kind"];
}

/** Role assignments counted against one of Azure's fixed limits. */
export interface ContainerCount {
  /** `/subscriptions/<guid>` or a management group scope. */
  readonly container: string;
  /** Declared by this stack. */
  readonly declared: number;
  /** Configured as existing outside the stack (`existingAssignments` of the count policy). */
  readonly existing: number;
  readonly total: number;
  readonly limit: number;
}

/** The totals. */
export interface PlanSummary {
  /**
   * `fail` with input errors, a mandatory violation, or (with `--state`) a mass removal not allowed or an
   * error in the deployed stack.
   */
  readonly verdict: "pass" | "fail";
  readonly stack: string;
  /**
   * When the stack deploys a part of the declaration (an identities or grants stack): which part, in one
   * line. Absent for a stack that deploys the whole of it.
   */
  readonly part?: string;
  /** The date expiries were judged against. */
  readonly today: string;
  /** The declaration, as given. */
  readonly path: string;
  /** The policy pack config file, or null for the policies' defaults. */
  readonly policyConfig: string | null;
  readonly guests: number;
  readonly invitedGuests: number;
  readonly existingGuests: number;
  /** Active grants (role assignments). */
  readonly grants: number;
  /** Declared grants past their expiry: not deployed, so revoked. */
  readonly expiredGrants: number;
  /** When the declaration has groups: how many. */
  readonly groups?: number;
  /** When the declaration has groups: how many guest memberships. */
  readonly memberships?: number;
  readonly resources: number;
  readonly mandatory: number;
  readonly advisory: number;
  readonly errors: number;
  readonly warnings: number;
  readonly assignments: readonly ContainerCount[];
  /** With `--state`: counts of each change. */
  readonly changes?: ChangeCounts;
  /** With `--state`: the mass-removal guard (a blocking one fails the verdict). */
  readonly massRemoval?: MassRemoval;
  /** The placeholder for values unknown until deployment. */
  readonly unknownValue: string;
}

/** The whole plan, as printed by `--format json`. */
export interface PlanReport {
  readonly resources: readonly ReportResource[];
  /** When the declaration has groups: each group, its grants and members. */
  readonly groups?: readonly GroupReport[];
  /** When the declaration has groups: each guest's access, direct and through groups (`via`). */
  readonly access?: readonly GuestAccess[];
  readonly policies: readonly ReportFinding[];
  readonly diagnostics: ValidateReport["diagnostics"];
  /** With `--state`: every URN's fate against the deployed stack. */
  readonly changes?: readonly ResourceChange[];
  /**
   * With `--state`, when there are any: what in the deployed stack needs attention before the next update
   * (a guest's user deleted outside the stack, an interrupted update). An `error` fails the verdict.
   */
  readonly stateNotices?: readonly StateNotice[];
  readonly summary: PlanSummary;
}

/** Options naming what the plan was asked for (echoed in the summary). */
export interface ReportContext {
  readonly path: string;
  readonly policyConfig?: string;
}

/** A finding as the JSON report prints it. */
export function toReportFinding(finding: PolicyFinding): ReportFinding {
  return {
    policy: finding.policy,
    enforcementLevel: finding.enforcementLevel,
    severity: finding.severity ?? null,
    urn: finding.urn ?? null,
    message: finding.message,
    kind: finding.kind,
  };
}

/** Mandatory violations fail; advisories, and policies skipped on preview's unknowns, inform. */
export function isBlocking(finding: PolicyFinding): boolean {
  return finding.kind === "violation" && finding.enforcementLevel === "mandatory";
}

function byUrn(a: { urn: string }, b: { urn: string }): number {
  return compareText(a.urn, b.urn);
}

/** Role assignments per subscription and management group: declared here, configured as existing, total. */
export function containerCounts(
  resources: readonly RegisteredResource[],
  packConfig: ResolvedPackConfig,
): ContainerCount[] {
  // countAssignments reads only `type` and `props`: the same count the limit policy makes.
  const views = resources.map(
    (r) => ({ type: r.type, props: r.inputs }) as unknown as PolicyResource,
  );
  const existingConfig =
    packConfig[ROLE_ASSIGNMENT_COUNT_WITHIN_LIMIT]?.properties.existingAssignments;
  const existing = (existingConfig ?? {}) as Readonly<Record<string, number>>;
  const declared = new Map(countAssignments(views, {}).map((c) => [c.container, c.count]));
  return countAssignments(views, existing).map(({ container, limit, count }) => ({
    container,
    declared: declared.get(container) ?? 0,
    existing: count - (declared.get(container) ?? 0),
    total: count,
    limit,
  }));
}

/** The declaration's groups, none without a model. */
function groupsOf(model: AccessModel | undefined): AccessModel["groups"] {
  return model?.groups ?? [];
}

/** Builds the report. */
export function buildPlanReport(
  result: PipelineResult,
  context: ReportContext,
  comparison?: StateComparison,
  massRemoval?: MassRemoval,
): PlanReport {
  const changes = comparison?.changes;
  const notices = comparison?.notices ?? [];
  const stateErrors = notices.filter((n) => n.severity === "error").length;
  const validation = validationReport(result.load);
  const guests = result.model?.guests ?? [];
  const mandatory = result.findings.filter(isBlocking).length;
  const invitedGuests = guests.filter((g) => g.spec.invitation).length;
  // Only a declaration with groups gets the group sections, so other reports keep their shape.
  const model = result.model && result.model.groups.length > 0 ? result.model : undefined;
  return {
    resources: [...result.resources].sort(byUrn).map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      parent: r.parent ?? null,
      inputs: r.inputs,
    })),
    ...(model ? { groups: groupsReport(model), access: guestsAccess(model) } : {}),
    policies: result.findings.map(toReportFinding),
    diagnostics: validation.diagnostics,
    ...(changes ? { changes } : {}),
    ...(notices.length > 0 ? { stateNotices: notices } : {}),
    summary: {
      verdict:
        validation.summary.valid && mandatory === 0 && !massRemoval?.blocking && stateErrors === 0
          ? "pass"
          : "fail",
      stack: result.stackConfig.stack,
      ...(result.part.role !== "all" ? { part: describePart(result.part) } : {}),
      today: result.today,
      path: context.path,
      policyConfig: context.policyConfig ?? null,
      guests: guests.length,
      invitedGuests,
      existingGuests: guests.length - invitedGuests,
      // The stack's part: a split stack counts the grants it deploys, not the whole declaration's (a
      // group's grant is one role assignment, whatever its members).
      grants: [...guests, ...groupsOf(result.model)].reduce((n, g) => n + g.spec.grants.length, 0),
      expiredGrants: [...guests, ...groupsOf(result.model)].reduce(
        (n, g) => n + g.expiredGrants.length,
        0,
      ),
      ...(model ? { groups: model.groups.length, memberships: membershipCount(model) } : {}),
      resources: result.resources.length,
      mandatory,
      advisory: result.findings.length - mandatory,
      errors: validation.summary.errors,
      warnings: validation.summary.warnings,
      assignments: containerCounts(result.resources, result.packConfig),
      ...(changes ? { changes: countChanges(changes) } : {}),
      ...(massRemoval ? { massRemoval } : {}),
      unknownValue: UNKNOWN,
    },
  };
}
