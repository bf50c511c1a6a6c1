/**
 * The pure functions a link may apply to another resource's output before it becomes an input. They are
 * named data rather than closures so a spec stays plain data: the component applies them to an `Output` at
 * deployment, and the offline plan knows that a derivation of an unknown value is unknown.
 */

import { deletedUserMessage } from "../azure/invitation";
import { roleAssignmentName } from "../azure/names";
import { UNKNOWN } from "../azure/unknown";

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

/**
 * One guest's or group's object id out of another stack's output map (`principalIds` or `groupIds` of the
 * identities stack, read through a `StackReference`). One the identities stack does not hold yet (added in
 * the same change, before the identities stack was deployed) is unknown in a preview, like a new invitation's
 * `userId`, and refused in an update, naming the stack to deploy first: granting to nobody is never an option.
 */
export interface StackOutputEntryDerivation {
  readonly kind: "stackOutputEntry";
  /** The key in the map: the guest's normalised email, or the group's name. */
  readonly key: string;
  /** Whose object id it is, for the message; a guest's when absent. */
  readonly holder?: "guest" | "group";
  /** The referenced stack (`org/project/stack`), for the message. */
  readonly stack: string;
  /** The stack output holding the map, for the message. */
  readonly output: string;
}

/** Every derivation a link can name. */
export type Derivation =
  InvitedUserDerivation | RoleAssignmentNameDerivation | StackOutputEntryDerivation;

/**
 * What a derivation may know besides the value: the URN of the resource whose output it is, and whether
 * this is a preview (where a value still to come is unknown rather than an error).
 */
export interface DerivationContext {
  readonly urn: string;
  readonly preview?: boolean;
}

/** The message of a guest or group missing from the identities stack's output in an update. */
export function missingIdentityMessage(derivation: StackOutputEntryDerivation): string {
  return (
    `${derivation.holder ?? "guest"} ${derivation.key} has no object id in the output ${derivation.output} of the identities stack ` +
    `${derivation.stack}: deploy that stack first (pulumi up --stack ${derivation.stack}), then this one; ` +
    "nothing was granted"
  );
}

/** A derivation refused the value; the program stops with this message and registers nothing more. */
export class DerivationError extends Error {
  override readonly name = "DerivationError";
}

/**
 * Applies derivations in order to a known output value (the value itself without any). A value that turns
 * out to be unknown (`UNKNOWN`, only in a preview) stays unknown through the remaining derivations.
 */
export function derive(
  derivations: readonly Derivation[],
  value: unknown,
  context: DerivationContext,
): unknown {
  let out = value;
  for (const derivation of derivations) {
    if (out === UNKNOWN) return UNKNOWN;
    switch (derivation.kind) {
      case "invitedUser":
        if (out === "")
          throw new DerivationError(deletedUserMessage(derivation.email, context.urn));
        break;
      case "roleAssignmentName":
        out = roleAssignmentName(derivation.scope, String(out), derivation.roleId);
        break;
      case "stackOutputEntry": {
        const entry =
          typeof out === "object" && out !== null && Object.hasOwn(out, derivation.key)
            ? (out as Record<string, unknown>)[derivation.key]
            : undefined;
        if (typeof entry === "string" && entry !== "") out = entry;
        else if (context.preview) return UNKNOWN;
        else throw new DerivationError(missingIdentityMessage(derivation));
        break;
      }
    }
  }
  return out;
}
