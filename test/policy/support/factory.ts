/**
 * A happy-path guest as the engine sees it (a `Guest` component, its Invitation, its role assignments), in
 * preview (the invited user's id unknown) or in update mode (known). Tests change one field per case.
 */

import { GUEST_COMPONENT_TYPE, INVITATION_TYPE, ROLE_ASSIGNMENT_TYPE } from "../../../azure/tokens";
import { UNKNOWN } from "../../../azure/unknown";
import type { PolicyInputResource } from "../../../policy/evaluate";

/** The subscription the test config allows. */
export const SUBSCRIPTION = "3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b";
/** A resource group inside it that the test config allows. */
export const ALLOWED_GROUP = `/subscriptions/${SUBSCRIPTION}/resourceGroups/shop-prod`;
/** A subscription nothing allows. */
export const OTHER_SUBSCRIPTION = "11111111-2222-4333-8444-555555555555";

/** Role GUIDs tests use. */
export const ROLES = {
  reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  userAccessAdministrator: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
  rbacAdministrator: "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
  reservationsAdministrator: "a8889054-8d42-49c9-bc1c-52486c10e7cd",
  keyVaultDataAccessAdministrator: "8b54135c-b56d-4d72-a534-26097cfdc8d8",
  websiteContributor: "de139f84-1756-47ae-9be6-808fbbe84772",
  custom: "6a9f3c2e-4b1d-4e7a-8c5f-1d2e3f4a5b6c",
} as const;

/** The date the test config judges expiries against. */
export const TODAY = "2026-11-26";

/** Everything a test may vary about one guest. */
export interface GuestCase {
  readonly email: string;
  readonly sponsor: string;
  readonly reason: string;
  readonly expires?: string;
  /** Invited (an Invitation is the principal) or an existing user referenced by object id. */
  readonly invited: boolean;
  readonly objectId: string;
  readonly redirectUrl: string;
  readonly roleId: string;
  readonly roleDefinitionId?: string;
  readonly scope: string;
  readonly principalType: unknown;
  readonly grantExpires?: string;
  /** The role assignment's type token (default: azure-native's unversioned one). */
  readonly assignmentType?: string;
}

/** A guest that passes every guardrail of the test config. */
export function happyGuest(): GuestCase {
  return {
    email: "alice@contoso.example",
    sponsor: "bob@ourcorp.example",
    reason: "Q3 audit",
    expires: "2027-03-31",
    invited: true,
    objectId: "2b7e4c1a-9d3f-4a6b-8e2c-5f1d7a9b3c4e",
    redirectUrl: "https://portal.azure.com",
    roleId: ROLES.reader,
    scope: ALLOWED_GROUP,
    principalType: "User",
  };
}

/** Preview: new resources' outputs are unknown; update: they are known. */
export type Mode = "preview" | "update";

const PREFIX = "urn:pulumi:dev::guest-access::";

/** The URN of a Guest component. */
export function guestUrn(email: string): string {
  return `${PREFIX}${GUEST_COMPONENT_TYPE}::${email}`;
}

/** The URN of a guest's invitation. */
export function invitationUrn(email: string): string {
  return `${PREFIX}${GUEST_COMPONENT_TYPE}$${INVITATION_TYPE}::${email}-invitation`;
}

/** The URN of a role assignment declared by a Guest. */
export function grantUrn(email: string, n = 0, type = ROLE_ASSIGNMENT_TYPE): string {
  return `${PREFIX}${GUEST_COMPONENT_TYPE}$${type}::${email}-grant-${n}`;
}

/** The id an invited user gets in update mode. */
export function invitedUserId(email: string): string {
  return `9f0e${email.length.toString(16).padStart(4, "0")}-0000-4000-8000-000000000001`;
}

/**
 * What the Guest registers as its outputs (its stack view): the declaration of `azure/guest-declaration.ts`
 * and `principalId`, unknown in preview for an invited guest.
 */
export function guestOutputs(c: GuestCase, mode: Mode): Record<string, unknown> {
  return {
    email: c.email,
    grants: [{ key: `${c.roleId} ${c.scope}`, roleId: c.roleId, scope: c.scope }],
    invited: c.invited,
    ...(c.invited ? {} : { objectId: c.objectId }),
    principalId: c.invited ? (mode === "preview" ? UNKNOWN : invitedUserId(c.email)) : c.objectId,
  };
}

