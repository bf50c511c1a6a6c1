/**
 * Which scopes a live review reads. ARM lists "all role assignments that apply to a scope"
 * (RoleAssignments_ListForScope, API 2022-04-01): without a filter, those at, above and below it; with
 * `$filter=atScope()`, those at or above it. So one read per subscription (or narrower scope) that the
 * declaration or the policy config names covers every scope inside it, and the management groups and root
 * above it. A management group is read with `atScope()`: below it lie whole subscriptions, read on their own
 * when named.
 */

import { isScopeWithin, normaliseScope } from "../../../azure/scope";

/** One read: a scope, and the `$filter` it is read with. */
export interface ScopeRead {
  /** The normalised scope. */
  readonly scope: string;
  /** `atScope()` for a management group; none (at, above and below) otherwise. */
  readonly filter?: "atScope()";
}

const MANAGEMENT_GROUP = "/providers/Microsoft.Management/managementGroups/";

/** The named scopes, normalised, without duplicates; names that are no scope are left out. */
export function namedScopes(raw: Iterable<string>): string[] {
  const scopes = new Set<string>();
  for (const r of raw) {
    const scope = normaliseScope(r.trim());
    if (scope !== undefined && scope !== "/") scopes.add(scope);
  }
  return [...scopes].sort();
}

/** The fewest reads that cover `scopes`: a scope inside another named one is covered by it. */
export function coveringReads(scopes: readonly string[]): ScopeRead[] {
  const groups = scopes.filter((s) => s.startsWith(MANAGEMENT_GROUP));
  const others = scopes
    .filter((s) => !s.startsWith(MANAGEMENT_GROUP))
    .sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const kept: string[] = [];
  for (const scope of others) if (!kept.some((k) => isScopeWithin(scope, k))) kept.push(scope);
  return [
    ...groups.map((scope): ScopeRead => ({ scope, filter: "atScope()" })),
    ...kept.sort().map((scope): ScopeRead => ({ scope })),
  ];
}

/** When the read of `failed` is refused, the named scopes strictly inside it, to read one by one instead. */
export function narrowerReads(failed: string, scopes: readonly string[]): ScopeRead[] {
  if (failed.startsWith(MANAGEMENT_GROUP)) return [];
  return coveringReads(scopes.filter((s) => s !== failed && isScopeWithin(s, failed)));
}
