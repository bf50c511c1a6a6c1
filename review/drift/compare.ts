/**
 * The drift review's core: the declaration (a resolved model) against the tenant (a snapshot), to findings.
 * Pure and synchronous: no I/O, so the same exports always give the same report.
 *
 * Every assignment and grant is keyed by (principal object id, role GUID, normalised scope); role definition
 * ids were folded to GUIDs and scopes normalised by the readers (`keys.ts`). Only guests' assignments are
 * judged: a member's, a group's or an application's is outside this review and only counted, except when
 * its principal no longer exists (`orphaned`: nobody can vouch for it).
 */

import type { AccessModel, ExpiredGrant, GrantSpec, ResolvedGuest } from "../../access/model";
import type { RoleCatalog } from "../../azure/roles";
import { isScopeWithin } from "../../azure/scope";
import { Directory, isGuestUser, userEmails } from "./directory";
import {
  adoptGrantYaml,
  adoptGuestYaml,
  adoptOrDeleteFix,
  deployFix,
  expiredFix,
  fixObjectIdFix,
  NO_FIX,
  orphanFix,
  pendingFix,
  recoverAccountFix,
  refreshDeployFix,
  setObjectIdFix,
  staleGuestFix,
  type FixContext,
} from "./fixes";
import { DeclaredGrants } from "./declared";
import { normaliseTenantScope } from "./keys";
import type {
  DeployedInvitation,
  DriftClass,
  DriftFinding,
  DriftFix,
  TenantAssignment,
  TenantSnapshot,
  TenantUser,
} from "./model";
import { describedEmail, resolveAccount, type GuestAccount } from "./principals";
import { GroupReview } from "./compare-groups";
import type { DeployedGroups } from "./state-groups";

/** How to judge. */
export interface CompareOptions {
  /** `YYYY-MM-DD`: the date pending invitations are measured to. */
  readonly today: string;
  /** An invitation pending for more days than this is a finding. */
  readonly pendingDays: number;
  /** Role names for the report. */
  readonly catalog: RoleCatalog;
  /** The stack the fixes deploy to. */
  readonly context: FixContext;
  /** Invitations in the stack's state by email (`--state`); without it, accounts are found by email. */
  readonly invitations?: ReadonlyMap<string, DeployedInvitation>;
  /** The stack's groups and memberships (`--state`); without it, groups are found by display name. */
  readonly groups?: DeployedGroups;
}

/** The comparison's result: the findings (unsorted) and the counts the summary needs. */
export interface Comparison {
  readonly findings: DriftFinding[];
  /** Assignments outside the review (members, groups, applications). */
  readonly notReviewed: number;
  /** Declared grants not judged: their scope's read failed, or the users could not be read. */
  readonly notJudged: number;
  /** Guest accounts in the tenant. */
  readonly tenantGuests: number;
  /** What the comparison could not judge, in words (groups not found, members not read). */
  readonly notes: readonly string[];
}

/** A declared guest with its account. */
interface DeclaredEntry {
  readonly guest: ResolvedGuest;
  readonly principalId: string;
}

const MS_PER_DAY = 86_400_000;

/** Whole days from `since` (ISO 8601) to the start of `today` (UTC); undefined when `since` is no date. */
export function daysSince(since: string | undefined, today: string): number | undefined {
  if (!since) return undefined;
  const then = Date.parse(since);
  if (Number.isNaN(then)) return undefined;
  return Math.floor((Date.parse(`${today}T00:00:00Z`) - then) / MS_PER_DAY);
}

function isManagementGroupOrRoot(scope: string): boolean {
  return scope === "/" || scope.startsWith("/providers/Microsoft.Management/managementGroups/");
}

