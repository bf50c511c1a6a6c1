/**
 * Facts about the bridged `azuread_invitation` (`@pulumi/azuread` Invitation) that several rooms act on.
 * Sources and versions: docs/providers.md, "Entra ID invitations".
 */

import { accountRecoveryCommands } from "./account-recovery";
import { parseUrn } from "./urn";

/** Where a guest lands after redeeming an invitation when neither the guest nor `defaults` says otherwise. */
export const DEFAULT_REDIRECT_URL = "https://portal.azure.com";

/**
 * Invitation inputs that only shape the first email or the display name. Every input of the bridged
 * `azuread_invitation` forces replacement, and replacing it deletes the user object, so the component puts
 * these under `ignoreChanges` and the comparisons never diff them.
 */
export const INVITATION_COSMETIC_INPUTS = ["userDisplayName", "message", "redirectUrl"] as const;

/**
 * Every invitation input the component puts under `ignoreChanges`: the cosmetic ones, and the email. A
 * refresh overwrites `userEmailAddress` with Graph's `mail` (the provider's Read, copied into the inputs by
 * the bridge), which may differ in case or be empty; since the input forces replacement, the next update would
 * re-invite the guest. The email is the guest's identity in its URN, so a changed email in the declaration is
 * a new guest anyway, never an update of this invitation.
 */
export const INVITATION_IGNORED_INPUTS = [
  ...INVITATION_COSMETIC_INPUTS,
  "userEmailAddress",
] as const;

/** The inputs the component sets on an invitation; anything else in a stack export was added by the bridge. */
export const INVITATION_INPUTS = [
  "message",
  "redirectUrl",
  "userDisplayName",
  "userEmailAddress",
  "userType",
] as const;

/**
 * What to do when an invitation's `userId` is empty: the invited user was deleted outside the stack and a
 * refresh kept the invitation with `userId: ""` (terraform-provider-azuread v3.8.0, `invitationResourceRead`).
 * Every grant would then be planned with an empty principal, which ARM refuses, and the guest would never be
 * invited again. `pulumi state delete` refuses a resource others depend on unless `--target-dependents` is
 * given, and the guest's grants depend on the invitation. One text for the program, `plan --state` and
 * `drift`; the commands are `accountRecoveryCommands`.
 */
export function deletedUserMessage(email: string, invitationUrn: string): string {
  const { reinvite, forget } = accountRecoveryCommands(
    parseUrn(invitationUrn)?.stack ?? "<stack>",
    invitationUrn,
  );
  return (
    `guest ${email}: the invited user no longer exists in Entra ID (the invitation's userId is empty since a refresh), ` +
    `so none of this guest's grants can be deployed: ARM refuses an assignment without a principal. ` +
    `To invite the guest again and move the grants to the new account, run \`${reinvite.join(" && ")}\`, ` +
    `or forget the invitation and its grants with \`${forget.join(" && ")}\` ` +
    `(the old grants of the deleted user then stay in Azure as "Identity not found": remove them in the portal)`
  );
}
