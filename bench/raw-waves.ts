/**
 * The bench's baseline for the program: the same resources the program registers for a model (the same
 * inputs, options and component outputs), declared with the raw Pulumi SDK and nothing of ours but the model
 * and the names (no specs, no Guest class), in awaited waves of 50 guests, keeping no reference to a wave
 * once it is registered. What the program costs beyond this is the cost of our code.
 */

import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import * as authorization from "@pulumi/azure-native/authorization";
import type { AccessModel, GuestSpec } from "../access/model";
import { GUEST_COMPONENT_TYPE } from "../azure/tokens";
import { grantResourceName, invitationName, roleAssignmentName } from "../azure/names";

/** Guests per wave, as the program's default. */
export const BASELINE_WAVE = 50;

/** A plain component that can publish its outputs (`registerOutputs` is protected). */
class RawComponent extends pulumi.ComponentResource {
  publish(outputs: pulumi.Inputs): void {
    this.registerOutputs(outputs);
  }
}

/** One guest's resources, registered directly; resolves once all are registered. */
function declareGuest(guest: GuestSpec): Promise<void> {
  const component = new RawComponent(GUEST_COMPONENT_TYPE, guest.email, guest);
  const resources: pulumi.Resource[] = [component];
  let principalId: pulumi.Output<string>;
  if (guest.invitation) {
    const send = guest.invitation.send;
    const invitation = new azuread.Invitation(
      invitationName(guest.email),
      {
        userEmailAddress: guest.email,
        userDisplayName: guest.displayName,
        userType: "Guest",
        redirectUrl: guest.invitation.redirectUrl,
        ...(send
          ? {
              message: {
                ...(guest.invitation.message !== undefined
                  ? { body: guest.invitation.message }
                  : { language: guest.invitation.language ?? "en-US" }),
                ...(guest.invitation.cc !== undefined
                  ? { additionalRecipients: guest.invitation.cc }
                  : {}),
              },
            }
          : {}),
      },
      {
        parent: component,
        additionalSecretOutputs: ["redeemUrl"],
        ignoreChanges: ["userDisplayName", "message", "redirectUrl"],
        retainOnDelete: guest.onRemove === "keep-user",
      },
    );
    resources.push(invitation);
    principalId = invitation.userId;
  } else {
    principalId = pulumi.output(guest.objectId);
  }
  for (const grant of guest.grants) {
    resources.push(
      new authorization.RoleAssignment(
        grantResourceName(guest.email, grant.key),
        {
          principalId,
          principalType: "User",
          roleDefinitionId: grant.roleDefinitionId,
          scope: grant.scope,
          roleAssignmentName: principalId.apply((id) =>
            roleAssignmentName(grant.scope, id, grant.role.id),
          ),
          description: grant.description,
        },
        { parent: component },
      ),
    );
  }
  // The same outputs as the program's Guest registers: what it holds, and its principal.
  component.publish({
    email: guest.email,
    grants: guest.grants.map((g) => ({ key: g.key, roleId: g.role.id, scope: g.scope })),
    invited: guest.invitation !== undefined,
    ...(guest.invitation === undefined ? { objectId: guest.objectId } : {}),
    principalId,
  });
  return new Promise((resolve) => {
    pulumi.all(resources.map((r) => r.urn)).apply(() => resolve());
  });
}

/** Declares every guest of the model in awaited waves, keeping nothing between waves. */
export async function declareInRawWaves(model: AccessModel): Promise<void> {
  for (let start = 0; start < model.guests.length; start += BASELINE_WAVE) {
    await Promise.all(
      model.guests.slice(start, start + BASELINE_WAVE).map((g) => declareGuest(g.spec)),
    );
  }
}
