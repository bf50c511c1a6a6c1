/**
 * Access through groups, as reviewers read it: each group with its grants and members, and for each guest
 * the grants it gets through the groups it joins ("via group X"), with the effective expiry (the earlier of
 * the group grant's and the guest's own, since a membership ends with the guest). Pure, from the model; what
 * `plan` prints in every format.
 */

import type { AccessModel, GrantSpec, ResolvedGuest } from "../access/model";
import { earlierDate } from "../access/dates";

/** One grant as the report shows it; `via` names the group it comes through (null: the guest's own). */
export interface AccessGrant {
  readonly roleName: string;
  readonly roleId: string;
  readonly scope: string;
  readonly scopeName: string | null;
  readonly expires: string | null;
  readonly via: string | null;
}

/** One group, as `plan --format json` prints it. */
export interface GroupReport {
  readonly name: string;
  /** The Entra ID display name. */
  readonly displayName: string;
  readonly sponsor: string;
  readonly reason: string;
  /** The members' emails, sorted. */
  readonly members: readonly string[];
  /** The active grants (each one role assignment, whatever the number of members). */
  readonly grants: readonly AccessGrant[];
  /** Grants past their expiry: revoked from every member. */
  readonly expiredGrants: readonly AccessGrant[];
}

/** A guest's access, direct and through groups, as `plan --format json` prints it. */
export interface GuestAccess {
  readonly email: string;
  readonly memberOf: readonly string[];
  readonly grants: readonly AccessGrant[];
}

function accessGrant(grant: GrantSpec, via: string | null, until?: string): AccessGrant {
  return {
    roleName: grant.role.name,
    roleId: grant.role.id,
    scope: grant.scope,
    scopeName: grant.scopeName ?? null,
    expires: earlierDate(grant.expires, until) ?? null,
    via,
  };
}

/** Every group, by name. */
export function groupsReport(model: AccessModel): GroupReport[] {
  return model.groups.map((g) => ({
    name: g.spec.name,
    displayName: g.spec.displayName,
    sponsor: g.spec.sponsor,
    reason: g.spec.reason,
    members: g.members,
    grants: g.spec.grants.map((grant) => accessGrant(grant, null)),
    expiredGrants: g.expiredGrants.map(({ grant }) => accessGrant(grant, null)),
  }));
}

/** The grants a guest gets through its groups, group by group (by name), each group's in key order. */
export function grantsViaGroups(model: AccessModel, guest: ResolvedGuest): AccessGrant[] {
  const byName = new Map(model.groups.map((g) => [g.spec.name, g]));
  return (guest.spec.memberOf ?? []).flatMap((name) =>
    (byName.get(name)?.spec.grants ?? []).map((grant) =>
      accessGrant(grant, name, guest.spec.expires),
    ),
  );
}

/** Every guest's access, direct grants first, then through groups. */
export function guestsAccess(model: AccessModel): GuestAccess[] {
  return model.guests.map((guest) => ({
    email: guest.spec.email,
    memberOf: guest.spec.memberOf ?? [],
    grants: [
      ...guest.spec.grants.map((grant) => accessGrant(grant, null)),
      ...grantsViaGroups(model, guest),
    ],
  }));
}

/** How many memberships the model declares. */
export function membershipCount(model: AccessModel): number {
  return model.guests.reduce((n, g) => n + (g.spec.memberOf?.length ?? 0), 0);
}
