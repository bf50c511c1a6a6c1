/**
 * What the guest policies read from an `azure-native:authorization:RoleAssignment`: the role, the scope and
 * the principal type. The principal's id is never read: a new guest's id is unknown during preview.
 */

import { roleGuidOf } from "../../azure/roles";

/** A role assignment's inputs as policies see them (through the engine's unknown-checking proxy). */
export interface RoleAssignmentProps {
  readonly roleDefinitionId?: unknown;
  readonly scope?: unknown;
  readonly principalType?: unknown;
  readonly principalId?: unknown;
}

/** The facts a guest policy checks about one role assignment, with who it is for. */
export interface GuestRoleAssignment {
  /** The assignment's URN. */
  readonly urn: string;
  /** Who the guest is, for messages: the guest's email (its logical name) or the invitation's; for a group's grant, the group's name. */
  readonly guest: string;
  /** Who holds the assignment, as messages name it: `guest <email>` or `group <name>`. */
  readonly who: string;
  /** A guest's own assignment, or a group's (whose every member gets it). */
  readonly holder: "guest" | "group";
  /** Whether it was declared by a `Guest` component (false: it bypasses one, see `guest-grant-only-in-guest-component`). */
  readonly viaGuestComponent: boolean;
  /** The inputs, read lazily so that a check touches only what it needs. */
  readonly props: RoleAssignmentProps;
}

/** The role GUID of an assignment, or undefined when `roleDefinitionId` is not a role definition ID. */
export function assignedRoleGuid(props: RoleAssignmentProps): string | undefined {
  const id = props.roleDefinitionId;
  return typeof id === "string" ? roleGuidOf(id) : undefined;
}

/** The assignment's scope as written, or undefined when it is not a string. */
export function assignedScope(props: RoleAssignmentProps): string | undefined {
  return typeof props.scope === "string" ? props.scope : undefined;
}

/** The violation for an assignment whose `roleDefinitionId` names no role: it cannot be judged, so it fails. */
export function notARoleDefinitionId(assignment: GuestRoleAssignment): string {
  return `${assignment.who}: roleDefinitionId ${JSON.stringify(assignment.props.roleDefinitionId)} is not a role definition ID`;
}
