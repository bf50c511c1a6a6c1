/**
 * Which account in the tenant each declared guest is. The declaration names invited guests by email only;
 * their object id is known to the stack's state (the invitation's `userId`) and, failing that, to the tenant
 * (the account that answers to the email). A guest named by `objectId` is that account.
 *
 * What "no account" means depends on what is known: with the state, an invitation that exists there but not
 * in the tenant is an account deleted by hand; without it, the evidence is an orphaned assignment that this
 * project made for the guest (its description starts `guest-access: <email>;`). With neither, the guest has
 * simply not been invited yet.
 */

import type { ResolvedGuest } from "../../access/model";
import { isGuestUser, type Directory } from "./directory";
import type { DeployedInvitation, TenantUser } from "./model";

/** Where a declared guest stands in the tenant. */
export type GuestAccount =
  /** The guest's account: its object id, and the user when the directory was read. */
  | {
      readonly kind: "resolved";
      readonly principalId: string;
      readonly user?: TenantUser;
      readonly via: "objectId" | "state" | "email";
    }
  /** No account yet: the next `up` invites the guest. */
  | { readonly kind: "not-invited" }
  /** The account existed and is gone. */
  | { readonly kind: "account-missing"; readonly objectId?: string; readonly evidence: string }
  /** The email already belongs to an account this guest does not reference. */
  | { readonly kind: "email-taken"; readonly users: readonly TenantUser[]; readonly reason: string }
  /** The directory could not be read and nothing else says: the guest's grants are not judged. */
  | { readonly kind: "unknown" };

/** What resolution reads. */
export interface AccountSources {
  /** The tenant's users; `undefined` when they could not be read. */
  readonly directory: Directory | undefined;
  /** Invitations in the stack's state by email; `undefined` without `--state`. */
  readonly invitations: ReadonlyMap<string, DeployedInvitation> | undefined;
  /**
   * The principal an orphaned assignment's description names a declared email for (evidence of a deleted
   * account); asked only for a guest no account answers to.
   */
  readonly orphanedFor: (email: string) => string | undefined;
}

/** Resolves one declared guest. */
export function resolveAccount(guest: ResolvedGuest, sources: AccountSources): GuestAccount {
  const { email, objectId } = guest.spec;
  const { directory, invitations } = sources;
  if (objectId !== undefined) {
    if (!directory) return { kind: "resolved", principalId: objectId, via: "objectId" };
    const user = directory.user(objectId);
    return user
      ? { kind: "resolved", principalId: objectId, user, via: "objectId" }
      : {
          kind: "account-missing",
          objectId,
          evidence: `its objectId ${objectId} is not an account in the tenant`,
        };
  }

  const deployed = invitations?.get(email);
  if (deployed) {
    if (deployed.userId === "") {
      return {
        kind: "account-missing",
        evidence:
          "the stack's invitation has an empty userId: a refresh found the invited user deleted",
      };
    }
    const principalId = deployed.userId.toLowerCase();
    if (!directory) return { kind: "resolved", principalId, via: "state" };
    const user = directory.user(principalId);
    return user
      ? { kind: "resolved", principalId, user, via: "state" }
      : {
          kind: "account-missing",
          objectId: principalId,
          evidence: `the user ${principalId} that the stack invited is not in the tenant`,
        };
  }

  if (!directory) return { kind: "unknown" };
  const accounts = directory.withEmail(email);
  if (accounts.length === 0) {
    const orphan = sources.orphanedFor(email);
    return orphan
      ? {
          kind: "account-missing",
          objectId: orphan,
          evidence: `role assignments this project made for the guest point at ${orphan}, which no longer exists`,
        }
      : { kind: "not-invited" };
  }
  if (invitations) {
    return {
      kind: "email-taken",
      users: accounts,
      reason:
        "the stack has not invited this guest, and the tenant already has an account with this email: the invitation would fail for a member and silently adopt a guest (whom onRemove: delete-user would later delete)",
    };
  }
  const members = accounts.filter((u) => !isGuestUser(u));
  if (members.length > 0) {
    return {
      kind: "email-taken",
      users: members,
      reason: "the email belongs to a member of the tenant: an invitation to it fails",
    };
  }
  if (accounts.length > 1) {
    return {
      kind: "email-taken",
      users: accounts,
      reason: "several guest accounts answer to this email: which one the guest is cannot be told",
    };
  }
  const user = accounts[0] as TenantUser;
  return { kind: "resolved", principalId: user.id, user, via: "email" };
}

const DESCRIPTION_EMAIL = /^guest-access: ([^;\s]+)(?:;|$)/;

/** The declared email an assignment's description names, when this project wrote it. */
export function describedEmail(description: string | undefined): string | undefined {
  const match = description ? DESCRIPTION_EMAIL.exec(description) : null;
  return match ? (match[1] as string).toLowerCase() : undefined;
}
