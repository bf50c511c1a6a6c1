/**
 * Two versions of a declaration compared by meaning: guests keyed by normalised email, grants by key (role
 * GUID and normalised scope). Reordering, re-casing and moving a guest between files therefore change
 * nothing. What would delete or re-invite an account is called out, because it cannot be undone by a revert:
 * a deleted guest loses their object id and every grant, and must redeem a new invitation. So is every change
 * of the user the grants are made for: the new principal may be another person.
 */

import { compareText } from "../azure/compare";
import type {
  AccessModel,
  GrantSpec,
  GuestSpec,
  ResolvedGroup,
  ResolvedGuest,
} from "../access/model";
import {
  fieldChanges,
  GRANT_FIELDS,
  GROUP_FIELDS,
  GUEST_FIELDS,
  neverResent,
  type FieldChange,
  type RuledChange,
} from "./diff-fields";

export type { FieldChange } from "./diff-fields";

/** A grant as the diff reports it. */
export interface GrantRef {
  readonly key: string;
  readonly roleName: string;
  readonly roleId: string;
  readonly scope: string;
  readonly scopeName: string | null;
  readonly expires: string | null;
}

/** Why a grant leaves: taken out of the file, or past its expiry on the new side. */
export type GrantRemoval = "removed" | "expired";

/** What happens to a guest's account. */
export type AccountEffect =
  /** The invitation leaves the stack and the account is deleted with it. */
  | "account-deleted"
  /** The guest leaves; their account stays (`keep-user`, or an existing user not managed here). */
  | "account-kept"
  /** An invited guest switched to an object id under `keep-user`: the grants move to that existing user. */
  | "moved-to-existing-user"
  /** A new invitation is sent for a guest who was referenced by object id. */
  | "re-invited"
  /** The grants move to another existing user. */
  | "principal-changed";

/** The account consequence of a change, with a sentence for people. */
export interface AccountChange {
  readonly effect: AccountEffect;
  /** True when the change costs the guest their account: it is deleted, or they are re-invited as a new one. */
  readonly destructive: boolean;
  readonly message: string;
}

/** A guest present on both sides whose meaning changed. */
export interface GuestChange {
  readonly email: string;
  readonly fields: readonly FieldChange[];
  readonly account: AccountChange | null;
  readonly grantsAdded: readonly GrantRef[];
  readonly grantsRemoved: readonly (GrantRef & { readonly reason: GrantRemoval })[];
  readonly grantsChanged: readonly (GrantRef & { readonly changes: readonly FieldChange[] })[];
  /**
   * Grants on both sides whose principal changes with the account (`account` is not null): each is revoked
   * from the old principal and made again for the new one.
   */
  readonly grantsMoved: readonly GrantRef[];
  /** Groups the guest joins, when any (sorted); absent when none. */
  readonly membershipsAdded?: readonly string[];
  /** Groups the guest leaves (taken out of memberOf, or ended by the guest's expiry), when any; absent when none. */
  readonly membershipsRemoved?: readonly string[];
}

/** A guest only on the new side. */
export interface GuestAdded {
  readonly email: string;
  readonly displayName: string;
  /** `invited` sends an invitation; `existing` references an existing user. */
  readonly account: "invited" | "existing";
  readonly grants: readonly GrantRef[];
  /** The groups it joins, when any; absent when none. */
  readonly memberOf?: readonly string[];
}

/** A guest only on the old side. */
export interface GuestRemoved {
  readonly email: string;
  readonly displayName: string;
  readonly account: AccountChange;
  readonly grants: readonly GrantRef[];
  /** The groups it leaves with it, when any; absent when none. */
  readonly memberOf?: readonly string[];
}

/** A group only on the new side. */
export interface GroupAdded {
  readonly name: string;
  readonly grants: readonly GrantRef[];
  /** Its members on the new side. */
  readonly members: readonly string[];
}

/** A group only on the old side: deleted with its role assignments; each of its members loses its grants. */
export interface GroupRemoved {
  readonly name: string;
  readonly grants: readonly GrantRef[];
  /** Its members on the old side: each loses every grant of the group. */
  readonly members: readonly string[];
}

/** A group on both sides whose meaning changed. */
export interface GroupChange {
  readonly name: string;
  readonly fields: readonly FieldChange[];
  readonly grantsAdded: readonly GrantRef[];
  readonly grantsRemoved: readonly (GrantRef & { readonly reason: GrantRemoval })[];
  readonly grantsChanged: readonly (GrantRef & { readonly changes: readonly FieldChange[] })[];
  /** Its members on the new side: each gains the grants added and loses the grants removed. */
  readonly members: readonly string[];
}

/** Groups added, removed and changed, by name. */
export interface GroupsDiff {
  readonly added: readonly GroupAdded[];
  readonly removed: readonly GroupRemoved[];
  readonly changed: readonly GroupChange[];
}

