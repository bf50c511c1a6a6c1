/**
 * The `Guest` component: one external user and their Azure role assignments.
 *
 * It maps a resolved `GuestSpec` to resources and nothing more: every check, name and normalisation was done
 * in `access/`. Its inputs are the spec itself (plain data), so CrossGuard policies read the guest's sponsor,
 * reason and expiries from the component. Its outputs declare what it holds (email, principal, grants; see
 * `azure/guest-declaration.ts`): the engine shows stack policies a component's outputs, not its inputs, and
 * `guest-grant-declared-by-guest` checks the Guest's children against them.
 */

import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import * as authorization from "@pulumi/azure-native/authorization";
import type { GrantSpec, GuestSpec, InvitationSpec } from "../access/model";
import type { DeclaredGrant, GuestDeclaration } from "../azure/guest-declaration";
import { deletedUserMessage, INVITATION_IGNORED_INPUTS } from "../azure/invitation";
import { ROLE_ASSIGNMENT_IGNORED_INPUTS } from "../azure/role-assignment";
import { GUEST_COMPONENT_TYPE } from "../azure/tokens";
import {
  assignmentId,
  grantResourceName,
  invitationName,
  roleAssignmentName,
} from "../azure/names";

/**
 * The inputs of a `Guest`: a resolved guest from the access model, exactly as `access/` produced it.
 * Plain data only: since @pulumi/pulumi 3.202 these reach policies as the component's inputs, and an Output
 * there crashes the run.
 */
export type GuestArgs = GuestSpec;

/** One external user: an Entra ID B2B invitation (unless the user already exists) and a role assignment per grant. */
export class Guest extends pulumi.ComponentResource {
  /** The guest's normalised email. */
  public readonly email: string;
  /** Whether the guest is invited (else an existing user referenced by `objectId`). */
  public readonly invited: boolean;
  /** The existing user's object id, when the guest is not invited. */
  public readonly objectId?: string;
  /** The grants this Guest declares: key, role GUID and normalised scope of each, in grant-key order. */
  public readonly grants: readonly DeclaredGrant[];
  /** The guest's user object id: the invited user's, or the existing `objectId`. */
  public readonly principalId: pulumi.Output<string>;
  /** The invitation, when this guest is invited rather than referenced by object id. */
  public readonly invitation?: azuread.Invitation;
  /** The role assignments, one per active grant, in grant-key order. */
  public readonly roleAssignments: readonly authorization.RoleAssignment[];

  constructor(name: string, args: GuestArgs, opts?: pulumi.ComponentResourceOptions) {
    super(GUEST_COMPONENT_TYPE, name, args, opts);
    const declaration = guestDeclaration(args);
    this.email = declaration.email;
    this.invited = declaration.invited;
    if (!declaration.invited) this.objectId = declaration.objectId;
    this.grants = declaration.grants;

    if (args.invitation !== undefined) {
      this.invitation = new azuread.Invitation(
        invitationName(name),
        {
          userEmailAddress: args.email,
          userDisplayName: args.displayName,
          userType: "Guest",
          redirectUrl: args.invitation.redirectUrl,
          message: invitationMessage(args.invitation),
        },
        {
          parent: this,
          // The redeem URL is a ticket to the guest's account: keep it out of logs and state in clear text.
          additionalSecretOutputs: ["redeemUrl"],
          // Cosmetic inputs, and the email a refresh overwrites with Graph's mail: see INVITATION_IGNORED_INPUTS.
          ignoreChanges: [...INVITATION_IGNORED_INPUTS],
          // Deleting an invitation deletes the user; with keep-user, leaving the file removes only the grants.
          retainOnDelete: args.onRemove === "keep-user",
        },
      );
      this.principalId = knownUser(args.email, this.invitation);
    } else {
      this.principalId = pulumi.output(args.objectId);
    }

    this.roleAssignments = args.grants.map((grant) => this.assign(name, grant));
    // What this Guest holds, for the stack view: AnalyzeStack sends a component's outputs, not its inputs.
    this.registerOutputs({ ...declaration, principalId: this.principalId });
  }

