/**
 * Names and texts derived from content, never from positions: logical resource names, role assignment
 * GUIDs and descriptions. Reordering or re-casing the declaration changes none of them.
 */

import { createHash } from "node:crypto";
import { v5 as uuidv5 } from "uuid";

/**
 * The namespace of every role assignment name this project generates. Fixed forever: changing it renames
 * (and so re-creates) every role assignment in every stack.
 */
export const ROLE_ASSIGNMENT_NAMESPACE = "4c1f5a3e-8d2b-5e6f-9a7c-0b1d2e3f4a5b";

/**
 * The role assignment's name (a GUID, as ARM requires), as a UUIDv5 over the normalised scope, the principal
 * and the role GUID. Re-running after a partial failure PUTs the same assignment instead of failing with
 * 409 RoleAssignmentExists, and another deployment of the same grant names it the same.
 */
export function roleAssignmentName(scope: string, principalId: string, roleId: string): string {
  return uuidv5(
    `${scope.toLowerCase()}|${principalId.toLowerCase()}|${roleId.toLowerCase()}`,
    ROLE_ASSIGNMENT_NAMESPACE,
  );
}

/**
 * The ARM id of the role assignment `name` at a normalised `scope`: what azure-native's RoleAssignment takes
 * as its import id (`/{scope}/providers/Microsoft.Authorization/roleAssignments/{roleAssignmentName}`).
 */
export function assignmentId(scope: string, name: string): string {
  return `${scope === "/" ? "" : scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
}

/** A short, stable hash of a text, for logical names. */
export function shortHash(text: string, length = 12): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** The key of a grant within its guest: role GUID and normalised scope. */
export function grantKey(roleId: string, scope: string): string {
  return `${roleId} ${scope}`;
}

/** The logical name of a guest's invitation. */
export function invitationName(guestName: string): string {
  return `${guestName}-invitation`;
}

/** The logical name of a guest's role assignment: a hash of the grant key, so it survives reorders and renames of roles. */
export function grantResourceName(guestName: string, key: string): string {
  return `${guestName}-grant-${shortHash(key)}`;
}

/** The prefix of every group's Entra ID display name: `guest-access-<name>`. Fixed: a rename updates every group. */
export const GROUP_DISPLAY_NAME_PREFIX = "guest-access-";

/** A group's Entra ID display name. */
export function groupDisplayName(groupName: string): string {
  return `${GROUP_DISPLAY_NAME_PREFIX}${groupName}`;
}

/** The logical name of a group's `azuread.Group` under its component. */
export function groupResourceName(groupName: string): string {
  return `${groupName}-group`;
}

/**
 * The logical name of a guest's membership in a group, under the guest's component. A group's name is its
 * identity (lower-case, no `@`), so it cannot collide with a grant's hashed name.
 */
export function membershipResourceName(guestName: string, groupName: string): string {
  return `${guestName}-member-${groupName}`;
}

/**
 * What a role assignment description names as its holder: a guest's email, or `group <name>` for a group's
 * grant (each member is listed in the group, not on the assignment).
 */
export function groupHolder(groupName: string): string {
  return `group ${groupName}`;
}

/**
 * The group's Entra ID description: the declaration it comes from and who vouches. Short and of bounded
 * length on purpose (a name of at most 64 characters, an email of at most 254): Microsoft Graph documents no
 * limit for a group's description, and the reason and ticket are on every role assignment of the group
 * already (2 KB, `grantDescription`).
 */
export function groupDescription(parts: {
  readonly name: string;
  readonly sponsor: string;
}): string {
  return `guest-access: groups.${parts.name} of the access declaration; sponsor: ${parts.sponsor}`;
}

/** Azure's limit on a role assignment description. */
export const DESCRIPTION_MAX_BYTES = 2048;

/** The parts of a role assignment description. */
export interface DescriptionParts {
  readonly email: string;
  readonly reason: string;
  readonly sponsor: string;
  readonly ticket?: string;
  readonly expires?: string;
}

/**
 * The role assignment description: who, why, who vouches, the ticket and the expiry, so whoever finds the
 * assignment in the portal knows where it came from. Cut to Azure's 2 KB (by UTF-8 bytes, at a character
 * boundary) with an ellipsis.
 */
export function grantDescription(parts: DescriptionParts): string {
  return truncateUtf8(fullDescription(parts), DESCRIPTION_MAX_BYTES);
}

/** The description before it is cut to Azure's limit: what the declaration's rules measure. */
export function fullDescription(parts: DescriptionParts): string {
  const fields = [
    `guest-access: ${parts.email}`,
    `reason: ${parts.reason}`,
    `sponsor: ${parts.sponsor}`,
    ...(parts.ticket ? [`ticket: ${parts.ticket}`] : []),
    ...(parts.expires ? [`expires: ${parts.expires}`] : []),
  ];
  return fields.join("; ");
}

function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, "utf8") <= maxBytes) return text;
  const ellipsis = "…";
  let out = "";
  let used = Buffer.byteLength(ellipsis, "utf8");
  for (const char of text) {
    const size = Buffer.byteLength(char, "utf8");
    if (used + size > maxBytes) break;
    out += char;
    used += size;
  }
  return out + ellipsis;
}
