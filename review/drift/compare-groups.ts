/**
 * The drift review of the declared groups: each group's role assignments (keyed like a guest's, with the
 * group's object id as principal) and its direct members, against the declaration.
 *
 * - A group's grant found is `in-sync`; one declared and absent is `missing`; one past its expiry and present
 *   is `expired-present`; an assignment to the group that the declaration does not hold is `unmanaged` (or
 *   `inherited` above a declared scope). Every member holds what the group holds, so each of these findings
 *   names the declared members it reaches (`via`).
 * - A declared member not in the group is `missing-membership`; a member the declaration does not list is
 *   `out-of-band-member`: access through the back door, which the `guest-group-only-declared` guardrail
 *   refuses at deploy time but cannot see when it is made in the portal (`compare-members.ts`).
 * - A group deleted by hand is `group-missing`; a group of the declared name that the stack did not create,
 *   or several of it, is `group-name-taken`.
 *
 * Cost: one map lookup per tenant assignment (done by the caller only for principals that are no declared
 * guest), and work linear in the declared groups, grants, memberships and the members read.
 */

import type {
  AccessModel,
  ExpiredGrant,
  GrantSpec,
  ResolvedGroup,
  ResolvedGuest,
} from "../../access/model";
import type { RoleCatalog } from "../../azure/roles";
import { isScopeWithin } from "../../azure/scope";
import { judgeMembers, missingMembership, type MembersContext } from "./compare-members";
import { DeclaredGrants } from "./declared";
import type { Directory } from "./directory";
import {
  adoptGroupGrantYaml,
  adoptOrDeleteFix,
  deployFix,
  expiredFix,
  groupNameTakenFix,
  NO_FIX,
  orphanFix,
  recoverGroupFix,
  refreshDeployFix,
  type FixContext,
} from "./fixes";
import {
  describedGroups,
  GroupDirectory,
  membersByGroup,
  membersOf,
  resolveGroup,
  type GroupAccount,
} from "./groups";
import type { DriftClass, DriftFinding, DriftFix, TenantAssignment, TenantSnapshot } from "./model";
import type { GuestAccount } from "./principals";
import type { DeployedGroups } from "./state-groups";

/** What the group review needs from the rest of the comparison. */
export interface GroupReviewContext {
  readonly model: AccessModel;
  readonly tenant: TenantSnapshot;
  readonly catalog: RoleCatalog;
  readonly context: FixContext;
  /** The stack's groups and memberships (`--state`). */
  readonly deployed: DeployedGroups | undefined;
  /** The tenant's users, when read. */
  readonly directory: Directory | undefined;
  /** Scopes whose assignments were read (normalised); empty when the source does not say. */
  readonly readScopes: ReadonlySet<string>;
}

/** A declared group with its object id. */
interface GroupEntry {
  readonly group: ResolvedGroup;
  readonly objectId: string;
}

/** `<role> on <scope>`, as a finding's `via` lists a group's grants. */
function grantText(grant: GrantSpec): string {
  return `${grant.role.name} on ${grant.scope}`;
}

