/**
 * Counting role assignments against Azure's fixed limits: 4,000 per subscription (every assignment at the
 * subscription, its resource groups and resources) and 500 per management group (assignments on the group).
 */

import type { PolicyResource } from "@pulumi/policy";
import { parseScope } from "../../azure/scope";
import { knownString } from "./known";
import { isRoleAssignmentType } from "../../azure/tokens";

/** Azure's limit of role assignments per subscription; not adjustable. */
export const SUBSCRIPTION_ASSIGNMENT_LIMIT = 4000;
/** Azure's limit of role assignments per management group; not adjustable. */
export const MANAGEMENT_GROUP_ASSIGNMENT_LIMIT = 500;

/** One counted container: a subscription or a management group. */
export interface AssignmentCount {
  /** The normalised scope of the container (`/subscriptions/<guid>` or the group's scope). */
  readonly container: string;
  /** Azure's limit for it. */
  readonly limit: number;
  /** Assignments declared in this stack plus those configured as existing outside it. */
  readonly count: number;
}

/** The container an assignment counts against, or undefined when its scope is unknown or the root. */
function containerOf(scope: string): { container: string; limit: number } | undefined {
  const parsed = parseScope(scope);
  if (!parsed.ok) return undefined;
  const { subscriptionId, managementGroup } = parsed.scope;
  if (subscriptionId)
    return { container: `/subscriptions/${subscriptionId}`, limit: SUBSCRIPTION_ASSIGNMENT_LIMIT };
  if (managementGroup)
    return { container: parsed.scope.id, limit: MANAGEMENT_GROUP_ASSIGNMENT_LIMIT };
  return undefined;
}

/**
 * Role assignments per subscription and management group. `existing` adds assignments made outside the stack,
 * keyed by container scope (any case). An assignment whose scope is unknown during preview is not counted.
 */
export function countAssignments(
  resources: readonly PolicyResource[],
  existing: Readonly<Record<string, number>>,
): AssignmentCount[] {
  const counts = new Map<string, { limit: number; count: number }>();
  const add = (scope: string, n: number): void => {
    const container = containerOf(scope);
    if (!container) return;
    const entry = counts.get(container.container) ?? { limit: container.limit, count: 0 };
    entry.count += n;
    counts.set(container.container, entry);
  };
  for (const [scope, n] of Object.entries(existing)) add(scope, n);
  for (const resource of resources) {
    if (!isRoleAssignmentType(resource.type)) continue;
    const scope = knownString(() => resource.props.scope);
    if (scope !== undefined) add(scope, 1);
  }
  return [...counts.entries()]
    .map(([container, { limit, count }]) => ({ container, limit, count }))
    .sort((a, b) => a.container.localeCompare(b.container));
}

/** The shared config schema property: assignments that exist outside this stack. */
export const EXISTING_ASSIGNMENTS_SCHEMA = {
  type: "object",
  additionalProperties: { type: "integer", minimum: 0 },
  default: {},
  description:
    "Role assignments that exist outside this stack, by subscription or management group scope " +
    '(e.g. {"/subscriptions/<guid>": 1200}); they count toward the limit.',
} as const;
