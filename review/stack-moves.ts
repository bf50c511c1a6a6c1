/**
 * Grants that change stacks (a guest's or a group's): a grant that leaves this stack's part while the
 * declaration still holds it has
 * moved to another stack, and one that joins the part while the old declaration held it came from another.
 * Either is a deletion in one stack and a creation in another, of the same role assignment under the same
 * deterministic name: ARM refuses the creation while the first stack still holds it, and deleting first
 * leaves the guest without access until the second stack deploys. `diff` lists them with the safe order
 * (README, "Many stacks": adopt with `assignmentName`, forget in the old stack with `pulumi state delete`).
 */

import type { AccessModel } from "../access/model";
import { compareText } from "../azure/compare";

/** Whose grant moves: a guest's (by email) or a group's (by name). */
export type MovedHolder = { readonly email: string } | { readonly group: string };

/** One grant changing stacks. */
export type StackMove = MovedHolder & {
  /** The role's name. */
  readonly role: string;
  /** The normalised scope. */
  readonly scope: string;
  /** `out`: leaves this stack, still declared (another stack deploys it); `in`: joins from another stack. */
  readonly direction: "out" | "in";
};

type Grant = MovedHolder & { readonly role: string; readonly scope: string };

/** Who holds a moved grant, as the advice names it: the email, or `group <name>`. */
export function movedHolder(move: MovedHolder): string {
  return "email" in move ? move.email : `group ${move.group}`;
}

function grantsOf(model: AccessModel | undefined): Map<string, Grant> {
  const out = new Map<string, Grant>();
  for (const guest of model?.guests ?? [])
    for (const grant of guest.spec.grants)
      out.set(`${guest.spec.email} ${grant.key}`, {
        email: guest.spec.email,
        role: grant.role.name,
        scope: grant.scope,
      });
  // A group's name has no "@": its keys cannot collide with a guest's.
  for (const group of model?.groups ?? [])
    for (const grant of group.spec.grants)
      out.set(`${group.spec.name} ${grant.key}`, {
        group: group.spec.name,
        role: grant.role.name,
        scope: grant.scope,
      });
  return out;
}

/**
 * The moves between the old and new parts of one stack: `oldPart`/`newPart` are what the stack deploys,
 * `oldWhole`/`newWhole` the whole declaration on each side.
 */
export function stackMoves(
  oldPart: AccessModel | undefined,
  newPart: AccessModel | undefined,
  oldWhole: AccessModel | undefined,
  newWhole: AccessModel | undefined,
): StackMove[] {
  const [oldP, newP, oldW, newW] = [oldPart, newPart, oldWhole, newWhole].map(grantsOf) as [
    ReturnType<typeof grantsOf>,
    ReturnType<typeof grantsOf>,
    ReturnType<typeof grantsOf>,
    ReturnType<typeof grantsOf>,
  ];
  const moves: StackMove[] = [];
  for (const [key, g] of oldP)
    if (!newP.has(key) && newW.has(key)) moves.push({ ...g, direction: "out" });
  for (const [key, g] of newP)
    if (!oldP.has(key) && oldW.has(key)) moves.push({ ...g, direction: "in" });
  return moves.sort(
    (a, b) =>
      compareText(a.direction, b.direction) ||
      compareText(movedHolder(a), movedHolder(b)) ||
      compareText(a.scope, b.scope) ||
      compareText(a.role, b.role),
  );
}

/** What to do about the moves, one line each, for every printer. */
export function stackMoveAdvice(moves: readonly StackMove[], stack: string): string[] {
  if (moves.length === 0) return [];
  return [
    `${moves.length} grant(s) change stacks: a deletion in one stack and a creation of the same role assignment (same name) in the other; ARM refuses the creation while the old stack holds it, and deleting first leaves a gap in access. Safe order: in the old stack, pulumi state delete '<the assignment's URN>' (Azure keeps it); add assignmentName: <its GUID> to the grant so the new stack imports it; deploy the new stack, then the old one (README, "Many stacks").`,
    ...moves.map(
      (m) =>
        `${m.direction === "out" ? `leaves stack ${stack}` : `joins stack ${stack}`}: ${m.role} on ${m.scope} for ${movedHolder(m)}`,
    ),
  ];
}