function isManagementGroupOrRoot(scope: string): boolean {
  return scope === "/" || scope.startsWith("/providers/Microsoft.Management/managementGroups/");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The review of the declared groups; see the module's comment. */
export class GroupReview {
  /** Whether the declaration has any group (if not, nothing here costs anything). */
  readonly any: boolean;
  private readonly accounts = new Map<ResolvedGroup, GroupAccount>();
  private readonly byPrincipal = new Map<string, GroupEntry>();
  private readonly active = new DeclaredGrants<GrantSpec>((g) => g, "last");
  private readonly expired = new DeclaredGrants<ExpiredGrant>((e) => e.grant, "last");
  private readonly found = new Set<GrantSpec>();
  private readonly notes: string[] = [];

  constructor(private readonly c: GroupReviewContext) {
    this.any = c.model.groups.length > 0;
    if (!this.any) return;
    const directory = c.tenant.groups ? new GroupDirectory(c.tenant.groups) : undefined;
    let described: Map<string, string> | undefined;
    const declared = new Set(c.model.groups.map((g) => g.spec.name));
    for (const group of c.model.groups) {
      const account = resolveGroup(group, {
        directory,
        deployed: c.deployed?.groups,
        describedFor: (name) =>
          (described ??= describedGroups(c.tenant.assignments, declared)).get(name),
      });
      this.accounts.set(group, account);
      if (account.kind !== "resolved" && account.kind !== "group-missing") continue;
      // A deleted group's orphaned assignments are its own: judged against its grants, not left unreviewed.
      if (this.byPrincipal.has(account.objectId)) continue;
      this.byPrincipal.set(account.objectId, { group, objectId: account.objectId });
      for (const g of group.spec.grants) this.active.add(account.objectId, g);
      for (const e of group.expiredGrants) this.expired.add(account.objectId, e);
    }
    const unknown = c.model.groups.filter((g) => this.accounts.get(g)?.kind === "unknown");
    if (unknown.length > 0) {
      this.notes.push(
        `${plural(unknown.length, "declared group")} (${unknown.map((g) => g.spec.name).join(", ")}) could not be found: neither the tenant's groups (--groups FILE, or --live) nor the stack's state (--state FILE) were given; their grants and members are not judged`,
      );
    }
  }

  /** Whether `principalId` is a declared group's. */
  holds(principalId: string): boolean {
    return this.byPrincipal.has(principalId);
  }

  /** Judges one assignment whose principal is a declared group (`holds`); `scope` normalised. */
  judge(a: TenantAssignment, scope: string, roleName: string): DriftFinding {
    const entry = this.byPrincipal.get(a.principalId) as GroupEntry;
    const { group } = entry;
    const name = group.spec.name;
    const members = group.members;
    const finding = (
      cls: DriftClass,
      detail: string,
      fix: DriftFix,
      via: readonly string[] = members,
    ): DriftFinding => ({
      class: cls,
      principalId: a.principalId,
      email: "",
      group: name,
      roleId: a.roleId,
      roleName,
      scope,
      assignmentId: a.id,
      detail,
      fix,
      via,
    });
    const reach = `${plural(members.length, "declared member")} ${members.length === 1 ? "holds" : "hold"} it through the group`;
    if (this.accounts.get(group)?.kind === "group-missing") {
      return finding(
        "orphaned",
        `The group ${name} no longer exists; this assignment of it still holds ${roleName || a.roleId} here.`,
        orphanFix(a),
      );
    }
    const declared = this.active.get(a.principalId, a.roleId, scope);
    if (declared !== undefined && !this.found.has(declared)) {
      this.found.add(declared);
      return finding("in-sync", `Declared for group ${name} and present; ${reach}.`, NO_FIX);
    }
    const expiredGrant = this.expired.get(a.principalId, a.roleId, scope);
    if (expiredGrant) {
      return finding(
        "expired-present",
        `Declared for group ${name} until ${expiredGrant.grant.expires ?? "?"}, past its expiry, and still in Azure; ${reach}.`,
        expiredFix(this.c.context, a),
      );
    }
    const below = group.spec.grants.filter(
      (g) => g.scope !== scope && isScopeWithin(g.scope, scope),
    );
    const inherited =
      below.length > 0 || (isManagementGroupOrRoot(scope) && !this.c.readScopes.has(scope));
    const adopted = {
      role: this.c.catalog.byId(a.roleId)?.name ?? a.roleId,
      scope,
      assignmentName: a.name,
    };
    return finding(
      inherited ? "inherited" : "unmanaged",
      inherited
        ? `Not declared for group ${name}, at a scope above ${below.length > 0 ? [...new Set(below.map((g) => g.scope))].join(", ") : "the scopes read"}: ${reach}, by inheritance there.`
        : `Not declared for group ${name}: given to the group outside this project, and ${reach}.`,
      adoptOrDeleteFix(a, adoptGroupGrantYaml(name, adopted), !this.c.catalog.byId(a.roleId)),
    );
  }

  /**
   * The findings that need every assignment seen first: missing grants, the groups themselves, and the
   * memberships. `accountOf` gives a declared guest's account, `guestOf` the declared guest holding an
   * account; `judgeable` says whether a scope's assignments were read.
   */
  finish(
    accountOf: (email: string) => GuestAccount | undefined,
    guestOf: (principalId: string) => ResolvedGuest | undefined,
    judgeable: (scope: string) => boolean,
  ): { findings: DriftFinding[]; notJudged: number; notes: string[] } {
    const findings: DriftFinding[] = [];
    let notJudged = 0;
    if (!this.any) return { findings, notJudged, notes: [] };
    const read = membersByGroup(this.c.tenant.groupMembers);
    const mc: MembersContext = {
      context: this.c.context,
      directory: this.c.directory,
      deployed: this.c.deployed,
      accountOf,
      guestOf,
    };
    const membersNotGiven: string[] = [];
    for (const group of this.c.model.groups) {
      const account = this.accounts.get(group) as GroupAccount;
      const name = group.spec.name;
      const base = {
        email: "",
        group: name,
        roleId: "",
        roleName: "",
        scope: "",
        assignmentId: "",
      };
      const grantsVia = group.spec.grants.map(grantText);
      switch (account.kind) {
        case "unknown":
          notJudged += group.spec.grants.length + group.members.length;
          continue;
        case "group-missing":
          findings.push({
            ...base,
            class: "group-missing",
            principalId: account.objectId,
            detail: `The declared group no longer exists: ${account.evidence}. Its ${plural(group.members.length, "declared member")} ${group.members.length === 1 ? "has" : "have"} lost what it grants.`,
            fix: recoverGroupFix(this.c.context, name),
            via: grantsVia,
          });
          continue;
        case "name-taken":
          findings.push({
            ...base,
            class: "group-name-taken",
            principalId: account.groups.length === 1 ? account.groups[0]!.id : "",
            detail: `${account.reason.charAt(0).toUpperCase()}${account.reason.slice(1)}.`,
            fix: groupNameTakenFix(group.spec.displayName, account.groups),
            via: grantsVia,
          });
          notJudged += group.spec.grants.length + group.members.length;
          continue;
        case "not-created":
        case "resolved":
          break;
      }
      const objectId = account.kind === "resolved" ? account.objectId : "";
      for (const grant of group.spec.grants) {
        if (!judgeable(grant.scope)) {
          notJudged++;
          continue;
        }
        const declared = objectId
          ? this.active.get(objectId, grant.role.id, grant.scope)
          : undefined;
        if (declared !== undefined && this.found.has(declared)) continue;
        findings.push({
          ...base,
          class: "missing",
          principalId: objectId,
          roleId: grant.role.id,
          roleName: grant.role.name,
          scope: grant.scope,
          detail: objectId
            ? `Declared for group ${name}, and not in Azure: its ${plural(group.members.length, "declared member")} lack it.`
            : `Declared for group ${name}, which does not exist yet: the next up creates the group and grants it.`,
          fix: objectId
            ? refreshDeployFix(
                this.c.context,
                "Deploy with a refresh: the refresh forgets an assignment deleted by hand, and the update creates it again.",
              )
            : deployFix(this.c.context, "Deploy: the next up creates the group and grants it."),
          via: group.members,
        });
      }
      if (account.kind === "not-created") {
        for (const email of group.members) {
          findings.push(
            missingMembership(
              mc,
              group,
              email,
              "",
              grantsVia,
              "the group does not exist yet: the next up creates it and adds the guest",
            ),
          );
        }
        continue;
      }
      const members = membersOf(read, group, objectId);
      if (members === undefined) {
        notJudged += group.members.length;
        if (!this.failedMembers(objectId)) membersNotGiven.push(name);
        continue;
      }
      findings.push(...judgeMembers(mc, group, objectId, members, grantsVia));
    }
    if (membersNotGiven.length > 0) {
      this.notes.push(
        `the members of ${membersNotGiven.join(", ")} were not read (offline: --group-members NAME=FILE, from az ad group member list --group <id>): ${membersNotGiven.length === 1 ? "its" : "their"} memberships are not judged, and a member added by hand would go unseen`,
      );
    }
    return { findings, notJudged, notes: this.notes };
  }

  /** Whether the read of a group's members failed (it is an error in the report already). */
  private failedMembers(objectId: string): boolean {
    return this.c.tenant.errors.some((e) => e.target === `/groups/${objectId}/members`);
  }
}
