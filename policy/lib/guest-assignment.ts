/**
 * Deciding that a role assignment is a guest's, from what is known during preview as well as during an
 * update: the type of its parent component, and which resources its `principalId` depends on. The value of
 * `principalId` is used only as extra evidence when it is known, never to decide that something is *not* a
 * guest's assignment.
 */

import type { PolicyResource } from "@pulumi/policy";
import { GROUP_COMPONENT_TYPE, GUEST_COMPONENT_TYPE, INVITATION_TYPE } from "../../azure/tokens";
import { knownString } from "./known";
import { isRoleAssignmentType } from "../../azure/tokens";
import { nameOfUrn, parentTypeOfUrn, typeOfUrn } from "../../azure/urn";

/** Whether a resource's parent is a `Guest` component: from `opts.parent`, or from its URN's type chain. */
export function isUnderGuestComponent(urn: string, parentUrn: string | undefined): boolean {
  if (parentUrn !== undefined && typeOfUrn(parentUrn) === GUEST_COMPONENT_TYPE) return true;
  return parentTypeOfUrn(urn) === GUEST_COMPONENT_TYPE;
}

/** Whether a resource's parent is a `Group` component: from `opts.parent`, or from its URN's type chain. */
export function isUnderGroupComponent(urn: string, parentUrn: string | undefined): boolean {
  if (parentUrn !== undefined && typeOfUrn(parentUrn) === GROUP_COMPONENT_TYPE) return true;
  return parentTypeOfUrn(urn) === GROUP_COMPONENT_TYPE;
}

/**
 * Who a role assignment under a `Guest` or `Group` component is for, as messages name it (`guest <email>`,
 * `group <name>`), and which kind of holder that is; undefined for any other assignment.
 */
export function holderOfChild(
  urn: string,
  parentUrn: string | undefined,
): { readonly kind: "guest" | "group"; readonly who: string } | undefined {
  if (isUnderGuestComponent(urn, parentUrn))
    return { kind: "guest", who: `guest ${guestOfChild(urn, parentUrn)}` };
  if (isUnderGroupComponent(urn, parentUrn))
    return { kind: "group", who: `group ${guestOfChild(urn, parentUrn)}` };
  return undefined;
}

/** The guest a component child belongs to: the `Guest` component's logical name, which is the email. */
export function guestOfChild(urn: string, parentUrn: string | undefined): string {
  return parentUrn !== undefined ? nameOfUrn(parentUrn) : nameOfUrn(urn);
}

/** A role assignment in the stack whose principal is an invited or declared guest. */
export interface GuestPrincipalAssignment {
  /** The role assignment. */
  readonly resource: PolicyResource;
  /** Who the principal is, for messages (the invited email, or the guest's declared email). */
  readonly guest: string;
  /** Whether a `Guest` component declared it. */
  readonly viaGuestComponent: boolean;
  /** How the principal was recognised, for messages. */
  readonly evidence: string;
}

/** What the stack says about guests' principals: invitations by URN, and known object ids by value. */
interface GuestIndex {
  readonly invitationEmails: ReadonlyMap<string, string>;
  readonly objectIdGuests: ReadonlyMap<string, string>;
}

function indexGuests(resources: readonly PolicyResource[]): GuestIndex {
  const invitationEmails = new Map<string, string>();
  const objectIdGuests = new Map<string, string>();
  for (const resource of resources) {
    if (resource.type === INVITATION_TYPE) {
      const email = knownString(() => resource.props.userEmailAddress) ?? resource.name;
      invitationEmails.set(resource.urn, email);
      // After an update the invited user's id is known: an assignment that copied it is a guest's too.
      const userId = knownString(() => resource.props.userId);
      if (userId) objectIdGuests.set(userId.toLowerCase(), email);
    } else if (resource.type === GUEST_COMPONENT_TYPE) {
      const email = knownString(() => resource.props.email) ?? resource.name;
      // A stack policy sees a component's outputs in the engine (its `principalId`) and its inputs in a
      // capture (`objectId`): either names the guest's user object when known.
      for (const id of [
        knownString(() => resource.props.objectId),
        knownString(() => resource.props.principalId),
      ]) {
        if (id) objectIdGuests.set(id.toLowerCase(), email);
      }
    }
  }
  return { invitationEmails, objectIdGuests };
}

