/**
 * Guests come only from email domains security allows, and never from denied ones: every guest,
 * invited or referenced by object id, judged on its `Guest` component; an Invitation outside any Guest on its own.
 */

import type { ResourceValidationPolicy } from "@pulumi/policy";
import { GUEST_COMPONENT_TYPE, INVITATION_TYPE } from "../../azure/tokens";
import { configWithDefaults } from "../lib/config";
import { isUnderGuestComponent } from "../lib/guest-assignment";
import type { GuardrailMetadata } from "../lib/guest-assignment-policy";
import { validateGuestComponent } from "../lib/guest-inputs";
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
  description: "Guests may only come from allowed email domains and never from denied ones.",
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

// RFC 1123 host names in lower case: letters, digits and inner hyphens per label, at most 253 characters.
const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * A domain as compared: trimmed, lower-case, without one trailing dot (`Contoso.example.` is
 * `contoso.example`); undefined when the rest is not a host name (white space or invisible characters inside,
 * an empty label, …), which a policy must refuse rather than compare.
 */
export function normaliseDomain(raw: string): string | undefined {
  let domain = raw.trim().toLowerCase();
  if (domain.endsWith(".")) domain = domain.slice(0, -1);
  return HOST_NAME.test(domain) ? domain : undefined;
}

/** Text with every character outside printable ASCII escaped, so an invisible one shows in a message. */
function visible(text: string): string {
  return text.replace(
    /[^\x21-\x7e]/gu,
    (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}}`,
  );
}

/** Whether `domain` is `listed` or one of its subdomains, both normalised; never for a non-host name. */
export function domainMatches(domain: string, listed: string): boolean {
  const d = normaliseDomain(domain);
  const l = normaliseDomain(listed);
  if (d === undefined || l === undefined) return false;
  return d === l || d.endsWith(`.${l}`);
}

/** Why an email's domain is refused, or undefined when it is allowed. */
export function emailDomainProblem(email: string, config: EmailDomainConfig): string | undefined {
  const at = email.lastIndexOf("@");
  if (at < 1) return `"${visible(email)}" is not an email address`;
  const raw = email.slice(at + 1);
  const domain = normaliseDomain(raw);
  if (domain === undefined) return `the domain "${visible(raw)}" is not a host name`;
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

function readConfig(given: object): EmailDomainConfig {
  return configWithDefaults<EmailDomainConfig>(metadata.configSchema, given);
}

/** `guest-email-domain-allowed`: on the Guest component for every guest; on an Invitation outside any Guest. */
export const guestEmailDomainAllowed: ResourceValidationPolicy = {
  ...metadata,
  validateResource: (args, reportViolation) => {
    if (args.type === GUEST_COMPONENT_TYPE) {
      // Invited or referenced by objectId, every guest's email is the component's input: one report per guest.
      return validateGuestComponent((props, guestArgs, report) => {
        const email = props.email;
        const problem =
          typeof email === "string"
            ? emailDomainProblem(email, readConfig(guestArgs.getConfig()))
            : "the guest has no email address";
        if (problem) report(`guest ${display(email ?? guestArgs.name)}: ${problem}`);
      })(args, reportViolation);
    }
    if (args.type !== INVITATION_TYPE)
      return args.notApplicable(
        `Policy only applies to resources of type '${GUEST_COMPONENT_TYPE}' or '${INVITATION_TYPE}'`,
      );
    if (isUnderGuestComponent(args.urn, args.opts.parent))
      return args.notApplicable("the Guest component's email is checked instead");
    const email: unknown = args.props.userEmailAddress;
    const problem =
      typeof email === "string"
        ? emailDomainProblem(email, readConfig(args.getConfig()))
        : "the invitation has no email address";
    if (problem) reportViolation(`invitation ${args.name} for ${display(email)}: ${problem}`);
  },
};
