/**
 * Every guardrail of the `guest-access` pack, as a plain array: importing it starts nothing, so tests, the
 * CLI and the offline plan evaluate the very policies the pack serves. Only `index.ts` builds the pack.
 */

import type { EnforcementLevel, Policies } from "@pulumi/policy";
import { guestEmailDomainAllowed } from "./guest-email-domain-allowed";
import { guestGrantDeclaredByGuest } from "./guest-grant-declared-by-guest";
import { guestGrantExpiryBounded } from "./guest-grant-expiry-bounded";
import { guestGrantOnlyInGuestComponent } from "./guest-grant-only-in-guest-component";
import { guestGroupOnlyDeclared } from "./guest-group-only-declared";
import { guestPrincipalTypeUser } from "./guest-principal-type-user";
import { guestRoleAllowListed } from "./guest-role-allow-listed";
import { guestRoleNotPrivileged } from "./guest-role-not-privileged";
import { guestScopeWithinBoundary } from "./guest-scope-within-boundary";
import { guestSponsorAndReasonPresent } from "./guest-sponsor-and-reason-present";
import { invitationRedirectHttps } from "./invitation-redirect-https";
import { roleAssignmentCountBelowWarning } from "./role-assignment-count-below-warning";
import { roleAssignmentCountWithinLimit } from "./role-assignment-count-within-limit";

/** The pack's name, as `pulumi preview --policy-pack` reports it. */
export const PACK_NAME = "guest-access";

/**
 * The level of a policy that declares none. Every guardrail declares its own (a meta-test checks it); the
 * fallback still fails closed.
 */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "mandatory";

/**
 * The guardrails, grouped by what they guard: the grant itself (role, privilege, scope, principal type), the
 * invitation (email domain, redirect), the guest's accountability (expiry, sponsor and reason), Azure's limits
 * (the two counts), then the shape of the stack (no access outside a Guest, a Guest holds only what it
 * declares, groups only as declared). The order is only that of the tables in docs/guardrails.md and README.md: findings are sorted
 * by name wherever this project prints them, and no policy depends on another.
 */
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
  guestGroupOnlyDeclared,
];
