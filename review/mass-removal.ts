/**
 * The mass-removal guard. A truncated file, a bad merge or a wrong `--base` looks like a small diff in the
 * YAML and revokes everyone; with `onRemove: delete-user` it deletes their accounts. So `diff` and
 * `plan --state` fail (exit 1) when a change removes more than `maxGuests` guests or more than
 * `maxGrantPercent` percent of the grants, unless the operator says it is meant (`--allow-mass-removal`).
 * Grants revoked because their expiry passed are the file working as written: they are not counted. A share
 * counts from `MIN_GRANTS_FOR_SHARE` grants removed: taking 1 of 2 grants away is an everyday change, while a
 * truncated file takes at least that many from any declaration worth guarding.
 *
 * Grants are counted as access, per guest: a group's grant counts once for each member, so deleting a group
 * (or one of its grants) of 40 members removes 40 grants, and a guest leaving a group loses each of its
 * grants. A declaration without groups counts exactly its guests' grants.
 */

import {
  GROUP_COMPONENT_TYPE,
  GROUP_MEMBER_TYPE,
  GUEST_COMPONENT_TYPE,
  isRoleAssignmentType,
} from "../azure/tokens";
import { nameOfUrn, parentTypeOfUrn } from "../azure/urn";
import { hasExpired } from "../access/dates";
import type { AccessModel } from "../access/model";
import type { ResourceChange } from "./state";
import type { AccessDiff } from "./diff-model";

/** How much one change may remove before it needs `--allow-mass-removal`. */
export interface RemovalLimits {
  /** Guests removed, at most (default 10). */
  readonly maxGuests: number;
  /** Grants removed, as a percentage of those there before, at most (default 25). */
  readonly maxGrantPercent: number;
}

/** The fewest grants removed for the share rule to apply. */
export const MIN_GRANTS_FOR_SHARE = 4;

/** The defaults of `--max-removed-guests` and `--max-removed-grants`. */
export const DEFAULT_REMOVAL_LIMITS: RemovalLimits = { maxGuests: 10, maxGrantPercent: 25 };

/** What a change removes. */
export interface RemovalCounts {
  readonly guestsRemoved: number;
  readonly guestsBefore: number;
  /** Grants removed, not counting those revoked by their expiry. */
  readonly grantsRemoved: number;
  readonly grantsBefore: number;
}

/** The guard's verdict, as the reports print it. */
export interface MassRemoval extends RemovalCounts {
  /** The limits judged against. */
  readonly limits: RemovalLimits;
  /** True when a limit is passed. */
  readonly exceeded: boolean;
  /** True when `--allow-mass-removal` was given. */
  readonly allowed: boolean;
  /** True when the change fails because of it: exceeded and not allowed. */
  readonly blocking: boolean;
  /** Why, in one sentence (empty when not exceeded). */
  readonly reason: string;
}

function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : (100 * part) / whole;
}

/** Judges removal counts against the limits. */
export function judgeRemoval(
  counts: RemovalCounts,
  limits: RemovalLimits,
  allowed: boolean,
): MassRemoval {
  const share = percent(counts.grantsRemoved, counts.grantsBefore);
  const reasons: string[] = [];
  if (counts.guestsRemoved > limits.maxGuests)
    reasons.push(
      `${counts.guestsRemoved} of ${counts.guestsBefore} guests removed (more than ${limits.maxGuests})`,
    );
  if (share > limits.maxGrantPercent && counts.grantsRemoved >= MIN_GRANTS_FOR_SHARE)
    reasons.push(
      `${counts.grantsRemoved} of ${counts.grantsBefore} grants removed (${Math.round(share)}%, more than ${limits.maxGrantPercent}%)`,
    );
  const exceeded = reasons.length > 0;
  const reason = exceeded
    ? `mass removal: ${reasons.join(" and ")}; a truncated or mis-merged file looks like this. ${
        allowed
          ? "Allowed by --allow-mass-removal."
          : "If it is meant, run again with --allow-mass-removal."
      }`
    : "";
  return { ...counts, limits, exceeded, allowed, blocking: exceeded && !allowed, reason };
}

/**
 * What an update removes from a deployed stack: Guest components and role assignments deleted, against those
 * deployed, a group's counted once per deployed member. `expiredNames` are the logical names of grants revoked
 * by their expiry, and of memberships ended by their guest's (not counted). A grants stack holds no
 * membership (they are the identities stack's): `membersElsewhere` then gives a group's number of members.
 */