/** The whole difference. Everything sorted by email (groups by name), then grant key. */
export interface AccessDiff {
  readonly added: readonly GuestAdded[];
  readonly removed: readonly GuestRemoved[];
  readonly changed: readonly GuestChange[];
  /** When either side declares groups: what changed of them. */
  readonly groups?: GroupsDiff;
}

/** Counts for the summary line. */
export interface DiffCounts {
  readonly guestsAdded: number;
  readonly guestsRemoved: number;
  readonly guestsChanged: number;
  readonly grantsAdded: number;
  readonly grantsRemoved: number;
  readonly grantsChanged: number;
  readonly accountsDeleted: number;
  readonly accountsReinvited: number;
  /** When either side declares groups: groups added, removed and changed, and memberships gained and lost. */
  readonly groupsAdded?: number;
  readonly groupsRemoved?: number;
  readonly groupsChanged?: number;
  readonly membershipsAdded?: number;
  readonly membershipsRemoved?: number;
}

function grantRef(grant: GrantSpec): GrantRef {
  return {
    key: grant.key,
    roleName: grant.role.name,
    roleId: grant.role.id,
    scope: grant.scope,
    scopeName: grant.scopeName ?? null,
    expires: grant.expires ?? null,
  };
}

/** The note a reviewer needs on a guest-level change, when the guest stays invited. */
function fieldNote(
  { change, sentAs }: RuledChange,
  before: GuestSpec,
  after: GuestSpec,
): FieldChange {
  if (!before.invitation || !after.invitation) return change;
  if (neverResent(sentAs)) {
    return {
      ...change,
      note: "not applied to the existing account: the invitation is never re-sent for it",
    };
  }
  if (change.field === "onRemove") {
    return {
      ...change,
      note:
        change.after === "delete-user"
          ? "from now on, removing this guest deletes the account"
          : "from now on, removing this guest keeps the account",
    };
  }
  return change;
}

/** Guest-level fields a reviewer cares about, in the order of `GUEST_FIELDS`. */
function guestFields(before: GuestSpec, after: GuestSpec): FieldChange[] {
  return fieldChanges(GUEST_FIELDS, before, after).map((c) => fieldNote(c, before, after));
}

const DELETED =
  "the account is deleted: the guest loses their object id and must redeem a new invitation";

/** What leaving the declaration does to a guest's account, decided by the old side (what is deployed). */
function removalEffect(before: GuestSpec): AccountChange {
  if (!before.invitation) {
    return {
      effect: "account-kept",
      destructive: false,
      message: "grants revoked; the existing user is not managed here and stays",
    };
  }
  return before.onRemove === "delete-user"
    ? { effect: "account-deleted", destructive: true, message: `grants revoked and ${DELETED}` }
    : {
        effect: "account-kept",
        destructive: false,
        message: "grants revoked; the account is kept (onRemove: keep-user)",
      };
}

/** The account consequence of a guest switching between invited and existing, or to another user. */
function accountChange(before: GuestSpec, after: GuestSpec): AccountChange | null {
  const wasInvited = before.invitation !== undefined;
  const isInvited = after.invitation !== undefined;
  if (wasInvited && !isInvited) {
    // The invitation resource leaves the stack: its old retainOnDelete decides whether the user is deleted.
    return before.onRemove === "delete-user"
      ? {
          effect: "account-deleted",
          destructive: true,
          message: `switching to objectId ${after.objectId ?? ""} removes the invitation with onRemove: delete-user, so ${DELETED}; if objectId is that same user, every grant then points at a deleted account`,
        }
      : {
          effect: "moved-to-existing-user",
          destructive: false,
          message: `grants move from the invited account to the existing user ${after.objectId ?? ""}; the invited account is kept (onRemove: keep-user) without them. Check that ${after.objectId ?? ""} is this guest: it may be another person`,
        };
  }
  if (!wasInvited && isInvited) {
    return {
      effect: "re-invited",
      destructive: true,
      message: `objectId ${before.objectId ?? ""} removed: a new invitation is sent and every grant moves to the invited account, which the guest must redeem`,
    };
  }
  if (!wasInvited && !isInvited && before.objectId !== after.objectId) {
    return {
      effect: "principal-changed",
      destructive: false,
      message: `every grant moves from user ${before.objectId ?? ""} to user ${after.objectId ?? ""}; check that the new user is this guest`,
    };
  }
  return null;
}

function byKey<T extends { key: string }>(a: T, b: T): number {
  return compareText(a.key, b.key);
}