function principalOf(
  resource: PolicyResource,
  index: GuestIndex,
): { guest: string; evidence: string } | undefined {
  for (const dependency of resource.propertyDependencies.principalId ?? []) {
    const email = index.invitationEmails.get(dependency.urn);
    if (email !== undefined)
      return { guest: email, evidence: `its principalId comes from invitation ${dependency.name}` };
  }
  // Known only after an update, or for guests referenced by object id; unknown values decide nothing.
  const principalId = knownString(() => resource.props.principalId)?.toLowerCase();
  const email = principalId === undefined ? undefined : index.objectIdGuests.get(principalId);
  if (email !== undefined)
    return { guest: email, evidence: `its principalId ${principalId} is the guest's object id` };
  return undefined;
}

/**
 * Every role assignment in the stack whose principal is a guest: assignments under a `Guest` component, and
 * any other whose `principalId` depends on an Invitation or equals a guest's known object id.
 */
export function guestPrincipalAssignments(
  resources: readonly PolicyResource[],
): GuestPrincipalAssignment[] {
  const index = indexGuests(resources);
  const found: GuestPrincipalAssignment[] = [];
  for (const resource of resources) {
    if (!isRoleAssignmentType(resource.type)) continue;
    const parentUrn = resource.parent?.urn ?? resource.opts.parent;
    if (isUnderGuestComponent(resource.urn, parentUrn)) {
      found.push({
        resource,
        guest: guestOfChild(resource.urn, parentUrn),
        viaGuestComponent: true,
        evidence: "a Guest component declares it",
      });
      continue;
    }
    const principal = principalOf(resource, index);
    if (principal) found.push({ resource, ...principal, viaGuestComponent: false });
  }
  return found;
}

/** Why a stack policy on bypasses did not apply: nothing outside a Guest has a guest as principal. */
export const NO_BYPASS = "no role assignment outside a Guest component has a guest as principal";

/** The guest role assignments that no `Guest` component declares: bypasses of the component. */
export function bypassAssignments(
  resources: readonly PolicyResource[],
): GuestPrincipalAssignment[] {
  return guestPrincipalAssignments(resources).filter((a) => !a.viaGuestComponent);
}

/** A resource outside every `Guest` component that refers to a guest: how access could bypass the component. */
export interface GuestReference {
  /** The resource (any type: a PIM eligibility, a directory role, a group membership, …). */
  readonly resource: PolicyResource;
  /** Who the guest is, for messages. */
  readonly guest: string;
  /** How the reference was recognised, for messages. */
  readonly evidence: string;
}

function referenceOf(
  resource: PolicyResource,
  index: GuestIndex,
): { guest: string; evidence: string } | undefined {
  for (const [key, dependencies] of Object.entries(resource.propertyDependencies)) {
    for (const dependency of dependencies) {
      const email = index.invitationEmails.get(dependency.urn);
      if (email !== undefined)
        return { guest: email, evidence: `its ${key} comes from invitation ${dependency.name}` };
    }
  }
  // A guest referenced by object id has no invitation to depend on: a known top-level value naming the
  // guest's user object is the evidence (principalId, memberObjectId, principalObjectId, …).
  for (const key of Object.keys(resource.props)) {
    const value = knownString(() => resource.props[key])?.toLowerCase();
    const email = value === undefined ? undefined : index.objectIdGuests.get(value);
    if (email !== undefined)
      return { guest: email, evidence: `its ${key} ${value} is the guest's object id` };
  }
  return undefined;
}

/**
 * Every resource outside a `Guest` component, other than the role assignments `bypassAssignments` finds,
 * whose inputs depend on a guest's Invitation (on any property) or name a guest's known object id. Invitations
 * themselves and the engine's own resources (`pulumi:*`: the stack, providers) are not references.
 */
export function guestReferencesOutsideGuests(
  resources: readonly PolicyResource[],
): GuestReference[] {
  const index = indexGuests(resources);
  const found: GuestReference[] = [];
  for (const resource of resources) {
    if (
      resource.type === GUEST_COMPONENT_TYPE ||
      resource.type === INVITATION_TYPE ||
      resource.type.startsWith("pulumi:")
    )
      continue;
    if (isUnderGuestComponent(resource.urn, resource.parent?.urn ?? resource.opts.parent)) continue;
    if (isRoleAssignmentType(resource.type) && principalOf(resource, index)) continue;
    const reference = referenceOf(resource, index);
    if (reference) found.push({ resource, ...reference });
  }
  return found;
}
