/**
 * A guest never receives a privileged role, whatever the allow-list says; an unknown (custom) role
 * only when security names it.
 */

import { configWithDefaults, PolicyConfigError } from "../lib/config";
import { catalog, describeRole, resolveRoles } from "../lib/catalog";
import { guestAssignmentPolicy } from "../lib/guest-assignment-policy";
import type { GuardrailMetadata } from "../lib/guest-assignment-policy";
import { assignedRoleGuid, notARoleDefinitionId } from "../lib/role-assignment";
import { isGuid } from "../../azure/scope";

/** The policy's name. */
export const GUEST_ROLE_NOT_PRIVILEGED = "guest-role-not-privileged";

/** This policy's configuration. */
export interface GuestRoleNotPrivilegedConfig {
  /** GUIDs of custom roles a guest may receive (other checks still apply). */
  readonly allowedCustomRoles: readonly string[];
  /** More roles (names or GUIDs) to treat as privileged, beyond the catalogue's. */
  readonly additionalPrivilegedRoles: readonly string[];
}

/** What this policy decides with: the resolved sets. */
export interface PrivilegeRules {
  /** Custom role GUIDs a guest may receive. */
  readonly allowedCustomRoles: ReadonlySet<string>;
  /** Extra GUIDs treated as privileged. */
  readonly additionalPrivileged: ReadonlySet<string>;
}

const metadata: GuardrailMetadata = {
  name: GUEST_ROLE_NOT_PRIVILEGED,
  description:
    "Guests never receive a privileged role (Owner, Contributor, User Access Administrator, Role Based Access " +
    "Control Administrator, Reservations Administrator, or any role that can write role assignments), nor an " +
    "unlisted custom role.",
  severity: "critical",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Give the guest a narrower read-only role. Privileged roles cannot be allowed for guests by configuration; a " +
    `custom role must be listed by GUID in allowedCustomRoles of ${GUEST_ROLE_NOT_PRIVILEGED}.`,
  configSchema: {
    properties: {
      allowedCustomRoles: {
        type: "array",
        items: {
          type: "string",
          pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
        },
        uniqueItems: true,
        default: [],
        description:
          "GUIDs of custom roles guests may receive (they must also be on the allow-list).",
      },
      additionalPrivilegedRoles: {
        type: "array",
        items: { type: "string", minLength: 1 },
        uniqueItems: true,
        default: [],
        description:
          "More roles (names or GUIDs) never to give a guest, beyond the catalogue's privileged roles.",
      },
    },
  },
};

/** The resolved rules; throws `PolicyConfigError` on an entry that is no role. */
export function privilegeRules(given: object): PrivilegeRules {
  const config = configWithDefaults<GuestRoleNotPrivilegedConfig>(metadata.configSchema, given);
  const errors: string[] = [];
  config.allowedCustomRoles.forEach((id, index) => {
    if (!isGuid(id)) errors.push(`allowedCustomRoles[${index}] "${id}" is not a GUID`);
    else if (catalog().byId(id)) {
      errors.push(
        `allowedCustomRoles[${index}] ${describeRole(id.toLowerCase())} is a built-in role; list custom roles only`,
      );
    }
  });
  const additional = resolveRoles("additionalPrivilegedRoles", config.additionalPrivilegedRoles);
  errors.push(...additional.errors);
  if (errors.length > 0) throw new PolicyConfigError(GUEST_ROLE_NOT_PRIVILEGED, errors);
  return {
    allowedCustomRoles: new Set(config.allowedCustomRoles.map((id) => id.toLowerCase())),
    additionalPrivileged: additional.ids,
  };
}

/** Why a role GUID may not go to a guest under these rules, or undefined when it may. */
export function privilegeProblem(guid: string, rules: PrivilegeRules): string | undefined {
  const roles = catalog();
  if (roles.isPrivileged(guid)) return "it is a privileged role and is never given to a guest";
  if (rules.additionalPrivileged.has(guid)) return "security lists it as privileged";
  if (!roles.byId(guid) && !rules.allowedCustomRoles.has(guid)) {
    return "it is not a built-in role, and custom roles need to be listed in allowedCustomRoles";
  }
  return undefined;
}

/** `guest-role-not-privileged`: a guest never receives a privileged or unlisted custom role. */
export const guestRoleNotPrivileged = guestAssignmentPolicy(
  metadata,
  ["roleDefinitionId"],
  privilegeRules,
  (assignment, rules, report) => {
    const guid = assignedRoleGuid(assignment.props);
    if (guid === undefined) {
      // Fail closed: a role that cannot be identified cannot be shown not to be privileged.
      report(notARoleDefinitionId(assignment));
      return;
    }
    const problem = privilegeProblem(guid, rules);
    if (problem) report(`${assignment.who} must not receive ${describeRole(guid)}: ${problem}`);
  },
);
