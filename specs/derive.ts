/**
 * The pure functions a link may apply to another resource's output before it becomes an input. They are
 * named data rather than closures so a spec stays plain data: the component applies them to an `Output` at
 * deployment, and the offline plan knows that a derivation of an unknown value is unknown.
 */

import { deletedUserMessage } from "../azure/invitation";
import { roleAssignmentName } from "../azure/names";

/**
 * An invited user's object id, refused when empty: after the user is deleted outside the stack, a refresh
 * keeps the invitation with `userId: ""` (docs/providers.md), and every grant would be planned with an empty
 * principal. The error names the guest and the recovery.
 */
export interface InvitedUserDerivation {
  readonly kind: "invitedUser";
  /** The guest's normalised email, for the message. */
  readonly email: string;
}

/** A role assignment's name (a UUIDv5) from its principal, once the principal's object id is known. */
export interface RoleAssignmentNameDerivation {
  readonly kind: "roleAssignmentName";
  /** The normalised scope of the grant. */
  readonly scope: string;
  /** The role definition GUID. */
  readonly roleId: string;
}

/** Every derivation a link can name. */
export type Derivation = InvitedUserDerivation | RoleAssignmentNameDerivation;

/** What a derivation may know besides the value: the URN of the resource whose output it is. */
export interface DerivationContext {
  readonly urn: string;
}

/** A derivation refused the value; the program stops with this message and registers nothing more. */
export class DerivationError extends Error {
  override readonly name = "DerivationError";
}

/** Applies derivations in order to a known output value (the value itself without any). */
export function derive(
  derivations: readonly Derivation[],
  value: unknown,
  context: DerivationContext,
): unknown {
  let out = value;
  for (const derivation of derivations) {
    switch (derivation.kind) {
      case "invitedUser":
        if (out === "")
          throw new DerivationError(deletedUserMessage(derivation.email, context.urn));
        break;
      case "roleAssignmentName":
        out = roleAssignmentName(derivation.scope, String(out), derivation.roleId);
        break;
    }
  }
  return out;
}
