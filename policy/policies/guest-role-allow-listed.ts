/**
 * A guest receives only roles from security's allow-list.
 */

import { configWithDefaults, PolicyConfigError } from "../lib/config";
import { catalog, describeRole, resolveRoles } from "../lib/catalog";
import { guestAssignmentPolicy } from "../lib/guest-assignment-policy";
import type { GuardrailMetadata } from "../lib/guest-assignment-policy";
import { assignedRoleGuid, notARoleDefinitionId } from "../lib/role-assignment";

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
  description:
    "Guests may only receive roles on the approved allow-list, which never admits a privileged role.",
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
          "Role names (as in the Azure catalogue, any case) or role definition GUIDs guests may receive; a " +
          "privileged role (one guest-role-not-privileged refuses from the catalogue) is a configuration error.",
      },
    },
  },
};

/** Why a role may never be on the allow-list, or undefined when it may. */
export function privilegedRoleReason(guid: string): string | undefined {
  const role = catalog().byId(guid);
  if (!role || !catalog().isPrivileged(guid)) return undefined;
  return role.privileged
    ? "it is a privileged administrator role"
    : "it can write role assignments, so a guest holding it could grant access";
}

/**
 * The allow-list as GUIDs; throws `PolicyConfigError` on a name that is no role, and on a privileged role:
 * no configuration of this policy may let a guest have one (so `guest-role-not-privileged` is not the only
 * line of defence).
 */
export function allowedRoleIds(given: object): ReadonlySet<string> {
  const config = configWithDefaults<GuestRoleAllowListConfig>(metadata.configSchema, given);
  const resolved = resolveRoles("allowedRoles", config.allowedRoles);
  const errors = [...resolved.errors];
  config.allowedRoles.forEach((entry, index) => {
    const single = resolveRoles("allowedRoles", [entry]);
    for (const guid of single.ids) {
      const why = privilegedRoleReason(guid);
      if (why)
        errors.push(
          `allowedRoles[${index}] ${describeRole(guid)} cannot be allowed for guests: ${why}; remove it`,
        );
    }
  });
  if (errors.length > 0) throw new PolicyConfigError(GUEST_ROLE_ALLOW_LISTED, errors);
  return resolved.ids;
}

/** `guest-role-allow-listed`: a guest receives only allow-listed roles. */
export const guestRoleAllowListed = guestAssignmentPolicy(
  metadata,
  ["roleDefinitionId"],
  allowedRoleIds,
  (assignment, allowed, report) => {
    const guid = assignedRoleGuid(assignment.props);
    if (guid === undefined) {
      report(notARoleDefinitionId(assignment));
    } else if (privilegedRoleReason(guid)) {
      report(
        `${assignment.who} must not receive ${describeRole(guid)}: ${privilegedRoleReason(guid)}, and no allow-list admits it`,
      );
    } else if (!allowed.has(guid)) {
      report(
        `${assignment.who} must not receive ${describeRole(guid)}: it is not on the allow-list`,
      );
    }
  },
);
