/**
 * Email addresses as both gatekeepers of an invitation accept them. Microsoft Graph refuses
 * `~ ! # $ % ^ & * ( ) + = [ ] { } \ / | ; : ' " < > ? ,` in `invitedUserEmailAddress`, and `.` or `-` at the
 * start or end of a part. The azuread provider (terraform-provider-azuread v3.8.0, `validation.
 * StringIsEmailAddress`) accepts only ASCII: ``[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]`` before the `@`, ASCII letters,
 * digits and `-` in each domain label. What both accept: ASCII letters, digits, `.`, `-`, `_` and `` ` ``
 * before the `@`; an international domain only in its `xn--` form. RFC 5321's lengths still hold: local part
 * <= 64, each domain label <= 63, whole <= 254. Sources: docs/providers.md, "What the provider accepts as an
 * email address".
 */

import { describeCodePoint, findUnsafeCharacter } from "./text-safety";

const FORBIDDEN = "~!#$%^&*()+=[]{}\\/|;:'\"<>?,";
/** What the provider's regular expression accepts before the `@`, minus what Graph forbids. */
const LOCAL_CHARACTER = /^[A-Za-z0-9._`-]$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const TOP_LEVEL_DOMAIN = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** Trims and lower-cases an email: the form every comparison and name uses. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Why an email would be refused (one sentence with the fix), or undefined when it is acceptable. */
export function emailProblem(raw: string): string | undefined {
  const unsafe = findUnsafeCharacter(raw.trim());
  if (unsafe) {
    return `it contains ${unsafe.description}, which is never accepted: it can make an address look like another; retype the address`;
  }
  const email = normaliseEmail(raw);
  if (email.length > 254)
    return `it is ${email.length} characters long; an address has at most 254`;
  const at = email.split("@");
  if (at.length !== 2) return 'an address has exactly one "@", as in name@partner.example';
  const [local, domain] = at as [string, string];
  if (local === "") return 'the part before "@" is empty';
  if (local.length > 64)
    return `the part before "@" is ${local.length} characters long; at most 64 are allowed`;
  if (/\s/.test(local)) return "it contains white space";
  const forbidden = [...local].find((c) => FORBIDDEN.includes(c));
  if (forbidden !== undefined) {
    return `"${forbidden}" is not allowed in an invitation address by Microsoft Graph`;
  }
  const other = [...local].find((c) => !LOCAL_CHARACTER.test(c));
  if (other !== undefined) {
    return (
      `"${other}" (${describeCodePoint(other.codePointAt(0) as number)}) is not accepted before "@" by the invitation provider: ` +
      'only ASCII letters, digits, ".", "-", "_" and "`" are'
    );
  }
  if (/^[.-]|[.-]$/.test(local)) return `the part before "@" must not start or end with "." or "-"`;
  if (local.includes("..")) return 'the part before "@" must not contain ".."';
  if (domain === "") return 'the domain after "@" is empty';
  if (/^[.-]|[.-]$/.test(domain)) return 'the domain must not start or end with "." or "-"';
  const labels = domain.split(".");
  if (labels.length < 2) return `"${domain}" is not a domain with a dot, such as partner.example`;
  for (const label of labels) {
    if (label.length > 63)
      return `the domain label "${label}" is ${label.length} characters long; at most 63 are allowed`;
    if ([...label].some((c) => (c.codePointAt(0) as number) > 0x7f)) {
      return `the domain label "${label}" is not ASCII: the invitation provider accepts an international domain only in its punycode form (xn--…)`;
    }
    if (!DOMAIN_LABEL.test(label)) {
      return `"${label}" is not a domain label: letters, digits and "-" only, not at its start or end`;
    }
  }
  if (!TOP_LEVEL_DOMAIN.test(labels[labels.length - 1] as string)) {
    return `"${labels[labels.length - 1]}" is not a top-level domain`;
  }
  return undefined;
}

/** The domain of a normalised email. */
export function emailDomain(email: string): string {
  return normaliseEmail(email).split("@")[1] ?? "";
}