/** Compares the declaration with the tenant. */
export function compareDrift(
  model: AccessModel,
  tenant: TenantSnapshot,
  options: CompareOptions,
): Comparison {
  const findings: DriftFinding[] = [];
  const directory = tenant.usersRead ? new Directory(tenant.users) : undefined;
  const roleNames = declaredRoleNames(model);
  for (const role of options.catalog.all())
    if (!roleNames.has(role.id)) roleNames.set(role.id, role.name);
  const roleName = (roleId: string, fallback = ""): string => roleNames.get(roleId) ?? fallback;
  const declaredEmails = new Set(model.guests.map((g) => g.spec.email));

  // An orphaned assignment that this project made for a declared guest (its description says so) is
  // evidence of a deleted account. Looked for once, and only when a guest has no account by its email: most
  // reviews never need to read every assignment's description for it.
  let orphaned: Map<string, string> | undefined;
  const orphanedFor = (email: string): string | undefined => {
    if (orphaned === undefined) {
      orphaned = new Map();
      for (const a of tenant.assignments) {
        if (!a.description?.startsWith("guest-access: ") || !isOrphan(a, directory)) continue;
        const described = describedEmail(a.description);
        if (described && declaredEmails.has(described)) orphaned.set(described, a.principalId);
      }
    }
    return orphaned.get(email);
  };

  const accounts = new Map<ResolvedGuest, GuestAccount>();
  const byPrincipal = new Map<string, DeclaredEntry>();
  // The grants of the guests that hold an account, in one index each (not one per guest: a declaration
  // holds tens of thousands); a grant found under a principal is the grant of the guest `byPrincipal`
  // holds for it. Of two grants with one key, a map by key kept the last: so do these.
  const active = new DeclaredGrants<GrantSpec>((g) => g, "last");
  const expired = new DeclaredGrants<ExpiredGrant>((e) => e.grant, "last");
  for (const guest of model.guests) {
    const account = resolveAccount(guest, {
      directory,
      invitations: options.invitations,
      orphanedFor,
    });
    accounts.set(guest, account);
    if (account.kind !== "resolved") continue;
    const principalId = account.principalId;
    // Two declared guests on one account: the first (by email) holds it, and the second is reported by
    // its grants being missing; access/ cannot see accounts, so this is only known here.
    if (byPrincipal.has(principalId)) continue;
    byPrincipal.set(principalId, { guest, principalId });
    for (const g of guest.spec.grants) active.add(principalId, g);
    for (const e of guest.expiredGrants) expired.add(principalId, e);
  }

  // The declared grants found in the tenant (each at most once: a second assignment with its key is not
  // in sync with it).
  const found = new Set<GrantSpec>();
  // Assignments share scopes: each is normalised once, and its one string shared by every finding at it.
  const scopes = new Map<string, string>();
  const readScopes = new Set(tenant.scopesRead ?? []);
  const scopeOf = (a: TenantAssignment): string => {
    let scope = scopes.get(a.scope);
    if (scope === undefined) {
      scope = normaliseTenantScope(a.scope);
      scopes.set(a.scope, scope);
    }
    return scope;
  };
  const groups = new GroupReview({
    model,
    tenant,
    catalog: options.catalog,
    context: options.context,
    deployed: options.groups,
    directory,
    readScopes,
  });
  let notReviewed = 0;
  for (const a of tenant.assignments) {
    const entry = byPrincipal.get(a.principalId);
    // A declared group's assignment: one lookup, and only when the declaration has groups at all.
    if (!entry && groups.any && groups.holds(a.principalId)) {
      findings.push(groups.judge(a, scopeOf(a), roleName(a.roleId, a.roleName)));
      continue;
    }
    const user = entry ? undefined : directory?.user(a.principalId);
    const orphan = !entry && isOrphanGiven(a, user, directory !== undefined);
    // Most assignments are members', groups' or applications': counted, and nothing built for them.
    if (!entry && !orphan && !(user && isGuestUser(user))) {
      notReviewed++;
      continue;
    }
    const scope = scopeOf(a);
    const name = roleName(a.roleId, a.roleName);
    const finding = (cls: DriftClass, email: string, detail: string, fix: DriftFix): DriftFinding =>
      assignmentFinding(cls, a, scope, name, email, detail, fix);
    if (orphan) {
      findings.push(
        finding(
          "orphaned",
          describedEmail(a.description) ?? "",
          `The principal ${a.principalId} of this assignment no longer exists ("Identity not found"); it still holds ${name || a.roleId} here.`,
          orphanFix(a),
        ),
      );
      continue;
    }
    if (entry) {
      const email = entry.guest.spec.email;
      const declared = active.get(a.principalId, a.roleId, scope);
      if (declared !== undefined && !found.has(declared)) {
        found.add(declared);
        findings.push(finding("in-sync", email, "Declared and present.", NO_FIX));
        continue;
      }
      const expiredGrant = expired.get(a.principalId, a.roleId, scope);
      if (expiredGrant) {
        findings.push(
          finding(
            "expired-present",
            email,
            `Declared until ${expiredGrant.grant.expires ?? "?"}, past its expiry, and still in Azure.`,
            expiredFix(options.context, a),
          ),
        );
        continue;
      }
      const below = entry.guest.spec.grants.filter(
        (g) => g.scope !== scope && isScopeWithin(g.scope, scope),
      );
      const inherited =
        below.length > 0 || (isManagementGroupOrRoot(scope) && !readScopes.has(scope));
      findings.push(
        finding(
          inherited ? "inherited" : "unmanaged",
          email,
          inherited
            ? `Not declared, at a scope above ${below.length > 0 ? [...new Set(below.map((g) => g.scope))].join(", ") : "the scopes read"}: it applies there by inheritance.`
            : "Not declared: given outside this project (in the portal, by az, by another stack).",
          adoptOrDeleteFix(
            a,
            adoptGrantYaml(email, adoptedGrant(a, scope, options.catalog)),
            !options.catalog.byId(a.roleId),
          ),
        ),
      );
      continue;
    }
    if (user) {
      const email = userEmails(user)[0] ?? "";
      findings.push(
        finding(
          "unmanaged",
          email,
          "A guest's assignment, and the guest is not declared.",
          adoptOrDeleteFix(
            a,
            adoptGuestYaml(user, email, adoptedGrant(a, scope, options.catalog)),
            !options.catalog.byId(a.roleId),
          ),
        ),
      );
    }
  }

  let notJudged = 0;
  const judgeable = scopeJudge(tenant);
  for (const guest of model.guests) {
    const account = accounts.get(guest) as GuestAccount;
    const email = guest.spec.email;
    const accountBase = {
      email,
      group: "",
      roleId: "",
      roleName: "",
      scope: "",
      assignmentId: "",
    };
    switch (account.kind) {
      case "account-missing":
        findings.push({
          ...accountBase,
          class: "account-missing",
          principalId: account.objectId ?? "",
          detail: `The guest's account no longer exists: ${account.evidence}.`,
          fix:
            guest.spec.objectId !== undefined
              ? fixObjectIdFix(email)
              : recoverAccountFix(options.context, email),
        });
        break;
      case "email-taken":
        findings.push({
          ...accountBase,
          class: "email-taken",
          principalId: account.users.length === 1 ? (account.users[0] as TenantUser).id : "",
          detail: `${capitalise(account.reason)}.`,
          fix: setObjectIdFix(email, account.users),
        });
        break;
      case "unknown":
        notJudged += guest.spec.grants.length;
        break;
      case "not-invited":
      case "resolved":
        for (const grant of guest.spec.grants) {
          if (!judgeable(grant.scope)) {
            notJudged++;
            continue;
          }
          const principalId = account.kind === "resolved" ? account.principalId : "";
          // A second guest on an account is judged by what was found for the guest holding it.
          const declared =
            account.kind === "resolved"
              ? active.get(principalId, grant.role.id, grant.scope)
              : undefined;
          if (declared !== undefined && found.has(declared)) continue;
          findings.push({
            class: "missing",
            principalId,
            email,
            group: "",
            roleId: grant.role.id,
            roleName: grant.role.name,
            scope: grant.scope,
            assignmentId: "",
            ...missingText(grant, account.kind === "resolved", options.context),
          });
        }
        break;
    }
  }

  let tenantGuests = 0;
  if (directory) {
    for (const user of tenant.users) {
      if (!isGuestUser(user)) continue;
      tenantGuests++;
      const declared = byPrincipal.get(user.id);
      // A guest whose access is all through groups has access: its memberships are judged with the groups.
      const stale =
        !declared ||
        (declared.guest.spec.grants.length === 0 &&
          (declared.guest.spec.memberOf?.length ?? 0) === 0);
      const pending = isPending(user);
      // Most guests are declared, have access and accepted: nothing to build for them.
      if (!stale && !pending) continue;
      const email = declared?.guest.spec.email ?? userEmails(user)[0] ?? "";
      const accountBase = {
        principalId: user.id,
        email,
        group: "",
        roleId: "",
        roleName: "",
        scope: "",
      };
      const pendingDays = pending
        ? daysSince(user.externalUserStateChangeDateTime ?? user.createdDateTime, options.today)
        : undefined;
      if (pendingDays !== undefined && pendingDays > options.pendingDays) {
        findings.push({
          ...accountBase,
          assignmentId: "",
          class: "pending-invitation",
          detail: `Invited ${pendingDays} days ago and never accepted${declared ? "" : " (not declared)"}.`,
          fix: pendingFix(user, declared !== undefined),
        });
      }
      if (stale) {
        findings.push({
          ...accountBase,
          assignmentId: "",
          class: "stale-guest",
          detail: `A guest account with no declared access${declared ? " (declared, every grant expired)" : ""}; ${lastSignInText(user, options.today)}.`,
          fix: staleGuestFix(user),
        });
      }
    }
  }
  const byEmail = groups.any ? new Map(model.guests.map((g) => [g.spec.email, g])) : undefined;
  const grouped = groups.finish(
    (email) => {
      const guest = byEmail?.get(email);
      return guest ? accounts.get(guest) : undefined;
    },
    (principalId) => byPrincipal.get(principalId)?.guest,
    judgeable,
  );
  findings.push(...grouped.findings);
  notJudged += grouped.notJudged;
  return { findings, notReviewed, notJudged, tenantGuests, notes: grouped.notes };
}