export function removalsInChanges(
  changes: readonly ResourceChange[],
  expiredNames: ReadonlySet<string>,
  membersElsewhere?: (group: string) => number,
): RemovalCounts {
  const deployed = changes.filter((c) => c.kind !== "create");
  const guests = deployed.filter((c) => c.type === GUEST_COMPONENT_TYPE);
  const grants = deployed.filter((c) => isRoleAssignmentType(c.type));
  const removedGrant = (c: ResourceChange): boolean =>
    c.kind === "delete" && !expiredNames.has(nameOfUrn(c.urn));
  // A group's grant is access for each deployed member; its members are the memberships named after it.
  const membersOf = (group: string): ResourceChange[] =>
    deployed.filter(
      (c) => c.type === GROUP_MEMBER_TYPE && nameOfUrn(c.urn).endsWith(`-member-${group}`),
    );
  let grantsBefore = 0;
  let grantsRemoved = 0;
  for (const grant of grants) {
    if (parentTypeOfUrn(grant.urn) !== GROUP_COMPONENT_TYPE) {
      grantsBefore += 1;
      if (removedGrant(grant)) grantsRemoved += 1;
      continue;
    }
    const group = groupOfGrantName(nameOfUrn(grant.urn));
    const members = membersOf(group);
    if (membersElsewhere) {
      // A grants stack: the memberships are the identities stack's, so the declaration says how many.
      const count = membersElsewhere(group);
      grantsBefore += count;
      if (removedGrant(grant)) grantsRemoved += count;
      continue;
    }
    grantsBefore += members.length;
    // The grant gone: every member loses it; the grant kept: each member that leaves loses it (unless the
    // membership ended with the guest's expiry, named in `expiredNames` too).
    grantsRemoved += removedGrant(grant)
      ? members.length
      : members.filter((m) => m.kind === "delete" && !expiredNames.has(nameOfUrn(m.urn))).length;
  }
  return {
    guestsBefore: guests.length,
    guestsRemoved: guests.filter((c) => c.kind === "delete").length,
    grantsBefore,
    grantsRemoved,
  };
}

/** The group a group grant's logical name (`<group>-grant-<hash>`) belongs to. */
function groupOfGrantName(name: string): string {
  const at = name.lastIndexOf("-grant-");
  return at < 0 ? name : name.slice(0, at);
}

/**
 * Each guest's access in a model, as `email|grant key|via`: its own grants and each grant of every group it
 * joins, counted from the group's members (so a grants stack's part, whose guests are only those with grants
 * of their own there, counts its groups' grants once per member too). What a guest loses is what leaves this
 * set.
 */
function accessPairs(model: AccessModel): Set<string> {
  const pairs = new Set<string>();
  for (const { spec } of model.guests)
    for (const grant of spec.grants) pairs.add(`${spec.email}|${grant.key}|`);
  for (const { spec, members } of model.groups)
    for (const email of members)
      for (const grant of spec.grants) pairs.add(`${email}|${grant.key}|${spec.name}`);
  return pairs;
}

/**
 * Whether an access the new side no longer has ended by its expiry (the file working as written): a guest's
 * own grant listed as expired, a group's grant listed as expired, or a membership ended by the guest's expiry.
 * `after` is the whole declaration, where every guest is (a stack's part may not hold a group's member).
 */
function endedByExpiry(after: AccessModel): (pair: string) => boolean {
  const guests = new Map(after.guests.map((g) => [g.spec.email, g]));
  const groups = new Map(after.groups.map((g) => [g.spec.name, g]));
  return (pair) => {
    const [email = "", key = "", via = ""] = pair.split("|");
    const guest = guests.get(email);
    if (!guest) return false;
    if (via === "") return guest.expiredGrants.some((e) => e.grant.key === key);
    if (guest.spec.expires !== undefined && hasExpired(guest.spec.expires, after.today))
      return true;
    return groups.get(via)?.expiredGrants.some((e) => e.grant.key === key) ?? false;
  };
}

/**
 * What a diff removes: guests, and each guest's access (its own grants and those through its groups) not
 * ended by an expiry, against the old side's. `before` and `after` are what the stack deploys on each side;
 * `afterWhole`, the whole new declaration when that is more (a split stack), is where expiries are looked up.
 */
export function removalsInDiff(
  diff: AccessDiff,
  before: AccessModel | undefined,
  after: AccessModel | undefined,
  afterWhole: AccessModel | undefined = after,
): RemovalCounts {
  const old = before ? accessPairs(before) : new Set<string>();
  const now = after ? accessPairs(after) : new Set<string>();
  const expired = afterWhole ? endedByExpiry(afterWhole) : () => false;
  let grantsRemoved = 0;
  for (const pair of old) if (!now.has(pair) && !expired(pair)) grantsRemoved += 1;
  return {
    guestsBefore: before?.guests.length ?? 0,
    guestsRemoved: diff.removed.length,
    grantsBefore: old.size,
    grantsRemoved,
  };
}

/** Parses `--max-removed-guests`: a whole number. */
export function parseGuestLimit(value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new Error(`"${value}" is not a whole number of guests`);
  return Number(value);
}

/** Parses `--max-removed-grants`: a percentage from 0 to 100, with or without `%`. */
export function parsePercentLimit(value: string): number {
  const match = /^(\d{1,3}(?:\.\d+)?)%?$/.exec(value);
  const n = match ? Number(match[1]) : NaN;
  if (!(n >= 0 && n <= 100)) throw new Error(`"${value}" is not a percentage from 0 to 100`);
  return n;
}
