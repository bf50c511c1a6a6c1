/**
 * Shared wording for `diff` printers: a grant of the diff in a few words, the summary counts, and the list
 * of account consequences that must be read before merging.
 */

import { compareText } from "../../azure/compare";
import type { AccessDiff, AccountChange, DiffCounts, GrantRef } from "../../review/diff-model";
import { plural } from "./words";

/** `Reader (acdd72a7-…) on shop-prod (/subscriptions/…)`. */
export function grantRefText(grant: GrantRef): string {
  const scope = grant.scopeName ? `${grant.scopeName} (${grant.scope})` : grant.scope;
  return `${grant.roleName} (${grant.roleId}) on ${scope}`;
}

/** `1 guest added, 0 removed, 2 changed; 3 grants added, 1 removed, 0 changed; 1 account deleted, 0 re-invited`. */
export function diffCountsText(c: DiffCounts): string {
  const groups =
    c.groupsAdded !== undefined
      ? `; ${plural(c.groupsAdded, "group")} added, ${c.groupsRemoved ?? 0} removed, ${c.groupsChanged ?? 0} changed; ` +
        `${plural(c.membershipsAdded ?? 0, "membership")} added, ${c.membershipsRemoved ?? 0} removed`
      : "";
  return (
    `${plural(c.guestsAdded, "guest")} added, ${c.guestsRemoved} removed, ${c.guestsChanged} changed; ` +
    `${plural(c.grantsAdded, "grant")} added, ${c.grantsRemoved} removed, ${c.grantsChanged} changed; ` +
    `${plural(c.accountsDeleted, "account")} deleted, ${c.accountsReinvited} re-invited${groups}`
  );
}

/** `for 3 members`, what a group's grant change reaches. */
export function membersText(members: readonly unknown[]): string {
  return `for ${plural(members.length, "member")}`;
}

/** An account consequence worth a warning, with the grants whose principal it changes. */
export interface AccountAlert {
  readonly email: string;
  readonly account: AccountChange;
  /** Grants kept in the declaration that are made again for the new principal. */
  readonly grantsMoved: readonly GrantRef[];
}

/** Every account consequence worth a warning (not "account kept"), destructive first, then by email. */
export function accountAlerts(diff: AccessDiff): AccountAlert[] {
  const all: AccountAlert[] = [
    ...diff.removed.map((r) => ({ email: r.email, account: r.account, grantsMoved: [] })),
    ...diff.changed.flatMap((c) =>
      c.account ? [{ email: c.email, account: c.account, grantsMoved: c.grantsMoved }] : [],
    ),
  ].filter((a) => a.account.effect !== "account-kept");
  return all.sort(
    (a, b) =>
      Number(b.account.destructive) - Number(a.account.destructive) ||
      compareText(a.email, b.email),
  );
}

/** The loud name of an account effect. */
export function effectTitle(account: AccountChange): string {
  switch (account.effect) {
    case "account-deleted":
      return "ACCOUNT DELETED";
    case "re-invited":
      return "RE-INVITED";
    case "principal-changed":
      return "GRANTS MOVE TO ANOTHER USER";
    case "moved-to-existing-user":
      return "GRANTS MOVE TO AN EXISTING USER";
    case "account-kept":
      return "account kept";
  }
}
