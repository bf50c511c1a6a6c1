/**
 * What to do when a declared, invited guest's account no longer exists (deleted by hand in Entra ID): the
 * stack's invitation still holds the old object id, or (after a refresh) an empty `userId`, and every role
 * assignment of the guest would be sent to ARM with a dangling or empty principal. The words are
 * `deletedUserMessage` (`azure/invitation.ts`, the program's own stop); this file gives the drift review the
 * invitation's URN and the same recovery as separate commands, for its machine-readable fix.
 *
 * Why these commands: `pulumi up --target-replace` replaces just the invitation (a new account is invited)
 * and `--target-dependents` lets the same run move the guest's role assignments to it; `pulumi state delete
 * --target-dependents` forgets the invitation and the assignments that depend on it, so the next `up`
 * invites afresh (pulumi CLI docs, `pulumi up`, `pulumi state delete`).
 */

import { invitationName } from "./names";
import { GUEST_COMPONENT_TYPE, INVITATION_TYPE } from "./tokens";

/** Whose account is missing, and in which stack. */
export interface MissingAccount {
  /** The Pulumi project (`name` in Pulumi.yaml). */
  readonly project: string;
  /** The stack. */
  readonly stack: string;
  /** The guest's normalised email: the Guest component's name. */
  readonly email: string;
  /** The object id the stack or the tenant last knew, when known. */
  readonly objectId?: string;
}

/** The URN of a guest's invitation: `<email>-invitation` under the guest's `Guest` component. */
export function invitationUrn(project: string, stack: string, email: string): string {
  return `urn:pulumi:${stack}::${project}::${GUEST_COMPONENT_TYPE}$${INVITATION_TYPE}::${invitationName(email)}`;
}

/** A shell word: as it is when it is plain, single-quoted otherwise (URNs hold `$`). */
function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:@=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The recovery commands: first the re-invitation in one run, then the alternative through the state. */
export function accountRecoveryCommands(account: MissingAccount): {
  readonly reinvite: readonly string[];
  readonly forget: readonly string[];
} {
  const urn = shellWord(invitationUrn(account.project, account.stack, account.email));
  const stack = shellWord(account.stack);
  return {
    reinvite: [`pulumi up --stack ${stack} --target-replace ${urn} --target-dependents`],
    forget: [
      `pulumi state delete --stack ${stack} ${urn} --target-dependents`,
      `pulumi up --stack ${stack}`,
    ],
  };
}
