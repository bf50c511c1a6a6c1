/**
 * Declared grants indexed by what an assignment is keyed by: (principal object id, role GUID, normalised
 * scope). The review looks up one entry per guest's assignment in a tenant of hundreds of thousands, so the
 * index is built to need no key string per lookup: by scope, then by principal (strings whose hashes the
 * engine keeps once computed: a normalised scope is shared by every assignment at it, a principal id was
 * already looked up), then among the few roles a guest holds at one scope.
 */

import type { GrantSpec } from "../../access/model";

/** Grants (or anything holding one) by principal, role and scope. */
export class DeclaredGrants<T> {
  private readonly byScope = new Map<string, Map<string, T[]>>();

  /**
   * @param grantOf The declared grant of an item (its role and normalised scope).
   * @param keep Which of two items with one key the index keeps: the first added, or the last.
   */
  constructor(
    private readonly grantOf: (item: T) => GrantSpec,
    private readonly keep: "first" | "last",
  ) {}

  /** Adds `item`, granted to `principalId`. */
  add(principalId: string, item: T): void {
    const grant = this.grantOf(item);
    let byPrincipal = this.byScope.get(grant.scope);
    if (byPrincipal === undefined) {
      byPrincipal = new Map();
      this.byScope.set(grant.scope, byPrincipal);
    }
    const items = byPrincipal.get(principalId);
    if (items === undefined) {
      byPrincipal.set(principalId, [item]);
      return;
    }
    const same = items.findIndex((i) => this.grantOf(i).role.id === grant.role.id);
    if (same < 0) items.push(item);
    else if (this.keep === "last") items[same] = item;
  }

  /** The item with this key, if one was added. */
  get(principalId: string, roleId: string, scope: string): T | undefined {
    const items = this.byScope.get(scope)?.get(principalId);
    if (items === undefined) return undefined;
    for (const item of items) if (this.grantOf(item).role.id === roleId) return item;
    return undefined;
  }
}
