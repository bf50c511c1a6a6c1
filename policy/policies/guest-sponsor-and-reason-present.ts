/**
 * Someone inside the organisation vouches for each guest, and says why.
 */

import type { ResourceValidationPolicy } from "@pulumi/policy";
import type { GuardrailMetadata } from "../lib/guest-assignment-policy";
import { validateGuestOrGroupComponent } from "../lib/guest-inputs";
import { display } from "../lib/text";

/** The policy's name. */
export const GUEST_SPONSOR_AND_REASON_PRESENT = "guest-sponsor-and-reason-present";

const metadata: GuardrailMetadata = {
  name: GUEST_SPONSOR_AND_REASON_PRESENT,
  description:
    "Every guest must have a sponsor other than the guest and a reason, and so must every group of guests.",
  severity: "medium",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Set sponsor (the internal person accountable, an email) and reason for the guest (or the group) in access.yaml.",
  configSchema: { properties: {} },
};

function blank(value: unknown): boolean {
  return typeof value !== "string" || value.trim() === "";
}

/** The problems with a guest's sponsor and reason. */
export function sponsorProblems(guest: {
  readonly email?: unknown;
  readonly sponsor?: unknown;
  readonly reason?: unknown;
}): string[] {
  const problems: string[] = [];
  if (blank(guest.sponsor)) problems.push("has no sponsor");
  else if (
    typeof guest.email === "string" &&
    display(guest.sponsor).trim().toLowerCase() === guest.email.toLowerCase()
  ) {
    problems.push("is their own sponsor");
  }
  if (blank(guest.reason)) problems.push("has no reason");
  return problems;
}

/** `guest-sponsor-and-reason-present`: every guest has a sponsor other than the guest, and a reason. */
export const guestSponsorAndReasonPresent: ResourceValidationPolicy = {
  ...metadata,
  validateResource: validateGuestOrGroupComponent(
    (props, args, reportViolation) => {
      for (const problem of sponsorProblems(props))
        reportViolation(`guest ${display(props.email ?? args.name)} ${problem}`);
    },
    (props, args, reportViolation) => {
      // A group has no email of its own: only presence is judged.
      for (const problem of sponsorProblems({ sponsor: props.sponsor, reason: props.reason }))
        reportViolation(`group ${display(props.name ?? args.name)} ${problem}`);
    },
  ),
};
