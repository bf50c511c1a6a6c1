/**
 * Policy 1: a guest receives only roles from security's allow-list.
 */

import { configWithDefaults, PolicyConfigError } from "../lib/config";
import { describeRole, resolveRoles } from "../lib/catalog";
import { guestAssignmentPolicy } from "../lib/guest-assignment-policy";
import type { GuardrailMetadata } from "../lib/guest-assignment-policy";
import { assignedRoleGuid } from "../lib/role-assignment";

/** The policy's name. */
export const GUEST_ROLE_ALLOW_LISTED = "guest-role-allow-listed";

/** The read-only roles a guest may receive when no allow-list is configured. */
export const DEFAULT_ALLOWED_ROLES: readonly string[] = [
  "Reader",
  "Storage Blob Data Reader",
  "Log Analytics Reader",
  "Monitoring Reader",
  "Cost Management Reader",
];

/** This policy's configuration. */
export interface GuestRoleAllowListConfig {
  /** Role names (case-insensitive) or GUIDs a guest may receive. */
  readonly allowedRoles: readonly string[];
}

const metadata: GuardrailMetadata = {
  name: GUEST_ROLE_ALLOW_LISTED,
  description: "Guests may only receive roles on the approved allow-list.",
  severity: "high",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Choose an allowed role in access.yaml, or ask security to add the role to allowedRoles of " +
    `${GUEST_ROLE_ALLOW_LISTED} in the policy pack config (names or GUIDs).`,
  configSchema: {
    properties: {
      allowedRoles: {
        type: "array",
        items: { type: "string", minLength: 1 },
        uniqueItems: true,
        default: [...DEFAULT_ALLOWED_ROLES],
        description:
          "Role names (as in the Azure catalogue, any case) or role definition GUIDs guests may receive.",
      },
    },
  },
};

/** The allow-list as GUIDs; throws `PolicyConfigError` on a name that is no role. */
export function allowedRoleIds(given: object): ReadonlySet<string> {
  const config = configWithDefaults<GuestRoleAllowListConfig>(metadata.configSchema, given);
  const resolved = resolveRoles("allowedRoles", config.allowedRoles);
  if (resolved.errors.length > 0)
    throw new PolicyConfigError(GUEST_ROLE_ALLOW_LISTED, resolved.errors);
  return resolved.ids;
}

/** Policy 1. */
export const guestRoleAllowListed = guestAssignmentPolicy(
  metadata,
  allowedRoleIds,
  (assignment, allowed, report) => {
    const guid = assignedRoleGuid(assignment.props);
    if (guid === undefined) {
      report(
        `guest ${assignment.guest}: roleDefinitionId ${JSON.stringify(assignment.props.roleDefinitionId)} is not a role definition ID`,
      );
    } else if (!allowed.has(guid)) {
      report(
        `guest ${assignment.guest} must not receive ${describeRole(guid)}: it is not on the allow-list`,
      );
    }
  },
);
