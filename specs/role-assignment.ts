/**
 * The role assignment one grant yields, for a guest or a group: its name, inputs and options. Every decision
 * about role assignments is made here, for both holders alike.
 */

import type { GrantSpec } from "../access/model";
import { assignmentId, grantResourceName, roleAssignmentName } from "../azure/names";
import { ROLE_ASSIGNMENT_IGNORED_INPUTS } from "../azure/role-assignment";
import { ROLE_ASSIGNMENT_TYPE } from "../azure/tokens";
import { specId, type OutputLink, type ResourceSpec, type SpecOptions } from "./resource";

/** Who a role assignment is for: a guest (a user) or a group. ARM skips its principal lookup when told. */
export type PrincipalType = "User" | "Group";

/**
 * The inputs of an azure-native `RoleAssignment`, named as the SDK names them. `principalId` and
 * `roleAssignmentName` are plain for an existing user and links to the invitation's `userId` for an invited
 * one, or to the group's `objectId` for a group's grant (`roleAssignmentName` is plain too for a grant that
 * adopts an existing assignment by name).
 */
export interface RoleAssignmentInputs {
  readonly principalId?: string;
  readonly principalType: PrincipalType;
  readonly roleDefinitionId: string;
  readonly scope: string;
  readonly roleAssignmentName?: string;
  readonly description: string;
}

/** One of a guest's or a group's role assignments. */
export type RoleAssignmentResourceSpec = ResourceSpec<
  typeof ROLE_ASSIGNMENT_TYPE,
  RoleAssignmentInputs
>;

/**
 * The role assignment of one grant, named from its holder (a guest's email or a group's name) and the
 * grant's key, under the holder's component. The principal is known (an existing user's object id) or a
 * link (an invitation's `userId`, a group's `objectId`); then the assignment's name is derived from it too.
 */
export function roleAssignmentResource(
  holderName: string,
  grant: GrantSpec,
  principal: { readonly link: OutputLink } | { readonly id: string },
  parent: string,
  principalType: PrincipalType,
): RoleAssignmentResourceSpec {
  const name = grantResourceName(holderName, grant.key);
  const known = "id" in principal;
  // A grant that adopts an existing assignment keeps that assignment's name.
  const fixedName =
    grant.assignmentName ??
    (known ? roleAssignmentName(grant.scope, principal.id, grant.role.id) : undefined);
  return {
    id: specId(ROLE_ASSIGNMENT_TYPE, name),
    type: ROLE_ASSIGNMENT_TYPE,
    name,
    custom: true,
    parent,
    inputs: {
      ...(known ? { principalId: principal.id } : {}),
      // Without it, a just-invited user (or a just-created group) fails with PrincipalNotFound while Entra
      // replicates: ARM skips the principal lookup when the type is given.
      principalType,
      roleDefinitionId: grant.roleDefinitionId,
      scope: grant.scope,
      ...(fixedName !== undefined ? { roleAssignmentName: fixedName } : {}),
      description: grant.description,
    },
    links: known
      ? {}
      : {
          principalId: principal.link,
          ...(fixedName === undefined
            ? {
                roleAssignmentName: {
                  ...principal.link,
                  derive: [
                    ...(principal.link.derive ?? []),
                    { kind: "roleAssignmentName", scope: grant.scope, roleId: grant.role.id },
                  ],
                },
              }
            : {}),
        },
    options: roleAssignmentOptions(grant),
  };
}

/** Inputs an adopted assignment keeps as Azure has them (see `roleAssignmentOptions`). */
export const ADOPTED_ASSIGNMENT_IGNORED_INPUTS = [
  ...ROLE_ASSIGNMENT_IGNORED_INPUTS,
  "description",
] as const;

/**
 * A role assignment's options. `roleDefinitionId` is never diffed (`ROLE_ASSIGNMENT_IGNORED_INPUTS`). A
 * grant with `assignmentName` adopts the existing assignment: Pulumi's `import` with the assignment's ARM id,
 * so the first `up` reads it into the stack instead of creating a twin (which ARM refuses with
 * RoleAssignmentExists); later runs treat it like any other resource (pulumi/pulumi
 * developer-docs/architecture/import.md). An import must show no difference between the program's inputs and
 * the inputs azure-native reads back from the assignment (provider.go `Read`: without old inputs, they come
 * from the response body): the description was written by whoever made the assignment, and ARM returns
 * `roleDefinitionId` in the subscription form at subscription, resource group and resource scope, so both are
 * taken as found. The role is part of the grant's key (its logical name), so it never changes in place.
 */
export function roleAssignmentOptions(grant: GrantSpec): SpecOptions {
  if (grant.assignmentName === undefined)
    return { ignoreChanges: [...ROLE_ASSIGNMENT_IGNORED_INPUTS] };
  return {
    import: assignmentId(grant.scope, grant.assignmentName),
    ignoreChanges: [...ADOPTED_ASSIGNMENT_IGNORED_INPUTS],
  };
}
