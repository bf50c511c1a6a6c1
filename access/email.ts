/**
 * Email addresses as Microsoft Graph accepts them for B2B invitations, which is stricter than RFC 5322:
 * Graph refuses `~ ! # $ % ^ & * ( ) + = [ ] { } \ / | ; : ' " < > ? ,`, and `.` or `-` at the start or end
 * of a part. RFC 5321's lengths still hold: local part <= 64, each domain label <= 63, whole <= 254.
 * Generic validators accept over-long addresses and miss Graph's restrictions, so the grammar is here.
 */

const FORBIDDEN = "~!#$%^&*()+=[]{}\\/|;:'\"<>?,";
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const TOP_LEVEL_DOMAIN = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** Trims and lower-cases an email: the form every comparison and name uses. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Why an email would be refused (one sentence with the fix), or undefined when it is acceptable. */
export function emailProblem(raw: string): string | undefined {
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
  if (/^[.-]|[.-]$/.test(local)) return `the part before "@" must not start or end with "." or "-"`;
  if (local.includes("..")) return 'the part before "@" must not contain ".."';
  if (domain === "") return 'the domain after "@" is empty';
  if (/^[.-]|[.-]$/.test(domain)) return 'the domain must not start or end with "." or "-"';
  const labels = domain.split(".");
  if (labels.length < 2) return `"${domain}" is not a domain with a dot, such as partner.example`;
  for (const label of labels) {
    if (label.length > 63)
      return `the domain label "${label}" is ${label.length} characters long; at most 63 are allowed`;
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
