/**
 * Policy 5: invitations go only to email domains security allows, and never to denied ones.
 */

import type { ResourceValidationPolicy } from "@pulumi/policy";
import { INVITATION_TYPE } from "../../access/tokens";
import { configWithDefaults } from "../lib/config";
import type { GuardrailMetadata } from "../lib/guest-assignment-policy";
import { validateResourceOfTypeToken } from "../lib/of-type";
import { display } from "../lib/text";

/** The policy's name. */
export const GUEST_EMAIL_DOMAIN_ALLOWED = "guest-email-domain-allowed";

/** This policy's configuration. */
export interface EmailDomainConfig {
  /** Domains guests may be invited from (subdomains included); empty allows every domain not denied. */
  readonly allowedDomains: readonly string[];
  /** Domains guests must never be invited from (subdomains included); wins over the allow-list. */
  readonly deniedDomains: readonly string[];
}

const DOMAIN = { type: "string", pattern: "^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$" } as const;

const metadata: GuardrailMetadata = {
  name: GUEST_EMAIL_DOMAIN_ALLOWED,
  description: "Guests may only be invited from allowed email domains and never from denied ones.",
  severity: "medium",
  enforcementLevel: "advisory",
  remediationSteps:
    "Invite the guest's work address at their organisation's domain, or ask security to adjust allowedDomains / " +
    `deniedDomains of ${GUEST_EMAIL_DOMAIN_ALLOWED}.`,
  configSchema: {
    properties: {
      allowedDomains: {
        type: "array",
        items: DOMAIN,
        uniqueItems: true,
        default: [],
        description:
          "Email domains guests may be invited from, subdomains included; empty allows any domain not denied.",
      },
      deniedDomains: {
        type: "array",
        items: DOMAIN,
        uniqueItems: true,
        default: [],
        description:
          "Email domains guests are never invited from, subdomains included; wins over allowedDomains.",
      },
    },
  },
};

/** Whether `domain` is `listed` or one of its subdomains (case-insensitive). */
export function domainMatches(domain: string, listed: string): boolean {
  const d = domain.toLowerCase();
  const l = listed.toLowerCase();
  return d === l || d.endsWith(`.${l}`);
}

/** Why an email's domain is refused, or undefined when it is allowed. */
export function emailDomainProblem(email: string, config: EmailDomainConfig): string | undefined {
  const at = email.lastIndexOf("@");
  if (at < 1) return `"${email}" is not an email address`;
  const domain = email.slice(at + 1);
  const denied = config.deniedDomains.find((listed) => domainMatches(domain, listed));
  if (denied) return `the domain ${domain} is denied (${denied})`;
  if (
    config.allowedDomains.length > 0 &&
    !config.allowedDomains.some((listed) => domainMatches(domain, listed))
  ) {
    return `the domain ${domain} is not among the allowed domains (${config.allowedDomains.join(", ")})`;
  }
  return undefined;
}

/** Policy 5. */
export const guestEmailDomainAllowed: ResourceValidationPolicy = {
  ...metadata,
  validateResource: validateResourceOfTypeToken(INVITATION_TYPE, (props, args, reportViolation) => {
    const config = configWithDefaults<EmailDomainConfig>(metadata.configSchema, args.getConfig());
    const email = props.userEmailAddress;
    const problem =
      typeof email === "string"
        ? emailDomainProblem(email, config)
        : "the invitation has no email address";
    if (problem) reportViolation(`invitation ${args.name} for ${display(email)}: ${problem}`);
  }),
};
