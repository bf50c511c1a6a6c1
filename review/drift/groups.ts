/**
 * Which Entra ID group each declared group is. The declaration names a group by its key under `groups:`; its
 * object id is known to the stack's state (the `azuread.Group`'s `objectId`) and, failing that, to the tenant
 * (the one group whose display name is `guest-access-<name>`, which `preventDuplicateNames` keeps unique for
 * the groups this project creates).
 *
 * Like a guest's account (`principals.ts`): with the state, a group the state holds that the tenant lacks was
 * deleted by hand, and a group of the name that the stack did not create makes the next `up` fail; without
 * it, two groups of the name cannot be told apart, and an assignment this project made for the group (its
 * description starts `guest-access: group <name>;`) whose principal is no group of the tenant is the
 * evidence of a deleted one.
 */

import type { ResolvedGroup } from "../../access/model";
import { groupHolder } from "../../azure/names";
import type { GroupMembers, TenantAssignment, TenantGroup, TenantMember } from "./model";

/** Where a declared group stands in the tenant. */
export type GroupAccount =
  /** The group's object id, and the group when the tenant's groups were read. */
  | {
      readonly kind: "resolved";
      readonly objectId: string;
      readonly group?: TenantGroup;
      readonly via: "state" | "name";
    }
  /** No group yet: the next `up` creates it. */
  | { readonly kind: "not-created" }
  /** The group existed and is gone. */
  | { readonly kind: "group-missing"; readonly objectId: string; readonly evidence: string }
  /** Groups of the name exist that this group cannot be (or cannot be told from one another). */
  | {
      readonly kind: "name-taken";
      readonly groups: readonly TenantGroup[];
      readonly reason: string;
    }
  /** Neither the state nor the tenant's groups were read: the group's grants are not judged. */
  | { readonly kind: "unknown" };

/** The tenant's groups, looked up by id and by display name. */
export class GroupDirectory {
  private readonly byId = new Map<string, TenantGroup>();
  private readonly byName = new Map<string, TenantGroup[]>();

  constructor(groups: readonly TenantGroup[]) {
    for (const group of groups) {
      this.byId.set(group.id, group);
      if (group.displayName === undefined) continue;
      // Graph compares display names without regard to case (`preventDuplicateNames` does too).
      const key = group.displayName.toLowerCase();
      const same = this.byName.get(key);
      if (same) same.push(group);
      else this.byName.set(key, [group]);
    }
  }

  /** The group with this object id. */
  group(id: string): TenantGroup | undefined {
    return this.byId.get(id);
  }

  /** Every group of this display name. */
  named(displayName: string): readonly TenantGroup[] {
    return this.byName.get(displayName.toLowerCase()) ?? [];
  }
}

/** What resolution reads. */
export interface GroupSources {
  /** The tenant's groups; `undefined` when none were read. */
  readonly directory: GroupDirectory | undefined;
  /** The stack's groups by name (`--state`); `undefined` without it. */
  readonly deployed: ReadonlyMap<string, string> | undefined;
  /** The principal an assignment described as the group's points at (evidence of a deleted group). */
  readonly describedFor: (name: string) => string | undefined;
}

/** Resolves one declared group. */
export function resolveGroup(group: ResolvedGroup, sources: GroupSources): GroupAccount {
  const { name, displayName } = group.spec;
  const { directory, deployed } = sources;
  const objectId = deployed?.get(name);
  if (objectId !== undefined) {
    if (!directory) return { kind: "resolved", objectId, via: "state" };
    const found = directory.group(objectId);
    return found
      ? { kind: "resolved", objectId, group: found, via: "state" }
      : {
          kind: "group-missing",
          objectId,
          evidence: `the group ${objectId} that the stack created is not in the tenant`,
        };
  }
  if (!directory) return deployed ? { kind: "not-created" } : { kind: "unknown" };
  const named = directory.named(displayName);
  if (named.length === 0) {
    const described = sources.describedFor(name);
    return described && !directory.group(described)
      ? {
          kind: "group-missing",
          objectId: described,
          evidence: `role assignments this project made for the group point at ${described}, which is not a group of the tenant`,
        }
      : { kind: "not-created" };
  }
  if (deployed) {
    return {
      kind: "name-taken",
      groups: named,
      reason: `the stack has not created this group, and the tenant already has a group named ${displayName}: the next up fails (preventDuplicateNames) rather than make a twin`,
    };
  }
  if (named.length > 1) {
    return {
      kind: "name-taken",
      groups: named,
      reason: `${named.length} groups are named ${displayName}: which one the declared group is cannot be told`,
    };
  }
  const only = named[0] as TenantGroup;
  return { kind: "resolved", objectId: only.id, group: only, via: "name" };
}

const DESCRIPTION_GROUP = /^guest-access: group ([a-z0-9-]+)(?:;|$)/;

/** The declared group an assignment's description names, when this project wrote it. */
export function describedGroup(description: string | undefined): string | undefined {
  if (!description?.startsWith(PREFIX)) return undefined;
  return DESCRIPTION_GROUP.exec(description)?.[1];
}

/** `guest-access: group `: what every description of a group's grant starts with (`grantDescription`). */
const PREFIX = `guest-access: ${groupHolder("")}`;

/**
 * The principal each declared group's assignments point at, by what their descriptions say: asked only for
 * a group no tenant group answers to, so most reviews never read the descriptions for it.
 */
export function describedGroups(
  assignments: readonly TenantAssignment[],
  declared: ReadonlySet<string>,
): Map<string, string> {
  const found = new Map<string, string>();
  for (const a of assignments) {
    const name = describedGroup(a.description);
    if (name !== undefined && declared.has(name) && !found.has(name))
      found.set(name, a.principalId);
  }
  return found;
}

/**
 * The members read for a declared group: by its object id (live, or `--group-members <id>=FILE`), by its
 * name under `groups:`, or by its display name (`--group-members <name>=FILE`); `undefined` when none were.
 */
export function membersOf(
  read: ReadonlyMap<string, readonly TenantMember[]>,
  group: ResolvedGroup,
  objectId: string,
): readonly TenantMember[] | undefined {
  return (
    read.get(objectId) ??
    read.get(group.spec.name.toLowerCase()) ??
    read.get(group.spec.displayName.toLowerCase())
  );
}

/** The members read, by the group they were read for (lower-case). */
export function membersByGroup(
  lists: readonly GroupMembers[] | undefined,
): Map<string, readonly TenantMember[]> {
  return new Map((lists ?? []).map((l) => [l.group.toLowerCase(), l.members]));
}
