/**
 * Pulumi type tokens this project creates and checks. They are part of every URN: changing one without an
 * alias re-creates resources (and, for an invitation, deletes the guest's account).
 *
 * azure-native publishes every resource under its default token and under versioned ones
 * (`azure-native:authorization/v20220401:RoleAssignment`, see the `aliases` of `roleAssignment.js`), and a
 * program may use any of them: role assignments are recognised by what they are, not by one spelling.
 */

/** The component that holds one guest: `guest-access:index:Guest`. Fixed forever. */
export const GUEST_COMPONENT_TYPE = "guest-access:index:Guest";

/** The component that holds one group and its grants: `guest-access:index:Group`. Fixed forever. */
export const GROUP_COMPONENT_TYPE = "guest-access:index:Group";

/** `@pulumi/azuread` Group (bridged `azuread_group`). */
export const GROUP_TYPE = "azuread:index/group:Group";

/** `@pulumi/azuread` GroupMember (bridged `azuread_group_member`): one membership. */
export const GROUP_MEMBER_TYPE = "azuread:index/groupMember:GroupMember";

/** `@pulumi/azuread` Invitation (bridged `azuread_invitation`). */
export const INVITATION_TYPE = "azuread:index/invitation:Invitation";

/**
 * Pulumi's own type token of a stack reference (`@pulumi/pulumi` `stackReference.js`): read, never created;
 * a grants stack reads the identities stack's outputs through one.
 */
export const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";

/** `@pulumi/azure-native` RoleAssignment, under its default token (the one this program registers). */
export const ROLE_ASSIGNMENT_TYPE = "azure-native:authorization:RoleAssignment";

const ROLE_ASSIGNMENT = /^azure-native:authorization(\/v[^:]+)?:RoleAssignment$/;

/** Whether a type token is an azure-native role assignment: the default token or any API version's. */
export function isRoleAssignmentType(type: string): boolean {
  return ROLE_ASSIGNMENT.test(type);
}

/** How messages name the role assignment types, for `notApplicable` and errors. */
export const ROLE_ASSIGNMENT_TYPES = "azure-native:authorization[/<version>]:RoleAssignment";