function compareGuests(before: ResolvedGuest, after: ResolvedGuest): GuestChange | null {
  const oldGrants = new Map(before.spec.grants.map((g) => [g.key, g]));
  const newGrants = new Map(after.spec.grants.map((g) => [g.key, g]));
  // On the new side an expired grant is not active: it leaves with its (new) expiry as the reason.
  const expiredNow = new Map(after.expiredGrants.map((e) => [e.grant.key, e.grant]));

  const grantsAdded = after.spec.grants
    .filter((g) => !oldGrants.has(g.key))
    .map(grantRef)
    .sort(byKey);
  const grantsRemoved = before.spec.grants
    .filter((g) => !newGrants.has(g.key))
    .map((g) => {
      const expired = expiredNow.get(g.key);
      const reason: GrantRemoval = expired ? "expired" : "removed";
      return { ...grantRef(expired ?? g), reason };
    })
    .sort(byKey);
  const grantsChanged = after.spec.grants
    .flatMap((g) => {
      const old = oldGrants.get(g.key);
      if (!old) return [];
      const changes = fieldChanges(GRANT_FIELDS, old, g).map((c) => c.change);
      return changes.length > 0 ? [{ ...grantRef(g), changes }] : [];
    })
    .sort(byKey);
  const fields = guestFields(before.spec, after.spec);
  const account = accountChange(before.spec, after.spec);
  // A new principal means every grant kept in the file is made again for another user.
  const grantsMoved = account
    ? after.spec.grants
        .filter((g) => oldGrants.has(g.key))
        .map(grantRef)
        .sort(byKey)
    : [];
  const oldGroups = new Set(before.spec.memberOf ?? []);
  const newGroups = new Set(after.spec.memberOf ?? []);
  const membershipsAdded = [...newGroups].filter((g) => !oldGroups.has(g)).sort(compareText);
  const membershipsRemoved = [...oldGroups].filter((g) => !newGroups.has(g)).sort(compareText);
  if (
    fields.length +
      grantsAdded.length +
      grantsRemoved.length +
      grantsChanged.length +
      membershipsAdded.length +
      membershipsRemoved.length ===
      0 &&
    !account
  )
    return null;
  return {
    email: after.spec.email,
    fields,
    account,
    grantsAdded,
    grantsRemoved,
    grantsChanged,
    grantsMoved,
    ...(membershipsAdded.length > 0 ? { membershipsAdded } : {}),
    ...(membershipsRemoved.length > 0 ? { membershipsRemoved } : {}),
  };
}

/** The grant changes of one holder (a guest or a group): added, removed (or expired) and changed, by key. */
function grantChanges(
  before: readonly GrantSpec[],
  after: readonly GrantSpec[],
  expiredAfter: readonly { readonly grant: GrantSpec }[],
): Pick<GroupChange, "grantsAdded" | "grantsRemoved" | "grantsChanged"> {
  const oldGrants = new Map(before.map((g) => [g.key, g]));
  const newGrants = new Map(after.map((g) => [g.key, g]));
  const expiredNow = new Map(expiredAfter.map((e) => [e.grant.key, e.grant]));
  return {
    grantsAdded: after
      .filter((g) => !oldGrants.has(g.key))
      .map(grantRef)
      .sort(byKey),
    grantsRemoved: before
      .filter((g) => !newGrants.has(g.key))
      .map((g) => {
        const expired = expiredNow.get(g.key);
        const reason: GrantRemoval = expired ? "expired" : "removed";
        return { ...grantRef(expired ?? g), reason };
      })
      .sort(byKey),
    grantsChanged: after
      .flatMap((g) => {
        const old = oldGrants.get(g.key);
        if (!old) return [];
        const changes = fieldChanges(GRANT_FIELDS, old, g).map((c) => c.change);
        return changes.length > 0 ? [{ ...grantRef(g), changes }] : [];
      })
      .sort(byKey),
  };
}

/** Compares the groups of two declarations by name. */
function diffGroups(before: readonly ResolvedGroup[], after: readonly ResolvedGroup[]): GroupsDiff {
  const oldGroups = new Map(before.map((g) => [g.spec.name, g]));
  const newGroups = new Map(after.map((g) => [g.spec.name, g]));
  const byName = <T extends { name: string }>(a: T, b: T): number => compareText(a.name, b.name);
  return {
    added: after
      .filter((g) => !oldGroups.has(g.spec.name))
      .map((g) => ({
        name: g.spec.name,
        grants: g.spec.grants.map(grantRef).sort(byKey),
        members: g.members,
      }))
      .sort(byName),
    removed: before
      .filter((g) => !newGroups.has(g.spec.name))
      .map((g) => ({
        name: g.spec.name,
        grants: g.spec.grants.map(grantRef).sort(byKey),
        members: g.members,
      }))
      .sort(byName),
    changed: after
      .flatMap((g): GroupChange[] => {
        const old = oldGroups.get(g.spec.name);
        if (!old) return [];
        const fields = fieldChanges(GROUP_FIELDS, old.spec, g.spec).map((c) => c.change);
        const grants = grantChanges(old.spec.grants, g.spec.grants, g.expiredGrants);
        const count =
          fields.length +
          grants.grantsAdded.length +
          grants.grantsRemoved.length +
          grants.grantsChanged.length;
        return count > 0 ? [{ name: g.spec.name, fields, ...grants, members: g.members }] : [];
      })
      .sort(byName),
  };
}

