/**
 * A guest's access stays inside the subscriptions and resource groups security approved; never the
 * root or tenant, and a management group only when allowed.
 */

import { isGuid, isScopeWithin, parseScope } from "../../azure/scope";
import type { AzureScope } from "../../azure/scope";
import { configWithDefaults, PolicyConfigError } from "../lib/config";
import { guestAssignmentPolicy } from "../lib/guest-assignment-policy";
import type { GuardrailMetadata } from "../lib/guest-assignment-policy";
import { assignedScope } from "../lib/role-assignment";

/** The policy's name. */
export const GUEST_SCOPE_WITHIN_BOUNDARY = "guest-scope-within-boundary";

/** This policy's configuration. */
export interface GuestScopeBoundaryConfig {
  /** Scopes under which guests may be granted access. */
  readonly allowedScopes: readonly string[];
  /** Whether a management group listed in `allowedScopes` may itself be a grant's scope. */
  readonly allowManagementGroups: boolean;
}

/** The boundary, normalised. */
export interface ScopeBoundary {
  /** Normalised subscription, resource group or resource scopes. */
  readonly within: readonly string[];
  /** Normalised management group scopes a grant may target exactly. */
  readonly managementGroups: readonly string[];
}

const metadata: GuardrailMetadata = {
  name: GUEST_SCOPE_WITHIN_BOUNDARY,
  description:
    "Guests may only be granted access at or below approved subscriptions or resource groups, never at the root or the tenant root group, " +
    "and at a management group only when configuration allows it.",
  severity: "critical",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Grant the guest access on a narrower scope inside an approved subscription or resource group, or ask security " +
    `to add the scope to allowedScopes of ${GUEST_SCOPE_WITHIN_BOUNDARY}.`,
  configSchema: {
    properties: {
      allowedScopes: {
        type: "array",
        items: { type: "string", minLength: 1 },
        uniqueItems: true,
        default: [],
        description:
          "Subscriptions (/subscriptions/<guid>) or resource groups under which guests may be granted access; " +
          "empty allows none.",
      },
      allowManagementGroups: {
        type: "boolean",
        default: false,
        description:
          "Allow grants on management groups listed in allowedScopes (exactly those groups).",
      },
    },
  },
};

/**
 * The tenant root group is named after the tenant id, so a management group named by a GUID is treated as the
 * tenant level: never allowed, whatever the configuration says.
 */
export function isTenantRootGroup(scope: AzureScope): boolean {
  return scope.kind === "managementGroup" && isGuid(scope.managementGroup ?? "");
}

/** The boundary; throws `PolicyConfigError` on a scope that is malformed, the root, or a disallowed group. */
export function scopeBoundary(given: object): ScopeBoundary {
  const config = configWithDefaults<GuestScopeBoundaryConfig>(metadata.configSchema, given);
  const errors: string[] = [];
  const within: string[] = [];
  const managementGroups: string[] = [];
  config.allowedScopes.forEach((raw, index) => {
    const parsed = parseScope(raw);
    if (!parsed.ok) errors.push(`allowedScopes[${index}] "${raw}": ${parsed.error}`);
    else if (parsed.scope.kind === "root")
      errors.push(
        `allowedScopes[${index}] is the root scope "/", which is never allowed for guests`,
      );
    else if (isTenantRootGroup(parsed.scope))
      errors.push(
        `allowedScopes[${index}] "${raw}" is the tenant root management group (named by the tenant id), which is never allowed for guests`,
      );
    else if (parsed.scope.kind === "managementGroup") {
      if (config.allowManagementGroups) managementGroups.push(parsed.scope.id);
      else
        errors.push(
          `allowedScopes[${index}] "${raw}" is a management group; set allowManagementGroups to true to allow one`,
        );
    } else within.push(parsed.scope.id);
  });
  if (errors.length > 0) throw new PolicyConfigError(GUEST_SCOPE_WITHIN_BOUNDARY, errors);
  return { within, managementGroups };
}

/** Why a scope is outside the boundary, or undefined when it is inside. */
export function scopeProblem(scope: AzureScope, boundary: ScopeBoundary): string | undefined {
  switch (scope.kind) {
    case "root":
      return "the root (tenant) scope is never allowed for guests";
    case "managementGroup":
      if (isTenantRootGroup(scope))
        return "the tenant root management group is never allowed for guests";
      // Which subscriptions a group contains is not known offline, so only listed groups themselves pass.
      return boundary.managementGroups.includes(scope.id)
        ? undefined
        : "management group scopes are allowed only when configured (allowManagementGroups and allowedScopes)";
    default:
      return boundary.within.some((outer) => isScopeWithin(scope.id, outer))
        ? undefined
        : "it is outside the approved scopes";
  }
}

/** `guest-scope-within-boundary`: a guest's grants stay inside the approved scopes. */
export const guestScopeWithinBoundary = guestAssignmentPolicy(
  metadata,
  ["scope"],
  scopeBoundary,
  (assignment, boundary, report) => {
    const raw = assignedScope(assignment.props);
    const parsed = raw === undefined ? undefined : parseScope(raw);
    if (!parsed?.ok) {
      report(`${assignment.who}: scope ${JSON.stringify(raw)} is not an Azure scope`);
      return;
    }
    const problem = scopeProblem(parsed.scope, boundary);
    if (problem)
      report(`${assignment.who} must not be granted access on ${parsed.scope.id}: ${problem}`);
  },
);
