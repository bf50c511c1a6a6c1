/**
 * The identity of an assignment in the review: (principal object id, role GUID, normalised scope). ARM
 * returns role definition ids in two forms and scopes in varying case; both are folded here, once, so every
 * comparison downstream is a string equality.
 */

import { roleGuidOf } from "../../azure/roles";
import { normaliseScope } from "../../azure/scope";

/**
 * A scope as the review compares it: parsed by Azure's grammar and normalised when it is one (keywords in
 * ARM's case, values lower-case), otherwise lower-cased without a trailing slash. Tenant data is not
 * refused for a scope this project would not declare (a placeholder in documentation samples, a resource
 * type the grammar does not know): it is still compared, without case.
 */
export function normaliseTenantScope(raw: string): string {
  const trimmed = raw.trim();
  const withSlash = trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
  const parsed = normaliseScope(withSlash.length > 1 ? withSlash.replace(/\/+$/, "") : withSlash);
  return parsed ?? withSlash.replace(/\/+$/, "").toLowerCase();
}

/** The role GUID of a role definition id in either form, or of a bare GUID; undefined when it is neither. */
export function tenantRoleId(roleDefinitionId: string): string | undefined {
  return roleGuidOf(roleDefinitionId.trim());
}

/** The review's key of an assignment or grant. */
export function assignmentKey(principalId: string, roleId: string, scope: string): string {
  return `${principalId.toLowerCase()}|${roleId.toLowerCase()}|${scope}`;
}
