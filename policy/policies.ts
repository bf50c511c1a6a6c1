/**
 * Every guardrail of the `guest-access` pack, as a plain array: importing it starts nothing, so tests, the
 * CLI and the offline plan evaluate the very policies the pack serves. Only `index.ts` builds the pack.
 */

import type { EnforcementLevel, Policies } from "@pulumi/policy";
import { guestEmailDomainAllowed } from "./policies/guest-email-domain-allowed";
import { guestGrantDeclaredByGuest } from "./policies/guest-grant-declared-by-guest";
import { guestGrantExpiryBounded } from "./policies/guest-grant-expiry-bounded";
import { guestGrantOnlyInGuestComponent } from "./policies/guest-grant-only-in-guest-component";
import { guestPrincipalTypeUser } from "./policies/guest-principal-type-user";
import { guestRoleAllowListed } from "./policies/guest-role-allow-listed";
import { guestRoleNotPrivileged } from "./policies/guest-role-not-privileged";
import { guestScopeWithinBoundary } from "./policies/guest-scope-within-boundary";
import { guestSponsorAndReasonPresent } from "./policies/guest-sponsor-and-reason-present";
import { invitationRedirectHttps } from "./policies/invitation-redirect-https";
import { roleAssignmentCountBelowWarning } from "./policies/role-assignment-count-below-warning";
import { roleAssignmentCountWithinLimit } from "./policies/role-assignment-count-within-limit";

/** The pack's name, as `pulumi preview --policy-pack` reports it. */
export const PACK_NAME = "guest-access";

/**
 * The level of a policy that declares none. Every guardrail declares its own (a meta-test checks it); the
 * fallback still fails closed.
 */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "mandatory";

/** The guardrails, in the order the issue lists them; then those review added. */
export const policies: Policies = [
  guestRoleAllowListed,
  guestRoleNotPrivileged,
  guestScopeWithinBoundary,
  guestPrincipalTypeUser,
  guestEmailDomainAllowed,
  invitationRedirectHttps,
  guestGrantExpiryBounded,
  guestSponsorAndReasonPresent,
  roleAssignmentCountWithinLimit,
  roleAssignmentCountBelowWarning,
  guestGrantOnlyInGuestComponent,
  guestGrantDeclaredByGuest,
];
