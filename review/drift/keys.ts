/**
 * The identity of an assignment in the review: (principal object id, role GUID, normalised scope). ARM
 * returns role definition ids in two forms and scopes in varying case; both are folded here, once, so every
 * comparison downstream is a string equality.
 */

import { roleGuidOf } from "../../azure/roles";

const MANAGEMENT_GROUP = "/providers/Microsoft.Management/managementGroups/";
const SUBSCRIPTIONS = "/subscriptions/";
const RESOURCE_GROUPS = "/resourcegroups/";

/**
 * A scope as the review compares it: the normalised form of `azure/scope.ts` (keywords in ARM's case, every
 * value, provider namespace and resource type lower-case). That form is the lower-cased scope with two
 * keywords put back in ARM's case, so it is computed here in one pass, without parsing: exports hold
 * hundreds of thousands of scopes, most of them distinct resources. A scope that is not one (a placeholder
 * in a documentation sample) is still compared, lower-cased. A test holds this to `normaliseScope`.
 */
export function normaliseTenantScope(raw: string): string {
  let scope = raw.trim();
  if (!scope.startsWith("/")) scope = `/${scope}`;
  while (scope.length > 1 && scope.endsWith("/")) scope = scope.slice(0, -1);
  const lower = scope.toLowerCase();
  if (lower.startsWith(MANAGEMENT_GROUP.toLowerCase())) {
    return MANAGEMENT_GROUP + lower.slice(MANAGEMENT_GROUP.length);
  }
  if (lower.startsWith(SUBSCRIPTIONS)) {
    const groups = lower.indexOf("/", SUBSCRIPTIONS.length);
    if (groups > 0 && lower.startsWith(RESOURCE_GROUPS, groups)) {
      return `${lower.slice(0, groups)}/resourceGroups/${lower.slice(groups + RESOURCE_GROUPS.length)}`;
    }
  }
  return lower;
}

/**
 * The role GUID of a role definition id in either form, or of a bare GUID; undefined when it is neither.
 * A tenant has few role definitions and many assignments: each id is parsed once.
 */
export function tenantRoleId(roleDefinitionId: string): string | undefined {
  const cached = roleIdCache.get(roleDefinitionId);
  if (cached !== undefined || roleIdCache.has(roleDefinitionId)) return cached;
  const roleId = roleGuidOf(roleDefinitionId.trim());
  if (roleIdCache.size >= ROLE_ID_CACHE_SIZE) roleIdCache.clear();
  roleIdCache.set(roleDefinitionId, roleId);
  return roleId;
}

const ROLE_ID_CACHE_SIZE = 10_000;
const roleIdCache = new Map<string, string | undefined>();

/** The review's key of an assignment or grant; the ids are lower-case already (readers fold them). */
export function assignmentKey(principalId: string, roleId: string, scope: string): string {
  return `${principalId}|${roleId}|${scope}`;
}
