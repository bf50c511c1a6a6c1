/**
 * The resources one group yields, as a pure function of its resolved spec: the `Group` component, its Entra
 * ID security group and one role assignment per active grant, for the group as principal. Members are not
 * here: each membership is a guest's resource (`guest.ts`), so adding or removing a member changes nothing of
 * the group. Kept apart from the guests' specs so that a stack which owns identities (groups and invitations)
 * can declare these without the grants of any guest.
 */

import type { GroupSpec } from "../access/model";
import { groupResourceName } from "../azure/names";
import { GROUP_COMPONENT_TYPE, GROUP_TYPE } from "../azure/tokens";
import { roleAssignmentResource, type RoleAssignmentResourceSpec } from "./role-assignment";
import { specId, type ComponentSpec, type ResourceSpec, type SpecId } from "./resource";

/** The inputs of an `azuread.Group`, named as the SDK names them. */
export interface GroupInputs {
  readonly displayName: string;
  readonly description: string;
  /** A security group: the only kind Azure RBAC can assign roles to. */
  readonly securityEnabled: true;
  /** No mailbox: the group exists only to hold role assignments. */
  readonly mailEnabled: false;
  /** Create fails if a group of this display name exists, instead of making a look-alike twin. */
  readonly preventDuplicateNames: true;
}

/** What a `Group` component declares it holds, as it registers it: the contract with the policy pack. */
export interface GroupDeclaration {
  /** The group's name (its key under `groups:`). */
  readonly group: string;
  /** The active grants, in grant-key order. */
  readonly grants: readonly {
    readonly key: string;
    readonly roleId: string;
    readonly scope: string;
  }[];
}

/** The `Group` component: its inputs are the group's spec itself (plain data policies read). */
export type GroupComponentSpec = ComponentSpec<typeof GROUP_COMPONENT_TYPE, GroupSpec>;

/** A group's Entra ID security group. */
export type GroupResourceSpec = ResourceSpec<typeof GROUP_TYPE, GroupInputs>;

/** A resource under a group's component. */
export type GroupChildSpec = GroupResourceSpec | RoleAssignmentResourceSpec;

/** Everything one group yields. */
export interface GroupResources {
  readonly component: GroupComponentSpec;
  /** Its children, in registration order: the group first, then its role assignments. */
  readonly children: readonly GroupChildSpec[];
}

/** The spec id of a group's Entra ID group: what a membership's `groupObjectId` links to. */
export function groupSpecId(groupName: string): SpecId {
  return specId(GROUP_TYPE, groupResourceName(groupName));
}

/** What a group's spec declares, as the Group registers it in its outputs. */
export function groupDeclaration(spec: GroupSpec): GroupDeclaration {
  return {
    group: spec.name,
    grants: spec.grants.map((g) => ({ key: g.key, roleId: g.role.id, scope: g.scope })),
  };
}

/** The resources of one group. The component's logical name is the group's name. */
export function groupResources(group: GroupSpec): GroupResources {
  const name = group.name;
  const componentId = specId(GROUP_COMPONENT_TYPE, name);
  const groupId = groupSpecId(name);
  const entraGroup: GroupResourceSpec = {
    id: groupId,
    type: GROUP_TYPE,
    name: groupResourceName(name),
    custom: true,
    parent: componentId,
    inputs: {
      displayName: group.displayName,
      description: group.description,
      securityEnabled: true,
      mailEnabled: false,
      preventDuplicateNames: true,
    },
    links: {},
    // No input the program sets forces a replacement (docs/providers.md, "Groups"): a changed display name or
    // description is updated in place, so nothing needs ignoreChanges.
    options: {},
  };
  // The group's object id, once it exists; every grant is made for it.
  const principal = { link: { from: groupId, output: "objectId" } };
  const roleAssignments = group.grants.map((grant) =>
    roleAssignmentResource(name, grant, principal, componentId, "Group"),
  );
  const component: GroupComponentSpec = {
    id: componentId,
    type: GROUP_COMPONENT_TYPE,
    name,
    custom: false,
    inputs: group,
    links: {},
    options: {},
    outputs: { ...groupDeclaration(group) },
    outputLinks: { objectId: { from: groupId, output: "objectId" } },
  };
  return { component, children: [entraGroup, ...roleAssignments] };
}
