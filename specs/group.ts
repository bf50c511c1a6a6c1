/**
 * The resources one group yields, as a pure function of its resolved spec: the `Group` component, its Entra
 * ID security group and one role assignment per active grant, for the group as principal. Members are not
 * here: each membership is a guest's resource (`guest.ts`), so adding or removing a member changes nothing of
 * the group. Kept apart from the guests' specs so that a stack which owns identities (groups and invitations)
 * can declare these without the grants of any guest.
 *
 * In a grants stack (a declaration split across stacks, `stack-part.ts`) the Entra ID group is the identities
 * stack's: the grants stack registers the same `Group` component with only the role assignments it selects,
 * for the object id it reads from the identities stack's `groupIds` output. The component stays, so that a
 * group's role assignment has the same URN (`…Group$…RoleAssignment::<group>-grant-<hash>`) in whichever
 * stack deploys it: the state commands of a move between stacks, drift's keys and the policies (which know a
 * group's grant by its parent's type) read it alike everywhere.
 */

import type { GroupSpec } from "../access/model";
import { groupResourceName } from "../azure/names";
import { GROUP_COMPONENT_TYPE, GROUP_TYPE } from "../azure/tokens";
import { identityLink, type IdentitiesSource } from "./identities";
import { roleAssignmentResource, type RoleAssignmentResourceSpec } from "./role-assignment";
import {
  specId,
  type ComponentSpec,
  type OutputLink,
  type ResourceSpec,
  type SpecId,
} from "./resource";

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
  /**
   * In a grants stack: the identities stack (`org/project/stack`) that holds the Entra ID group, whose
   * object id the grants read through a `StackReference` of that name.
   */
  readonly identitiesStack?: string;
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
export function groupDeclaration(spec: GroupSpec, identities?: IdentitiesSource): GroupDeclaration {
  return {
    group: spec.name,
    grants: spec.grants.map((g) => ({ key: g.key, roleId: g.role.id, scope: g.scope })),
    ...(identities ? { identitiesStack: identities.stack } : {}),
  };
}

/**
 * The resources of one group. The component's logical name is the group's name. With `identities` (a
 * grants stack), the Entra ID group is not here: it is the identities stack's, and the role assignments take
 * the group's object id from that stack's `groupIds` output.
 */
export function groupResources(group: GroupSpec, identities?: IdentitiesSource): GroupResources {
  const name = group.name;
  const componentId = specId(GROUP_COMPONENT_TYPE, name);
  const groupId = groupSpecId(name);
  // The group's object id, once it exists (or as the identities stack exports it); every grant is for it.
  const objectId: OutputLink = identities
    ? identityLink(identities, name, "group")
    : { from: groupId, output: "objectId" };
  const principal = { link: objectId };
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
    outputs: { ...groupDeclaration(group, identities) },
    outputLinks: { objectId },
  };
  if (identities) return { component, children: roleAssignments };
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
  return { component, children: [entraGroup, ...roleAssignments] };
}
