/**
 * The mandatory half of the role assignment limits (the advisory half is
 * `role-assignment-count-below-warning`): the stack must not push a subscription or management group over Azure's fixed
 * role assignment limit (the deployment would fail part-way with RoleAssignmentLimitExceeded).
 */

import type { StackValidationPolicy } from "@pulumi/policy";
import { countAssignments, EXISTING_ASSIGNMENTS_SCHEMA } from "../lib/assignment-counts";
import { configWithDefaults } from "../lib/config";
import type { GuardrailMetadata } from "../lib/guest-assignment-policy";

/** The policy's name. */
export const ROLE_ASSIGNMENT_COUNT_WITHIN_LIMIT = "role-assignment-count-within-limit";

/** This policy's configuration. */
export interface CountLimitConfig {
  /** Assignments made outside this stack, by container scope. */
  readonly existingAssignments: Readonly<Record<string, number>>;
}

const metadata: GuardrailMetadata = {
  name: ROLE_ASSIGNMENT_COUNT_WITHIN_LIMIT,
  description:
    "Role assignments per subscription (4,000) and per management group (500) must stay within Azure's fixed limits.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Remove or consolidate grants (grant on a resource group instead of many resources, or use groups), or clean " +
    "up unused role assignments in the subscription; Azure's limits cannot be raised.",
  configSchema: { properties: { existingAssignments: EXISTING_ASSIGNMENTS_SCHEMA } },
};

/** `role-assignment-count-within-limit`: no scope goes over Azure's role assignment limit. */
export const roleAssignmentCountWithinLimit: StackValidationPolicy = {
  ...metadata,
  validateStack: (args, reportViolation) => {
    const config = configWithDefaults<CountLimitConfig>(metadata.configSchema, args.getConfig());
    for (const { container, limit, count } of countAssignments(
      args.resources,
      config.existingAssignments,
    )) {
      if (count > limit)
        reportViolation(
          `${container} would hold ${count} role assignments, over Azure's limit of ${limit}`,
        );
    }
  },
};
