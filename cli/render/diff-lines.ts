/**
 * Shared wording for `diff` printers: a grant of the diff in a few words, the summary counts, and the list
 * of account consequences that must be read before merging.
 */

import type { AccessDiff, AccountChange, DiffCounts, GrantRef } from "../diff-model";

/** `Reader (acdd72a7-…) on shop-prod (/subscriptions/…)`. */
export function grantRefText(grant: GrantRef): string {
  const scope = grant.scopeName ? `${grant.scopeName} (${grant.scope})` : grant.scope;
  return `${grant.roleName} (${grant.roleId}) on ${scope}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `1 guest added, 0 removed, 2 changed; 3 grants added, 1 removed, 0 changed; 1 account deleted, 0 re-invited`. */
export function diffCountsText(c: DiffCounts): string {
  return (
    `${plural(c.guestsAdded, "guest", "guests")} added, ${c.guestsRemoved} removed, ${c.guestsChanged} changed; ` +
    `${plural(c.grantsAdded, "grant", "grants")} added, ${c.grantsRemoved} removed, ${c.grantsChanged} changed; ` +
    `${plural(c.accountsDeleted, "account", "accounts")} deleted, ${c.accountsReinvited} re-invited`
  );
}

/** Every account consequence worth a warning (not "account kept"), destructive first, then by email. */
export function accountAlerts(diff: AccessDiff): { email: string; account: AccountChange }[] {
  const all = [
    ...diff.removed.map((r) => ({ email: r.email, account: r.account })),
    ...diff.changed.flatMap((c) => (c.account ? [{ email: c.email, account: c.account }] : [])),
  ].filter((a) => a.account.effect !== "account-kept");
  return all.sort(
    (a, b) =>
      Number(b.account.destructive) - Number(a.account.destructive) ||
      (a.email < b.email ? -1 : a.email > b.email ? 1 : 0),
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
    case "account-kept":
      return "account kept";
  }
}
