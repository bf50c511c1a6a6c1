/**
 * The tenant's users, indexed the ways the review looks them up: by object id, and by every email an account
 * answers to (`mail`, `otherMails`, and the address inside a B2B guest's `#EXT#` user principal name).
 */

import { normaliseEmail } from "../../access/email";
import type { TenantUser } from "./model";

/**
 * The email a B2B guest's user principal name was made from: `alice_contoso.example#EXT#@tenant.example`
 * is `alice@contoso.example`. Domains hold no `_`, so the last one before `#EXT#` stands for the `@`.
 */
export function externalUpnEmail(userPrincipalName: string): string | undefined {
  const marker = userPrincipalName.toUpperCase().indexOf("#EXT#");
  if (marker <= 0) return undefined;
  const mangled = userPrincipalName.slice(0, marker);
  const at = mangled.lastIndexOf("_");
  if (at <= 0 || at === mangled.length - 1) return undefined;
  return normaliseEmail(`${mangled.slice(0, at)}@${mangled.slice(at + 1)}`);
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
  const emails = new Set<string>();
  if (user.mail) emails.add(normaliseEmail(user.mail));
  for (const other of user.otherMails ?? []) if (other) emails.add(normaliseEmail(other));
  if (user.userPrincipalName) {
    const external = externalUpnEmail(user.userPrincipalName);
    if (external) emails.add(external);
    else if (user.userPrincipalName.includes("@"))
      emails.add(normaliseEmail(user.userPrincipalName));
  }
  return [...emails];
}

/** The users of a tenant, looked up by id and by email. */
export class Directory {
  private readonly byId = new Map<string, TenantUser>();
  private readonly byEmail = new Map<string, TenantUser[]>();

  constructor(users: readonly TenantUser[]) {
    for (const user of users) {
      this.byId.set(user.id, user);
      for (const email of userEmails(user)) {
        const list = this.byEmail.get(email);
        if (list) list.push(user);
        else this.byEmail.set(email, [user]);
      }
    }
  }

  /** The user with this object id (lower-case). */
  user(id: string): TenantUser | undefined {
    return this.byId.get(id);
  }

  /** Every account that answers to this normalised email. */
  withEmail(email: string): readonly TenantUser[] {
    return this.byEmail.get(email) ?? [];
  }

  /** The number of users. */
  get size(): number {
    return this.byId.size;
  }
}
