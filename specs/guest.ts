/**
 * The resources one guest yields, as a pure function of its resolved spec: the `Guest` component, its
 * invitation (unless the guest is an existing user) and one role assignment per active grant. Every name,
 * input, option and component output the program registers for a guest is decided here and nowhere else.
 */

import type { GuestSpec, InvitationSpec } from "../access/model";
import type { GuestDeclaration } from "../azure/guest-declaration";
import { INVITATION_IGNORED_INPUTS } from "../azure/invitation";
import { invitationName, membershipResourceName } from "../azure/names";
import { GROUP_MEMBER_TYPE, GUEST_COMPONENT_TYPE, INVITATION_TYPE } from "../azure/tokens";
import { groupSpecId } from "./group";
import { identityLink, type IdentitiesSource } from "./identities";
import { roleAssignmentResource, type RoleAssignmentResourceSpec } from "./role-assignment";
import { specId, type ComponentSpec, type OutputLink, type ResourceSpec } from "./resource";
import { isIdentityResourceType } from "./stack-part";

export {
  ADOPTED_ASSIGNMENT_IGNORED_INPUTS,
  roleAssignmentOptions,
  type RoleAssignmentInputs,
  type RoleAssignmentResourceSpec,
} from "./role-assignment";

/** The invitation's `message` block, as `@pulumi/azuread` takes it. */
export interface InvitationMessageInputs {
  readonly body?: string;
  readonly language?: string;
  readonly additionalRecipients?: string;
}

/** The inputs of an `azuread.Invitation`, named as the SDK names them. */
export interface InvitationInputs {
  readonly userEmailAddress: string;
  readonly userDisplayName: string;
  readonly userType: "Guest";
  readonly redirectUrl: string;
  readonly message?: InvitationMessageInputs;
}

/** The `Guest` component: its inputs are the guest's spec itself (plain data policies read). */
export type GuestComponentSpec = ComponentSpec<typeof GUEST_COMPONENT_TYPE, GuestSpec>;

/** A guest's invitation. */
export type InvitationResourceSpec = ResourceSpec<typeof INVITATION_TYPE, InvitationInputs>;

/** The inputs of an `azuread.GroupMember`: both are object ids, and both force a replacement. */
export interface GroupMemberInputs {
  readonly groupObjectId?: string;
  readonly memberObjectId?: string;
}

/** One of a guest's group memberships. */
export type GroupMemberResourceSpec = ResourceSpec<typeof GROUP_MEMBER_TYPE, GroupMemberInputs>;

/** A resource under a guest's component. */
export type GuestChildSpec =
  InvitationResourceSpec | RoleAssignmentResourceSpec | GroupMemberResourceSpec;

/** Everything one guest yields. */
export interface GuestResources {
  /** The component. */
  readonly component: GuestComponentSpec;
  /**
   * Its children, in registration order: a link only ever points at a child before it (or at a resource
   * outside the guest, registered before the guest).
   */
  readonly children: readonly GuestChildSpec[];
}

/**
 * The invitation's `message` block. Its presence is what makes Microsoft send the email, so it is set only
 * when sending is on. With neither a custom body nor a language, Microsoft's standard text in en-US (Graph's
 * own default) is named explicitly, so the block is never empty.
 */
export function invitationMessage(invitation: InvitationSpec): InvitationMessageInputs | undefined {
  if (!invitation.send) return undefined;
  return {
    ...(invitation.message !== undefined
      ? { body: invitation.message }
      : { language: invitation.language ?? "en-US" }),
    ...(invitation.cc !== undefined ? { additionalRecipients: invitation.cc } : {}),
  };
}

/**
 * What a guest's spec declares, as the Guest registers it in its outputs (`azure/guest-declaration.ts`): the
 * engine shows stack policies a component's outputs, not its inputs, and `guest-grant-declared-by-guest`
 * checks the Guest's children against them.
 */
export function guestDeclaration(spec: GuestSpec, identities?: IdentitiesSource): GuestDeclaration {
  const grants = spec.grants.map((g) => ({ key: g.key, roleId: g.role.id, scope: g.scope }));
  const memberOf = spec.memberOf ? { memberOf: [...spec.memberOf] } : {};
  if (spec.invitation === undefined)
    return { email: spec.email, invited: false, objectId: spec.objectId, grants, ...memberOf };
  return identities
    ? { email: spec.email, invited: true, identitiesStack: identities.stack, grants, ...memberOf }
    : { email: spec.email, invited: true, grants, ...memberOf };
}

