/**
 * The mass-removal guard. A truncated file, a bad merge or a wrong `--base` looks like a small diff in the
 * YAML and revokes everyone; with `onRemove: delete-user` it deletes their accounts. So `diff` and
 * `plan --state` fail (exit 1) when a change removes more than `maxGuests` guests or more than
 * `maxGrantPercent` percent of the grants, unless the operator says it is meant (`--allow-mass-removal`).
 * Grants revoked because their expiry passed are the file working as written: they are not counted. A share
 * counts from `MIN_GRANTS_FOR_SHARE` grants removed: taking 1 of 2 grants away is an everyday change, while a
 * truncated file takes at least that many from any declaration worth guarding.
 */

import { GUEST_COMPONENT_TYPE, isRoleAssignmentType } from "../azure/tokens";
import { nameOfUrn } from "../azure/urn";
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
 * deployed. `expiredNames` are the logical names of grants revoked by their expiry (not counted).
 */
export function removalsInChanges(
  changes: readonly ResourceChange[],
  expiredNames: ReadonlySet<string>,
): RemovalCounts {
  const deployed = changes.filter((c) => c.kind !== "create");
  const guests = deployed.filter((c) => c.type === GUEST_COMPONENT_TYPE);
  const grants = deployed.filter((c) => isRoleAssignmentType(c.type));
  return {
    guestsBefore: guests.length,
    guestsRemoved: guests.filter((c) => c.kind === "delete").length,
    grantsBefore: grants.length,
    grantsRemoved: grants.filter((c) => c.kind === "delete" && !expiredNames.has(nameOfUrn(c.urn)))
      .length,
  };
}

/** What a diff removes: guests, and grants not revoked by their expiry, against the old side's. */
export function removalsInDiff(
  diff: AccessDiff,
  oldGuests: readonly { readonly spec: { readonly grants: readonly unknown[] } }[],
): RemovalCounts {
  return {
    guestsBefore: oldGuests.length,
    guestsRemoved: diff.removed.length,
    grantsBefore: oldGuests.reduce((n, g) => n + g.spec.grants.length, 0),
    grantsRemoved:
      diff.removed.reduce((n, g) => n + g.grants.length, 0) +
      diff.changed.reduce(
        (n, g) => n + g.grantsRemoved.filter((r) => r.reason !== "expired").length,
        0,
      ),
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
