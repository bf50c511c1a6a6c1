/**
 * The Azure ABAC condition (version 2.0) that makes Azure itself enforce the guest role allow-list on the
 * identity that deploys: added to its "Role Based Access Control Administrator" assignment, that identity can
 * write and delete role assignments only of the allowed roles and only for users and groups (a guest, or a
 * group of guests declared under `groups:`), whatever a program says.
 *
 * Generated from the same reconciled policy config the guardrails read, so the two layers cannot drift: the
 * roles are those `guest-role-allow-listed` allows minus everything `guest-role-not-privileged` refuses.
 * Grammar: azure-docs `role-based-access-control/delegate-role-assignments-examples.md` ("Constrain roles
 * and principal types"): write is judged on the request (`@Request`), delete on the existing assignment
 * (`@Resource`), so each action gets its own clause.
 *
 * The delete clause is limited to the allow-list too, deliberately: an identity that could delete any role
 * assignment could delete the assignments that hold other guardrails in place. The consequence is an order of
 * operations. Once a role leaves the allow-list, this identity can no longer delete existing assignments of
 * it, so revoking a guest's grant of that role fails with AuthorizationFailed. Revoke every guest's grants of
 * the role first (remove them from access.yaml and deploy), then remove the role from `allowedRoles`, then
 * regenerate the condition and update the identity's assignment with it.
 */

import type { ResolvedPackConfig } from "./pack-config";
import { catalog } from "./lib/catalog";
import { PolicyConfigError } from "./lib/config";
import { allowedRoleIds, GUEST_ROLE_ALLOW_LISTED } from "./policies/guest-role-allow-listed";
import {
  GUEST_ROLE_NOT_PRIVILEGED,
  privilegeProblem,
  privilegeRules,
} from "./policies/guest-role-not-privileged";

/**
 * Azure's limit on a role assignment condition, in bytes. Azure documents "8 KB" without saying whether that
 * is 8,000 or 8,192 bytes; the smaller one fails safe (a condition the tool accepts is never refused by Azure).
 */
export const CONDITION_MAX_BYTES = 8000;

/** The condition version `az role assignment create --condition-version` must be given. */
export const CONDITION_VERSION = "2.0";

/** A role the condition allows. */
export interface ConditionRole {
  readonly id: string;
  /** The built-in name, or undefined for a custom role. */
  readonly name?: string;
}

/** The generated condition, or why there is none. */
export type ConditionResult =
  | {
      readonly ok: true;
      readonly condition: string;
      readonly bytes: number;
      readonly roles: readonly ConditionRole[];
    }
  | {
      readonly ok: false;
      readonly reason: "too-large" | "no-roles" | "config";
      readonly error: string;
      readonly bytes?: number;
    };

const ASSIGNMENTS = "Microsoft.Authorization/roleAssignments";

/** One action's clause: either the action is not this one, or the role and principal type are allowed. */
function clause(action: "write" | "delete", roleIds: readonly string[]): string {
  // Write requests carry the new assignment's attributes; a delete is judged on the assignment that exists.
  // Groups too: a group's grants are role assignments for the group (azure-docs
  // conditions-authorization-actions-attributes.md gives {'User', 'Group'} as the example of this attribute).
  const source = action === "write" ? "@Request" : "@Resource";
  return (
    `((!(ActionMatches{'${ASSIGNMENTS}/${action}'})) OR ` +
    `(${source}[${ASSIGNMENTS}:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${roleIds.join(", ")}} AND ` +
    `${source}[${ASSIGNMENTS}:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'User', 'Group'}))`
  );
}

/** The condition text for a set of role GUIDs (sorted for a stable output). */
export function delegationCondition(roleIds: readonly string[]): string {
  const sorted = [...new Set(roleIds.map((id) => id.toLowerCase()))].sort();
  return `${clause("write", sorted)} AND ${clause("delete", sorted)}`;
}

/** The role GUIDs a guest may receive under this config: allow-listed and not refused as privileged. */
export function conditionRoles(config: ResolvedPackConfig): ConditionRole[] {
  const allowList = config[GUEST_ROLE_ALLOW_LISTED];
  if (!allowList || allowList.enforcementLevel === "disabled") {
    throw new PolicyConfigError(GUEST_ROLE_ALLOW_LISTED, [
      "the policy is disabled, so there is no allow-list to turn into a condition; enable it",
    ]);
  }
  const allowed = allowedRoleIds(allowList.properties);
  // Privileged roles are excluded even when guest-role-not-privileged is disabled: the condition never widens.
  const rules = privilegeRules(config[GUEST_ROLE_NOT_PRIVILEGED]?.properties ?? {});
  return [...allowed]
    .filter((id) => privilegeProblem(id, rules) === undefined)
    .sort()
    .map((id) => {
      const name = catalog().byId(id)?.name;
      return name ? { id, name } : { id };
    });
}

/** The condition for a reconciled config, refused when it has no roles or exceeds Azure's limit (8 KB, taken as 8,000 bytes). */
export function conditionFor(config: ResolvedPackConfig): ConditionResult {
  let roles: ConditionRole[];
  try {
    roles = conditionRoles(config);
  } catch (error) {
    if (error instanceof PolicyConfigError)
      return { ok: false, reason: "config", error: error.message };
    throw error;
  }
  if (roles.length === 0) {
    return {
      ok: false,
      reason: "no-roles",
      error: `no role passes both ${GUEST_ROLE_ALLOW_LISTED} and ${GUEST_ROLE_NOT_PRIVILEGED}; a condition with no roles cannot be written`,
    };
  }
  const condition = delegationCondition(roles.map((r) => r.id));
  const bytes = Buffer.byteLength(condition, "utf8");
  if (bytes > CONDITION_MAX_BYTES) {
    return {
      ok: false,
      reason: "too-large",
      bytes,
      error:
        `the condition for ${roles.length} roles is ${bytes} bytes, over Azure's limit of ${CONDITION_MAX_BYTES}; ` +
        `shorten allowedRoles of ${GUEST_ROLE_ALLOW_LISTED} (about 100 roles fit)`,
    };
  }
  return { ok: true, condition, bytes, roles };
}