/** A finding about one assignment, built with one shape for all. */
function assignmentFinding(
  cls: DriftClass,
  a: TenantAssignment,
  scope: string,
  roleName: string,
  email: string,
  detail: string,
  fix: DriftFix,
): DriftFinding {
  return {
    class: cls,
    principalId: a.principalId,
    email,
    group: "",
    roleId: a.roleId,
    roleName,
    scope,
    assignmentId: a.id,
    detail,
    fix,
  };
}

/**
 * Whether an assignment's principal no longer exists: ARM or PowerShell say `Unknown`; `az` leaves
 * `principalName` empty and omits `principalType` ("Identity not found", azure-docs troubleshooting.md);
 * ARM itself keeps the type it recorded, so a `User` whose id is not in the directory is gone as well.
 */
export function isOrphan(a: TenantAssignment, directory: Directory | undefined): boolean {
  return isOrphanGiven(a, directory?.user(a.principalId), directory !== undefined);
}

/** `isOrphan`, with the principal's user already looked up. */
function isOrphanGiven(
  a: TenantAssignment,
  user: TenantUser | undefined,
  usersRead: boolean,
): boolean {
  const type = a.principalType;
  if (type === undefined) return a.principalName === "";
  if (sameWord(type, "Unknown")) return true;
  return sameWord(type, "User") && usersRead && user === undefined;
}

