/**
 * The advisory half of the role assignment limits (the mandatory half is
 * `role-assignment-count-within-limit`): warn while there is still room, when a subscription or management group reaches a
 * share (default 80%) of Azure's fixed role assignment limit.
 */

import type { StackValidationPolicy } from "@pulumi/policy";
import { countAssignments, EXISTING_ASSIGNMENTS_SCHEMA } from "../lib/assignment-counts";
import { configWithDefaults } from "../lib/config";
import type { GuardrailMetadata } from "../lib/guest-assignment-policy";

/** The policy's name. */
export const ROLE_ASSIGNMENT_COUNT_BELOW_WARNING = "role-assignment-count-below-warning";

/** This policy's configuration. */
export interface CountWarningConfig {
  /** The share of the limit, in percent, from which to warn. */
  readonly warnAtPercent: number;
  /** Assignments made outside this stack, by container scope. */
  readonly existingAssignments: Readonly<Record<string, number>>;
}

const metadata: GuardrailMetadata = {
  name: ROLE_ASSIGNMENT_COUNT_BELOW_WARNING,
  description:
    "Warns when role assignments per subscription or management group reach warnAtPercent (default 80%) of Azure's limits.",
  severity: "low",
  enforcementLevel: "advisory",
  remediationSteps:
    "Plan a clean-up before the limit is reached: consolidate grants onto resource groups or groups, and remove " +
    "unused role assignments.",
  configSchema: {
    properties: {
      warnAtPercent: {
        type: "integer",
        minimum: 1,
        maximum: 100,
        default: 80,
        description: "Warn from this percentage of the limit.",
      },
      existingAssignments: EXISTING_ASSIGNMENTS_SCHEMA,
    },
  },
};

/** `role-assignment-count-below-warning`: a scope nears Azure's role assignment limit. */
export const roleAssignmentCountBelowWarning: StackValidationPolicy = {
  ...metadata,
  validateStack: (args, reportViolation) => {
    const config = configWithDefaults<CountWarningConfig>(metadata.configSchema, args.getConfig());
    for (const { container, limit, count } of countAssignments(
      args.resources,
      config.existingAssignments,
    )) {
      const threshold = Math.ceil((limit * config.warnAtPercent) / 100);
      // Above the limit is the mandatory policy's finding; here only the approach to it.
      if (count >= threshold && count <= limit) {
        reportViolation(
          `${container} would hold ${count} of at most ${limit} role assignments (warning from ${threshold})`,
        );
      }
    }
  },
};
