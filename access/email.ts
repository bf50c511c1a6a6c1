/**
 * Email addresses as Microsoft Graph accepts them for B2B invitations, which is stricter than RFC 5322:
 * Graph refuses `~ ! # $ % ^ & * ( ) + = [ ] { } \ / | ; : ' " < > ? ,`, and `.` or `-` at the start or end
 * of a part. RFC 5321's lengths still hold: local part <= 64, each domain label <= 63, whole <= 254.
 * Generic validators accept over-long addresses and miss Graph's restrictions, so the grammar is here.
 *
 * One person is one address: an email is compared after Unicode NFC normalisation and lower-casing, and its
 * domain in its ASCII (IDNA/punycode) form, which also folds full-width and other compatibility spellings
 * (`node:url` `domainToASCII`, UTS #46). The part before "@" must be ASCII: the invitation provider refuses
 * anything else, and it is where look-alike letters would hide. A domain written with other characters is
 * accepted in its punycode form, with a warning to check it is not a look-alike (`emailDomainWarning`).
 */

import { domainToASCII } from "node:url";

const FORBIDDEN = "~!#$%^&*()+=[]{}\\/|;:'\"<>?,";
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const TOP_LEVEL_DOMAIN = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** The ASCII form of a domain (punycode, case folded), or undefined when it is no valid domain name. */
function asciiDomain(domain: string): string | undefined {
  if (/^[\x21-\x7e]*$/.test(domain)) return domain.toLowerCase();
  const ascii = domainToASCII(domain);
  return ascii === "" ? undefined : ascii;
}

/**
 * The form every comparison and name uses: trimmed, NFC-normalised, lower-cased, the domain in its ASCII
 * (punycode) form. `Alice@Contoso.example`, its NFD spelling and `alice@ｃｏｎｔｏｓｏ.example` are one guest.
 */
export function normaliseEmail(email: string): string {
  const text = email.trim().normalize("NFC").toLowerCase();
  const at = text.lastIndexOf("@");
  if (at < 0) return text;
  const domain = asciiDomain(text.slice(at + 1));
  return domain === undefined ? text : `${text.slice(0, at)}@${domain}`;
}

/** `"é" (U+00E9)`. */
function describeChar(char: string): string {
  const hex = (char.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, "0");
  return `"${char}" (U+${hex})`;
}

/**
 * A warning for an address whose domain is not written in ASCII: it is invited as its punycode form, and a
 * letter from another script (Cyrillic "а" for Latin "a") can make a stranger's domain look like a partner's.
 * Undefined for an ASCII domain or an invalid address (its error says why).
 */
export function emailDomainWarning(raw: string): string | undefined {
  const text = raw.trim().normalize("NFC");
  const domain = text.slice(text.lastIndexOf("@") + 1);
  if (text.lastIndexOf("@") < 0 || /^[\x21-\x7e]*$/.test(domain)) return undefined;
  const ascii = asciiDomain(domain);
  if (ascii === undefined) return undefined;
  const foreign = [...domain].filter((c) => c.charCodeAt(0) > 0x7e).slice(0, 3);
  if (!ascii.split(".").some((label) => label.startsWith("xn--"))) {
    return `the domain is written with ${foreign.map(describeChar).join(", ")}, which stand for the plain "${ascii}"; write it so`;
  }
  return `the domain is not ASCII (${foreign.map(describeChar).join(", ")}) and is invited as ${ascii}; check it is the partner's real domain and not a look-alike of one`;
}

/** Why an email would be refused (one sentence with the fix), or undefined when it is acceptable. */
export function emailProblem(raw: string): string | undefined {
  const email = normaliseEmail(raw);
  if (email.length > 254)
    return `it is ${email.length} characters long; an address has at most 254`;
  const at = email.split("@");
  if (at.length !== 2) return 'an address has exactly one "@", as in name@partner.example';
  const [local, written] = at as [string, string];
  if (local === "") return 'the part before "@" is empty';
  const nonAscii = [...local].find((c) => c.charCodeAt(0) > 0x7e);
  if (nonAscii !== undefined) {
    return `the part before "@" has the non-ASCII character ${describeChar(nonAscii)}; Microsoft's invitation API accepts only ASCII there`;
  }
  if (local.length > 64)
    return `the part before "@" is ${local.length} characters long; at most 64 are allowed`;
  if (/\s/.test(local)) return "it contains white space";
  const forbidden = [...local].find((c) => FORBIDDEN.includes(c));
  if (forbidden !== undefined) {
    return `"${forbidden}" is not allowed in an invitation address by Microsoft Graph`;
  }
  if (/^[.-]|[.-]$/.test(local)) return `the part before "@" must not start or end with "." or "-"`;
  if (local.includes("..")) return 'the part before "@" must not contain ".."';
  if (written === "") return 'the domain after "@" is empty';
  const domain = asciiDomain(written);
  if (domain === undefined) return `"${written}" is not a valid domain name`;
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
