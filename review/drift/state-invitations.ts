/**
 * What the stack's state says about each invited guest: the invitation's `userId` (the account it made),
 * or the empty string once a refresh found the user deleted (terraform-provider-azuread
 * `invitation_resource.go`, read: a missing user sets `user_id` to "" and keeps the resource).
 */

import { invitationName } from "../../azure/names";
import { INVITATION_TYPE } from "../../azure/tokens";
import { nameOfUrn } from "../../azure/urn";
import type { DeployedResource } from "../state-file";
import type { DeployedInvitation } from "./model";

const SUFFIX = invitationName("");

/** Invitations of a stack export by guest email (the Guest component's name, in the invitation's URN). */
export function deployedInvitations(
  resources: readonly DeployedResource[],
): Map<string, DeployedInvitation> {
  const invitations = new Map<string, DeployedInvitation>();
  for (const resource of resources) {
    if (resource.type !== INVITATION_TYPE) continue;
    const name = nameOfUrn(resource.urn);
    if (!name.endsWith(SUFFIX)) continue;
    const userId = resource.outputs.userId;
    invitations.set(name.slice(0, -SUFFIX.length), {
      userId: typeof userId === "string" ? userId : "",
    });
  }
  return invitations;
}