/** Whether a guest's invitation is still waiting to be accepted (`externalUserState`, any case). */
function isPending(user: TenantUser): boolean {
  const state = user.externalUserState;
  return state !== undefined && sameWord(state, "PendingAcceptance");
}

/** Case-insensitive equality that allocates nothing in the common case (ARM's own spelling). */
function sameWord(value: string, word: string): boolean {
  return (
    value === word || (value.length === word.length && value.toLowerCase() === word.toLowerCase())
  );
}

/** The names custom roles have in the declaration, by GUID. */
function declaredRoleNames(model: AccessModel): Map<string, string> {
  const names = new Map<string, string>();
  for (const guest of [...model.guests, ...model.groups]) {
    for (const grant of guest.spec.grants)
      if (!grant.role.builtIn) names.set(grant.role.id, grant.role.name);
    for (const { grant } of guest.expiredGrants)
      if (!grant.role.builtIn) names.set(grant.role.id, grant.role.name);
  }
  return names;
}

function adoptedGrant(a: TenantAssignment, scope: string, catalog: RoleCatalog) {
  return { role: catalog.byId(a.roleId)?.name ?? a.roleId, scope, assignmentName: a.name };
}

/**
 * Whether the tenant's reads cover a declared scope: every scope when the source does not say (exports),
 * otherwise a scope at, above or below one that was read (a list at a scope returns the assignments at,
 * above and below it).
 */
function scopeJudge(tenant: TenantSnapshot): (scope: string) => boolean {
  const read = tenant.scopesRead;
  if (read === undefined) return () => true;
  const cache = new Map<string, boolean>();
  return (scope) => {
    let known = cache.get(scope);
    if (known === undefined) {
      known = read.some((r) => isScopeWithin(scope, r) || isScopeWithin(r, scope));
      cache.set(scope, known);
    }
    return known;
  };
}

/** What a missing grant means, and its fix; a grant adopting a vanished assignment cannot deploy as it is. */
function missingText(
  grant: GrantSpec,
  hasAccount: boolean,
  context: FixContext,
): Pick<DriftFinding, "detail" | "fix"> {
  if (grant.assignmentName !== undefined) {
    return {
      detail: `Declared to adopt the assignment ${grant.assignmentName}, which is not in Azure: the next up fails to import it.`,
      fix: {
        text: "Remove assignmentName from the grant (there is nothing left to adopt); the next up then creates the assignment.",
        action: "deploy",
        commands: [],
      },
    };
  }
  return {
    detail: hasAccount
      ? "Declared, and not in Azure: deleted by hand, or never deployed."
      : "Declared, and the guest has no account yet: the next up invites the guest and grants it.",
    // A grant deleted by hand stays in the state until a refresh: only an update that refreshes recreates it.
    fix: hasAccount
      ? refreshDeployFix(
          context,
          "Deploy with a refresh: the refresh forgets an assignment deleted by hand, and the update creates it again.",
        )
      : deployFix(context, "Deploy: the next up creates it."),
  };
}

function lastSignInText(user: TenantUser, today: string): string {
  if (!user.lastSignIn) return "last sign-in unknown";
  const days = daysSince(user.lastSignIn, today);
  return days === undefined
    ? `last sign-in ${user.lastSignIn}`
    : `last sign-in ${user.lastSignIn.slice(0, 10)} (${days} days ago)`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The classes a finding list holds, for tests and summaries. */
export function classesOf(findings: readonly DriftFinding[]): DriftClass[] {
  return [...new Set(findings.map((f) => f.class))];
}