  private assign(name: string, grant: GrantSpec): authorization.RoleAssignment {
    return new authorization.RoleAssignment(
      grantResourceName(name, grant.key),
      {
        principalId: this.principalId,
        // Without it, a just-invited user fails with PrincipalNotFound while Entra replicates.
        principalType: "User",
        roleDefinitionId: grant.roleDefinitionId,
        scope: grant.scope,
        roleAssignmentName:
          grant.assignmentName ??
          this.principalId.apply((id) => roleAssignmentName(grant.scope, id, grant.role.id)),
        description: grant.description,
      },
      { parent: this, ignoreChanges: [...ROLE_ASSIGNMENT_IGNORED_INPUTS], ...adoption(grant) },
    );
  }
}

/**
 * The invited user's object id, refusing an empty one: after the user is deleted outside the stack, a refresh
 * keeps the invitation with `userId: ""`, and every grant would be planned with an empty principal. The
 * error names the guest and the recovery, and no role assignment is registered with that principal. In a
 * preview of a new invitation the id is unknown and nothing is checked.
 */
function knownUser(email: string, invitation: azuread.Invitation): pulumi.Output<string> {
  return pulumi.all([invitation.urn, invitation.userId]).apply(([urn, userId]) => {
    if (userId === "") throw new pulumi.RunError(deletedUserMessage(email, urn));
    return userId;
  });
}

/**
 * The options that adopt an existing assignment (a grant with `assignmentName`): Pulumi's `import` with the
 * assignment's ARM id, so the first `up` reads it into the stack instead of creating a twin (which ARM
 * refuses with RoleAssignmentExists); later runs treat it like any other resource (pulumi/pulumi
 * developer-docs/architecture/import.md). An import must show no difference between the program's inputs
 * and the inputs azure-native reads back from the assignment (provider.go `Read`: without old inputs, they
 * come from the response body): the description was written by whoever made the assignment, and ARM returns
 * `roleDefinitionId` in the subscription form at subscription, resource group and resource scope, so both are
 * taken as found. The role is part of the grant's key (its logical name), so it never changes in place.
 */
export function adoption(grant: GrantSpec): pulumi.CustomResourceOptions {
  if (grant.assignmentName === undefined) return {};
  return {
    import: assignmentId(grant.scope, grant.assignmentName),
    ignoreChanges: [...ADOPTED_ASSIGNMENT_IGNORED_INPUTS],
  };
}

/** Inputs an adopted assignment keeps as Azure has them (see `adoption`). */
export const ADOPTED_ASSIGNMENT_IGNORED_INPUTS = [
  ...ROLE_ASSIGNMENT_IGNORED_INPUTS,
  "description",
] as const;

/**
 * The invitation's `message` block. Its presence is what makes Microsoft send the email, so it is set only
 * when sending is on. With neither a custom body nor a language, Microsoft's standard text in en-US (Graph's
 * own default) is named explicitly, so the block is never empty.
 */
export function invitationMessage(
  invitation: InvitationSpec,
): azuread.types.input.InvitationMessage | undefined {
  if (!invitation.send) return undefined;
  return {
    ...(invitation.message !== undefined
      ? { body: invitation.message }
      : { language: invitation.language ?? "en-US" }),
    ...(invitation.cc !== undefined ? { additionalRecipients: invitation.cc } : {}),
  };
}

/** What a guest's spec declares, as the Guest registers it in its outputs. */
export function guestDeclaration(spec: GuestSpec): GuestDeclaration {
  const grants = spec.grants.map((g) => ({ key: g.key, roleId: g.role.id, scope: g.scope }));
  return spec.invitation !== undefined
    ? { email: spec.email, invited: true, grants }
    : { email: spec.email, invited: false, objectId: spec.objectId, grants };
}
