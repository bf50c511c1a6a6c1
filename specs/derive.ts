/**
 * The pure functions a link may apply to another resource's output before it becomes an input. They are
 * named data rather than closures so a spec stays plain data: the component applies them to an `Output` at
 * deployment, and the offline plan knows that a derivation of an unknown value is unknown.
 */

import { roleAssignmentName } from "../azure/names";

/** A role assignment's name (a UUIDv5) from its principal, once the principal's object id is known. */
export interface RoleAssignmentNameDerivation {
  readonly kind: "roleAssignmentName";
  /** The normalised scope of the grant. */
  readonly scope: string;
  /** The role definition GUID. */
  readonly roleId: string;
}

/** Every derivation a link can name. */
export type Derivation = RoleAssignmentNameDerivation;

/** Applies a derivation to a known output value (the value itself without one). */
export function derive(derivation: Derivation | undefined, value: unknown): unknown {
  if (derivation === undefined) return value;
  switch (derivation.kind) {
    case "roleAssignmentName":
      return roleAssignmentName(derivation.scope, String(value), derivation.roleId);
  }
}
