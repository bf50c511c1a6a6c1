/**
 * The tenant's users, indexed the ways the review looks them up: by object id, and by every email an account
 * answers to (`mail`, `otherMails`, and the address inside a B2B guest's `#EXT#` user principal name).
 */

import { normaliseEmail } from "../../access/email";
import type { TenantUser } from "./model";

const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;
/**
 * What marks a B2B guest's user principal name, in any case: searched in the name itself, so no upper-cased
 * copy is made per account, and the position is the name's own (upper-casing may change a length: ß is SS).
 */
const EXTERNAL_MARKER = /#EXT#/i;

/**
 * `normaliseEmail`, with a short way for the common case: printable ASCII without spaces is already trimmed,
 * NFC and its domain ASCII, so its normal form is its lower case. A tenant holds tens of thousands of
 * addresses, nearly all of them so. A test holds this to `normaliseEmail`.
 */
export function normaliseTenantEmail(email: string): string {
  return PRINTABLE_ASCII.test(email) ? email.toLowerCase() : normaliseEmail(email);
}

/**
 * The email a B2B guest's user principal name was made from: `alice_contoso.example#EXT#@tenant.example`
 * is `alice@contoso.example`. Domains hold no `_`, so the last one before `#EXT#` stands for the `@`.
 */
export function externalUpnEmail(userPrincipalName: string): string | undefined {
  const marker = userPrincipalName.search(EXTERNAL_MARKER);
  if (marker <= 0) return undefined;
  const mangled = userPrincipalName.slice(0, marker);
  const at = mangled.lastIndexOf("_");
  if (at <= 0 || at === mangled.length - 1) return undefined;
  return normaliseTenantEmail(`${mangled.slice(0, at)}@${mangled.slice(at + 1)}`);
}

/** True for a guest account: `userType` Guest, or (when the source gave no type) an `#EXT#` name. */
export function isGuestUser(user: TenantUser): boolean {
  const type = user.userType;
  if (type !== undefined) {
    return type === "Guest" || (type.length === 5 && type.toLowerCase() === "guest");
  }
  return (
    user.userPrincipalName !== undefined && externalUpnEmail(user.userPrincipalName) !== undefined
  );
}

/** Every normalised email an account answers to. */
export function userEmails(user: TenantUser): string[] {
  // A handful per account: a list checked by `includes` costs less than a set, and keeps the order.
  const emails: string[] = [];
  if (user.mail) emails.push(normaliseTenantEmail(user.mail));
  for (const other of user.otherMails ?? []) if (other) addNew(emails, normaliseTenantEmail(other));
  const upn = user.userPrincipalName;
  if (upn) {
    const external = externalUpnEmail(upn);
    if (external) addNew(emails, external);
    else if (upn.includes("@")) addNew(emails, normaliseTenantEmail(upn));
  }
  return emails;
}

function addNew(list: string[], item: string): void {
  if (!list.includes(item)) list.push(item);
}

/** The users of a tenant, looked up by id and by email. */
export class Directory {
  private readonly byId = new Map<string, TenantUser>();
  // An email nearly always names one account: the account itself, and a list only when several share it.
  private readonly byEmail = new Map<string, TenantUser | TenantUser[]>();

  constructor(users: readonly TenantUser[]) {
    for (const user of users) {
      this.byId.set(user.id, user);
      for (const email of userEmails(user)) {
        const known = this.byEmail.get(email);
        if (known === undefined) this.byEmail.set(email, user);
        else if (Array.isArray(known)) known.push(user);
        else this.byEmail.set(email, [known, user]);
      }
    }
  }

  /** The user with this object id (lower-case). */
  user(id: string): TenantUser | undefined {
    return this.byId.get(id);
  }

  /** Every account that answers to this normalised email. */
  withEmail(email: string): readonly TenantUser[] {
    const known = this.byEmail.get(email);
    return known === undefined ? [] : Array.isArray(known) ? known : [known];
  }

  /** The number of users. */
  get size(): number {
    return this.byId.size;
  }
}
