/**
 * Facts about the bridged `azuread_invitation` (`@pulumi/azuread` Invitation) that several rooms act on.
 */

/** Where a guest lands after redeeming an invitation when neither the guest nor `defaults` says otherwise. */
export const DEFAULT_REDIRECT_URL = "https://portal.azure.com";

/**
 * Invitation inputs that only shape the first email or the display name. Every input of the bridged
 * `azuread_invitation` forces replacement, and replacing it deletes the user object, so the component puts
 * these under `ignoreChanges` and the comparisons never diff them.
 */
export const INVITATION_COSMETIC_INPUTS = ["userDisplayName", "message", "redirectUrl"] as const;