/** Compares two declarations by meaning. */
export function diffModels(before: AccessModel, after: AccessModel): AccessDiff {
  const oldGuests = new Map(before.guests.map((g) => [g.spec.email, g]));
  const newGuests = new Map(after.guests.map((g) => [g.spec.email, g]));
  const byEmail = <T extends { email: string }>(a: T, b: T): number =>
    compareText(a.email, b.email);

  const added = after.guests
    .filter((g) => !oldGuests.has(g.spec.email))
    .map((g) => ({
      email: g.spec.email,
      displayName: g.spec.displayName,
      account: g.spec.invitation ? ("invited" as const) : ("existing" as const),
      grants: g.spec.grants.map(grantRef).sort(byKey),
      ...(g.spec.memberOf ? { memberOf: g.spec.memberOf } : {}),
    }))
    .sort(byEmail);
  const removed = before.guests
    .filter((g) => !newGuests.has(g.spec.email))
    .map((g) => ({
      email: g.spec.email,
      displayName: g.spec.displayName,
      account: removalEffect(g.spec),
      grants: g.spec.grants.map(grantRef).sort(byKey),
      ...(g.spec.memberOf ? { memberOf: g.spec.memberOf } : {}),
    }))
    .sort(byEmail);
  const changed = after.guests
    .flatMap((g) => {
      const old = oldGuests.get(g.spec.email);
      const change = old ? compareGuests(old, g) : null;
      return change ? [change] : [];
    })
    .sort(byEmail);
  const hasGroups = before.groups.length + after.groups.length > 0;
  return {
    added,
    removed,
    changed,
    ...(hasGroups ? { groups: diffGroups(before.groups, after.groups) } : {}),
  };
}

/** Tallies a diff. */
export function countDiff(diff: AccessDiff): DiffCounts {
  const accountEffects = accountChanges(diff);
  const groups = diff.groups ?? { added: [], removed: [], changed: [] };
  // Grants are role assignments: a group's grant counts once, whatever the number of its members.
  const holders = [...diff.changed, ...groups.changed];
  return {
    guestsAdded: diff.added.length,
    guestsRemoved: diff.removed.length,
    guestsChanged: diff.changed.length,
    grantsAdded:
      [...diff.added, ...groups.added].reduce((n, g) => n + g.grants.length, 0) +
      holders.reduce((n, c) => n + c.grantsAdded.length, 0),
    grantsRemoved:
      [...diff.removed, ...groups.removed].reduce((n, g) => n + g.grants.length, 0) +
      holders.reduce((n, c) => n + c.grantsRemoved.length, 0),
    grantsChanged: holders.reduce((n, c) => n + c.grantsChanged.length, 0),
    accountsDeleted: accountEffects.filter((a) => a.effect === "account-deleted").length,
    accountsReinvited: accountEffects.filter((a) => a.effect === "re-invited").length,
    ...(diff.groups
      ? {
          groupsAdded: groups.added.length,
          groupsRemoved: groups.removed.length,
          groupsChanged: groups.changed.length,
          membershipsAdded:
            diff.added.reduce((n, g) => n + (g.memberOf?.length ?? 0), 0) +
            diff.changed.reduce((n, c) => n + (c.membershipsAdded?.length ?? 0), 0),
          membershipsRemoved:
            diff.removed.reduce((n, g) => n + (g.memberOf?.length ?? 0), 0) +
            diff.changed.reduce((n, c) => n + (c.membershipsRemoved?.length ?? 0), 0),
        }
      : {}),
  };
}

/** Every account consequence of a diff: guests removed, then guests changed. */
function accountChanges(diff: AccessDiff): AccountChange[] {
  return [
    ...diff.removed.map((r) => r.account),
    ...diff.changed.flatMap((c) => (c.account ? [c.account] : [])),
  ];
}

/** Changes that cost a guest their account (deleted, or re-invited as a new one). */
export function destructiveCount(diff: AccessDiff): number {
  return accountChanges(diff).filter((a) => a.destructive).length;
}

/** True when nothing changed in meaning. */
export function isEmptyDiff(diff: AccessDiff): boolean {
  const groups = diff.groups
    ? diff.groups.added.length + diff.groups.removed.length + diff.groups.changed.length
    : 0;
  return diff.added.length + diff.removed.length + diff.changed.length + groups === 0;
}
