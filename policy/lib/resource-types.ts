/**
 * Recognising resource types by what they are, not by one spelling: azure-native publishes every resource
 * under its default token and under versioned ones (`azure-native:authorization/v20220401:RoleAssignment`,
 * see the `aliases` of `roleAssignment.js`), and a program may use any of them.
 */

const ROLE_ASSIGNMENT = /^azure-native:authorization(\/v[^:]+)?:RoleAssignment$/;

/** Whether a type token is an azure-native role assignment: the default token or any API version's. */
export function isRoleAssignmentType(type: string): boolean {
  return ROLE_ASSIGNMENT.test(type);
}

/** How messages name the role assignment types, for `notApplicable` and errors. */
export const ROLE_ASSIGNMENT_TYPES = "azure-native:authorization[/<version>]:RoleAssignment";
