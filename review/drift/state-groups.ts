/**
 * What the stack's state says about the declared groups: each `azuread.Group`'s object id, and each
 * `GroupMember` the stack manages. The group's `objectId` output is its Graph object id; its `id` is
 * `/groups/<object id>` (terraform-provider-azuread v3.8.0 `group_resource.go`: `d.SetId(beta.NewGroupID(...).ID())`,
 * `object_id` from `group.Id`). A refresh that finds the group deleted removes it from the state (its read
 * clears the id), so a group the state holds existed at the last refresh.
 */

import { groupResourceName } from "../../azure/names";
import { GROUP_MEMBER_TYPE, GROUP_TYPE } from "../../azure/tokens";
import { nameOfUrn } from "../../azure/urn";
import type { DeployedResource } from "../state-file";

const SUFFIX = groupResourceName("");
const GROUP_ID = /^\/groups\/([^/]+)$/i;

/** The groups and memberships of a stack export. */
export interface DeployedGroups {
  /** Each declared group's object id (lower-case) by its name under `groups:`. */
  readonly groups: ReadonlyMap<string, string>;
  /** Every membership the stack manages, as `<group object id>|<member object id>` (lower-case). */
  readonly memberships: ReadonlySet<string>;
}

/** The key of one membership in `DeployedGroups.memberships`. */
export function membershipKey(groupId: string, memberId: string): string {
  return `${groupId}|${memberId}`;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The groups and memberships of a stack export (entries marked for deletion stand for nothing live). */
export function deployedGroups(resources: readonly DeployedResource[]): DeployedGroups {
  const groups = new Map<string, string>();
  const memberships = new Set<string>();
  for (const resource of resources) {
    if (resource.pendingDeletion) continue;
    if (resource.type === GROUP_TYPE) {
      const name = nameOfUrn(resource.urn);
      if (!name.endsWith(SUFFIX)) continue;
      const objectId =
        text(resource.outputs.objectId) ?? GROUP_ID.exec(resource.id ?? "")?.[1] ?? undefined;
      if (objectId) groups.set(name.slice(0, -SUFFIX.length), objectId.toLowerCase());
    } else if (resource.type === GROUP_MEMBER_TYPE) {
      const group = text(resource.outputs.groupObjectId);
      const member = text(resource.outputs.memberObjectId);
      if (group && member)
        memberships.add(membershipKey(group.toLowerCase(), member.toLowerCase()));
    }
  }
  return { groups, memberships };
}