/** The Guest component (inputs and outputs), its invitation (when invited) and one role assignment. */
export function guestResources(c: GuestCase, mode: Mode): PolicyInputResource[] {
  const roleDefinitionId =
    c.roleDefinitionId ?? `/providers/Microsoft.Authorization/roleDefinitions/${c.roleId}`;
  const component: PolicyInputResource = {
    urn: guestUrn(c.email),
    type: GUEST_COMPONENT_TYPE,
    name: c.email,
    props: {
      email: c.email,
      displayName: "A Guest",
      sponsor: c.sponsor,
      reason: c.reason,
      ...(c.expires !== undefined ? { expires: c.expires } : {}),
      ...(c.invited
        ? { invitation: { redirectUrl: c.redirectUrl, send: true } }
        : { objectId: c.objectId }),
      onRemove: "keep-user",
      grants: [
        {
          key: `${c.roleId} ${c.scope}`,
          role: { id: c.roleId, name: "Role", builtIn: true },
          roleDefinitionId,
          scope: c.scope,
          ...((c.grantExpires ?? c.expires) ? { expires: c.grantExpires ?? c.expires } : {}),
          description: "guest-access test",
        },
      ],
    },
    outputs: guestOutputs(c, mode),
  };
  const resources: PolicyInputResource[] = [component];
  let principalId: string = c.objectId;
  let principalDependencies: string[] = [];
  if (c.invited) {
    resources.push({
      urn: invitationUrn(c.email),
      type: INVITATION_TYPE,
      name: `${c.email}-invitation`,
      parent: component.urn,
      props: {
        userEmailAddress: c.email,
        userDisplayName: "A Guest",
        userType: "Guest",
        redirectUrl: c.redirectUrl,
        ...(mode === "update" ? { userId: invitedUserId(c.email) } : {}),
      },
    });
    principalId = mode === "preview" ? UNKNOWN : invitedUserId(c.email);
    principalDependencies = [invitationUrn(c.email)];
  }
  resources.push({
    urn: grantUrn(c.email, 0, c.assignmentType),
    type: c.assignmentType ?? ROLE_ASSIGNMENT_TYPE,
    name: `${c.email}-grant-0`,
    parent: component.urn,
    dependencies: principalDependencies,
    propertyDependencies: {
      principalId: principalDependencies,
      roleDefinitionId: [],
      scope: [],
      principalType: [],
    },
    props: {
      principalId,
      principalType: c.principalType,
      roleDefinitionId,
      scope: c.scope,
      roleAssignmentName:
        mode === "preview" && c.invited ? UNKNOWN : "487fa7d2-aaf2-56c4-916d-c2bf64ca817e",
      description: "guest-access test",
    },
  });
  return resources;
}

/** A role assignment declared at the top of the program (no Guest parent) for a guest's principal. */
export function bypassAssignment(
  c: GuestCase,
  mode: Mode,
  overrides: {
    roleId?: string;
    scope?: string;
    principalType?: unknown;
    viaDependency?: boolean;
    type?: string;
  } = {},
): PolicyInputResource {
  const viaDependency = overrides.viaDependency ?? true;
  const roleId = overrides.roleId ?? c.roleId;
  const principalId = viaDependency
    ? mode === "preview"
      ? UNKNOWN
      : invitedUserId(c.email)
    : c.objectId;
  const dependencies = viaDependency ? [invitationUrn(c.email)] : [];
  const type = overrides.type ?? ROLE_ASSIGNMENT_TYPE;
  return {
    urn: `${PREFIX}${type}::sneaky-${c.email}`,
    type,
    name: `sneaky-${c.email}`,
    dependencies,
    propertyDependencies: { principalId: dependencies },
    props: {
      principalId,
      principalType: "principalType" in overrides ? overrides.principalType : "User",
      roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${roleId}`,
      scope: overrides.scope ?? c.scope,
    },
  };
}

/**
 * A resource of any type declared at the top of the program whose `property` is the guest's principal: from
 * the Invitation (a dependency) when invited, else the guest's object id as a literal.
 */
export function guestReference(
  c: GuestCase,
  mode: Mode,
  type: string,
  property: string,
  props: Record<string, unknown> = {},
): PolicyInputResource {
  const dependencies = c.invited ? [invitationUrn(c.email)] : [];
  const value = c.invited ? (mode === "preview" ? UNKNOWN : invitedUserId(c.email)) : c.objectId;
  return {
    urn: `${PREFIX}${type}::side-door-${c.email}`,
    type,
    name: `side-door-${c.email}`,
    dependencies,
    propertyDependencies: { [property]: dependencies },
    props: { ...props, [property]: value },
  };
}
