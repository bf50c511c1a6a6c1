/**
 * Redirect URLs: where a guest lands after redeeming an invitation. Only https is accepted: the landing page
 * receives a freshly signed-in guest.
 */

import { DEFAULT_REDIRECT_URL } from "../azure/invitation";

/** Why a redirect URL is refused (completing "redirectUrl …"), or undefined when it is an https URL. */
export function redirectUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `is "${url}", which is not a URL; write a full https:// address such as ${DEFAULT_REDIRECT_URL}`;
  }
  if (parsed.protocol !== "https:") {
    return `is "${url}"; a guest's redirect must use https, e.g. ${DEFAULT_REDIRECT_URL}`;
  }
  return undefined;
}
