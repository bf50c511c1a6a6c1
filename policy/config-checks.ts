/**
 * The configuration checks that need more than a JSON Schema (role names resolved against the catalogue,
 * scopes parsed), by policy. The policies run the same parsers and fail closed; running them up front lets
 * the CLI and tests report every problem in a config file at once, before any resource is judged.
 */

import { PolicyConfigError } from "./lib/config";
import { allowedRoleIds, GUEST_ROLE_ALLOW_LISTED } from "./policies/guest-role-allow-listed";
import { GUEST_ROLE_NOT_PRIVILEGED, privilegeRules } from "./policies/guest-role-not-privileged";
import { GUEST_SCOPE_WITHIN_BOUNDARY, scopeBoundary } from "./policies/guest-scope-within-boundary";

/** Parsers that throw `PolicyConfigError` on a meaningless configuration, by policy name. */
export const SEMANTIC_CONFIG_CHECKS: Readonly<Record<string, (properties: object) => unknown>> = {
  [GUEST_ROLE_ALLOW_LISTED]: allowedRoleIds,
  [GUEST_ROLE_NOT_PRIVILEGED]: privilegeRules,
  [GUEST_SCOPE_WITHIN_BOUNDARY]: scopeBoundary,
};

/** Every semantic problem in a policy's properties, as `"<policy>: <problem>"` lines. */
export function semanticConfigProblems(policy: string, properties: object): string[] {
  const check = SEMANTIC_CONFIG_CHECKS[policy];
  if (!check) return [];
  try {
    check(properties);
    return [];
  } catch (error) {
    if (error instanceof PolicyConfigError) return error.problems.map((p) => `${policy}: ${p}`);
    throw error;
  }
}
