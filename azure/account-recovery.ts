/**
 * What to do when a declared, invited guest's account no longer exists (deleted by hand in Entra ID): the
 * stack's invitation still holds the old object id, or (after a refresh) an empty `userId`, and every role
 * assignment of the guest would be sent to ARM with a dangling or empty principal. The words are
 * `deletedUserMessage` (`azure/invitation.ts`: the program's own stop, `plan --state` and the drift review
 * all say them), built from the commands here, which the drift review also gives as its machine-readable fix.
 *
 * Why these commands: `pulumi up --target-replace` replaces just the invitation (a new account is invited)
 * and `--target-dependents` lets the same run move the guest's role assignments to it; `pulumi state delete
 * --target-dependents` forgets the invitation and the assignments that depend on it, so the next `up`
 * invites afresh (pulumi CLI docs, `pulumi up`, `pulumi state delete`).
 */

import { invitationName } from "./names";
import { GUEST_COMPONENT_TYPE, INVITATION_TYPE } from "./tokens";

/** The URN of a guest's invitation: `<email>-invitation` under the guest's `Guest` component. */
export function invitationUrn(project: string, stack: string, email: string): string {
  return `urn:pulumi:${stack}::${project}::${GUEST_COMPONENT_TYPE}$${INVITATION_TYPE}::${invitationName(email)}`;
}

/** A shell word: as it is when it is plain, single-quoted otherwise (URNs hold `$`). */
function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:@=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The recovery commands for the invitation at `invitationUrn` in `stack`: first the re-invitation in one run,
 * then the alternative through the state.
 */
export function accountRecoveryCommands(
  stack: string,
  invitationUrn: string,
): {
  readonly reinvite: readonly string[];
  readonly forget: readonly string[];
} {
  const urn = shellWord(invitationUrn);
  stack = shellWord(stack);
  return {
    reinvite: [`pulumi up --stack ${stack} --target-replace ${urn} --target-dependents`],
    forget: [
      `pulumi state delete --stack ${stack} ${urn} --target-dependents`,
      `pulumi up --stack ${stack}`,
    ],
  };
}
