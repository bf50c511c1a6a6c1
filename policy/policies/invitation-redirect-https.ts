/**
 * An invitation sends the guest to an https address after redemption.
 */

import type { ResourceValidationPolicy } from "@pulumi/policy";
import { INVITATION_TYPE } from "../../azure/tokens";
import type { GuardrailMetadata } from "../lib/guest-assignment-policy";
import { validateResourceOfTypeToken } from "../lib/of-type";
import { display } from "../lib/text";

/** The policy's name. */
export const INVITATION_REDIRECT_HTTPS = "invitation-redirect-https";

const metadata: GuardrailMetadata = {
  name: INVITATION_REDIRECT_HTTPS,
  description: "Invitation redirect URLs must use https.",
  severity: "low",
  enforcementLevel: "advisory",
  remediationSteps:
    "Use an https:// redirect URL (for example https://myapps.microsoft.com) in the guest's invitation.",
  configSchema: { properties: {} },
};

/** Why a redirect URL is refused, or undefined when it is an absolute https URL. */
export function redirectUrlProblem(url: unknown): string | undefined {
  if (url === undefined || url === null) return undefined; // Graph then uses its own https default.
  if (typeof url !== "string") return `redirectUrl ${JSON.stringify(url)} is not a URL`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `redirectUrl "${url}" is not an absolute URL`;
  }
  return parsed.protocol === "https:" ? undefined : `redirectUrl "${url}" does not use https`;
}

/** `invitation-redirect-https`: an invitation's redirect URL uses https. */
export const invitationRedirectHttps: ResourceValidationPolicy = {
  ...metadata,
  validateResource: validateResourceOfTypeToken(INVITATION_TYPE, (props, args, reportViolation) => {
    const problem = redirectUrlProblem(props.redirectUrl);
    if (problem)
      reportViolation(`invitation ${args.name} for ${display(props.userEmailAddress)}: ${problem}`);
  }),
};