/**
 * Where a grants stack reads an invited guest's object id: the identities stack's `principalIds` output,
 * through the `StackReference` spec `from` (registered before any guest; see `stack-specs.ts`).
 */
export type { IdentitiesSource } from "./identities";

/**
 * The resources of one guest. The component's logical name is the guest's normalised email. With
 * `identities` (a grants stack), an invited guest's invitation is not here: it is the identities stack's, and
 * the role assignments take the object id from that stack's output.
 */
export function guestResources(guest: GuestSpec, identities?: IdentitiesSource): GuestResources {
  const name = guest.email;
  const componentId = specId(GUEST_COMPONENT_TYPE, name);
  const invitation =
    guest.invitation !== undefined
      ? invitationResource(guest, guest.invitation, componentId)
      : undefined;
  // The guest's object id: the invitation's userId once it exists (refused when a refresh emptied it, see
  // `derive.ts`), the identities stack's output for this guest, or the existing user's objectId.
  const principal: { readonly link: OutputLink } | { readonly id: string } =
    guest.invitation === undefined
      ? { id: guest.objectId }
      : identities
        ? { link: identityLink(identities, guest.email, "guest") }
        : {
            link: {
              from: specId(INVITATION_TYPE, invitationName(name)),
              output: "userId",
              derive: [{ kind: "invitedUser", email: guest.email }],
            },
          };
  const roleAssignments = guest.grants.map((grant) =>
    roleAssignmentResource(name, grant, principal, componentId, "User"),
  );
  const memberships = (guest.memberOf ?? []).map((group) =>
    membershipResource(name, group, principal, componentId),
  );
  const component: GuestComponentSpec = {
    id: componentId,
    type: GUEST_COMPONENT_TYPE,
    name,
    custom: false,
    inputs: guest,
    links: {},
    options: {},
    // What this Guest holds, for the stack view, and its principal beside it.
    outputs: {
      ...guestDeclaration(guest, guest.invitation !== undefined ? identities : undefined),
      ...("id" in principal ? { principalId: principal.id } : {}),
    },
    outputLinks: "link" in principal ? { principalId: principal.link } : {},
  };
  return {
    component,
    // In a grants stack the identity resources are the identities stack's (`stack-part.ts` says which).
    children: [...(invitation ? [invitation] : []), ...roleAssignments, ...memberships].filter(
      (c) => !identities || !isIdentityResourceType(c.type),
    ),
  };
}

/**
 * A guest's membership in a declared group: the group's object id (a link to the group's resource, declared
 * before any guest) and the guest's. Removing the guest from the group removes only this resource.
 */
function membershipResource(
  guestName: string,
  group: string,
  principal: { readonly link: OutputLink } | { readonly id: string },
  parent: string,
): GroupMemberResourceSpec {
  const name = membershipResourceName(guestName, group);
  return {
    id: specId(GROUP_MEMBER_TYPE, name),
    type: GROUP_MEMBER_TYPE,
    name,
    custom: true,
    parent,
    inputs: "id" in principal ? { memberObjectId: principal.id } : {},
    links: {
      groupObjectId: { from: groupSpecId(group), output: "objectId" },
      ...("link" in principal ? { memberObjectId: principal.link } : {}),
    },
    options: {},
  };
}

function invitationResource(
  guest: GuestSpec,
  invitation: InvitationSpec,
  parent: string,
): InvitationResourceSpec {
  const name = invitationName(guest.email);
  const message = invitationMessage(invitation);
  return {
    id: specId(INVITATION_TYPE, name),
    type: INVITATION_TYPE,
    name,
    custom: true,
    parent,
    inputs: {
      userEmailAddress: guest.email,
      userDisplayName: guest.displayName,
      userType: "Guest",
      redirectUrl: invitation.redirectUrl,
      ...(message ? { message } : {}),
    },
    links: {},
    options: {
      // The redeem URL is a ticket to the guest's account: keep it out of logs and state in clear text.
      additionalSecretOutputs: ["redeemUrl"],
      // Cosmetic inputs, and the email a refresh overwrites with Graph's mail: see INVITATION_IGNORED_INPUTS.
      ignoreChanges: [...INVITATION_IGNORED_INPUTS],
      // Deleting an invitation deletes the user; with keep-user, leaving the file removes only the grants.
      retainOnDelete: guest.onRemove === "keep-user",
    },
  };
}
