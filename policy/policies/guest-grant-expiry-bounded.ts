/**
 * Every guest grant ends, and no later than N days ahead. Read from the `Guest` component's inputs,
 * where `access/` put each grant's effective expiry.
 */

import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configWithDefaults } from "../lib/config";
import type { GuardrailMetadata } from "../lib/guest-assignment-policy";
import { validateGuestComponent } from "../lib/guest-inputs";
import { display } from "../lib/text";

/** The policy's name. */
export const GUEST_GRANT_EXPIRY_BOUNDED = "guest-grant-expiry-bounded";

/** This policy's configuration. */
export interface ExpiryConfig {
  /** The furthest a grant may expire, in days after today. */
  readonly maxDays: number;
  /**
   * The date expiries are judged against, `YYYY-MM-DD`; empty means the current UTC date. Configurable so a
   * review (or a test) can ask "as of" a given day and get the same answer every time.
   */
  readonly today: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const metadata: GuardrailMetadata = {
  name: GUEST_GRANT_EXPIRY_BOUNDED,
  description: "Every guest grant must expire, no more than maxDays (default 365) days ahead.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps:
    "Set expires (YYYY-MM-DD) on the guest or the grant in access.yaml, no further ahead than the configured " +
    "maximum; renew by extending it in a reviewed change.",
  configSchema: {
    properties: {
      maxDays: {
        type: "integer",
        minimum: 1,
        maximum: 3650,
        default: 365,
        description: "The furthest ahead, in days, a guest grant may expire.",
      },
      today: {
        type: "string",
        pattern: "^(\\d{4}-\\d{2}-\\d{2})?$",
        default: "",
        description:
          "The date to judge expiries against (YYYY-MM-DD); empty for the current UTC date.",
      },
    },
  },
};

/** `date` plus `days`, as `YYYY-MM-DD` (UTC; calendar arithmetic, no time zones). */
export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** The earlier of two optional `YYYY-MM-DD` dates. */
function earlier(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}

interface GrantInput {
  readonly role?: { readonly name?: unknown };
  readonly scope?: unknown;
  readonly expires?: unknown;
}

function dateOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" && DATE.test(value) ? value : undefined;
}

/**
 * The problems with a guest's grants' expiries as of `today`. A membership in a group is access too: it
 * lasts as long as the guest does (access/ drops it past the guest's expiry), so it is judged by the guest's
 * own date. A group's grants are not judged here: each member's access through them ends with the member.
 */
export function expiryProblems(
  guest: { readonly expires?: unknown; readonly grants?: unknown; readonly memberOf?: unknown },
  today: string,
  maxDays: number,
): string[] {
  const latest = addDays(today, maxDays);
  const grants = Array.isArray(guest.grants) ? (guest.grants as GrantInput[]) : [];
  const problems: string[] = [];
  for (const grant of grants) {
    const what = `${display(grant.role?.name ?? "a role")} on ${display(grant.scope ?? "?")}`;
    const expires = earlier(dateOrUndefined(grant.expires), dateOrUndefined(guest.expires));
    if (expires === undefined) problems.push(`${what} never expires; it must expire by ${latest}`);
    else if (expires > latest)
      problems.push(`${what} expires ${expires}, after ${latest} (${maxDays} days from ${today})`);
  }
  const memberOf = Array.isArray(guest.memberOf) ? (guest.memberOf as unknown[]) : [];
  const until = dateOrUndefined(guest.expires);
  for (const group of memberOf) {
    const what = `membership in group ${display(group)}`;
    if (until === undefined) problems.push(`${what} never expires; it must expire by ${latest}`);
    else if (until > latest)
      problems.push(`${what} expires ${until}, after ${latest} (${maxDays} days from ${today})`);
  }
  return problems;
}

/** `guest-grant-expiry-bounded`: every grant expires, within `maxDays`. */
export const guestGrantExpiryBounded: ResourceValidationPolicy = {
  ...metadata,
  // Guest components only: a group's grants last as long as its members do, and each member's expiry is
  // judged on its Guest (its memberships included).
  validateResource: validateGuestComponent((props, args, reportViolation) => {
    const config = configWithDefaults<ExpiryConfig>(metadata.configSchema, args.getConfig());
    const today = config.today || new Date().toISOString().slice(0, 10);
    for (const problem of expiryProblems(props, today, config.maxDays)) {
      reportViolation(`guest ${display(props.email ?? args.name)}: ${problem}`);
    }
  }),
};
