/**
 * Pulumi type tokens this project creates and checks. They are part of every URN: changing one without an
 * alias re-creates resources (and, for an invitation, deletes the guest's account).
 */

/** The component that holds one guest: `guest-access:index:Guest`. Fixed forever. */
export const GUEST_COMPONENT_TYPE = "guest-access:index:Guest";

/** `@pulumi/azuread` Invitation (bridged `azuread_invitation`). */
export const INVITATION_TYPE = "azuread:index/invitation:Invitation";

/** `@pulumi/azure-native` RoleAssignment. */
export const ROLE_ASSIGNMENT_TYPE = "azure-native:authorization:RoleAssignment";
