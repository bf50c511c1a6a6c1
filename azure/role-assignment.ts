/**
 * Facts about `@pulumi/azure-native` RoleAssignment that several rooms act on. Sources and versions:
 * docs/providers.md, "Role assignments".
 */

/**
 * The inputs the component sets on a role assignment. Anything else in a stack export's inputs was added by
 * the provider: azure-native 3.x defaults `azureApiVersion` in Check, and the engine stores it.
 */
export const ROLE_ASSIGNMENT_INPUTS = [
  "description",
  "principalId",
  "principalType",
  "roleAssignmentName",
  "roleDefinitionId",
  "scope",
] as const;

/**
 * Role assignment inputs under `ignoreChanges`. `roleDefinitionId`: the role's GUID is part of the grant's
 * logical name, so for one URN only the form of the ID can differ, never the role; assignments deployed before
 * the program sent ARM's subscription form keep the tenant form they were created with, instead of a PUT of
 * every existing assignment (azure-native would diff the two strings: only `location` is normalised).
 */
export const ROLE_ASSIGNMENT_IGNORED_INPUTS = ["roleDefinitionId"] as const;

/**
 * Inputs whose change replaces the assignment (delete first, then create: azure-native sets
 * `DeleteBeforeReplace` on every replacement): the PUT path parameters `scope` and `roleAssignmentName`, and
 * `principalId` (azure-native's force-new table; ARM answers RoleAssignmentUpdateNotPermitted otherwise).
 * `roleDefinitionId` is not among them: azure-native updates it in place.
 */
export const ROLE_ASSIGNMENT_REPLACE_INPUTS = [
  "principalId",
  "roleAssignmentName",
  "scope",
] as const;

/** The ARM resource id of a role assignment: what `pulumi refresh --import-pending-creates` takes as its ID. */
export function roleAssignmentId(scope: string, roleAssignmentName: string): string {
  return `${scope}/providers/Microsoft.Authorization/roleAssignments/${roleAssignmentName}`;
}
