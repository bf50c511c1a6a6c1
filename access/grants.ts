/**
 * Grant rules: each `{ role, scope, expires }` resolved to a role GUID, a normalised scope and an effective
 * expiry.
 */

import type { GrantDocument } from "./document";
import type { SourceLocation } from "./diagnostics";
import type { ExpiredGrant, GrantSpec, RoleRef } from "./model";
import { earlierDate, hasExpired } from "./dates";
import { grantDescription, grantKey } from "../azure/names";
import { roleDefinitionIdFor } from "../azure/roles";
import { isGuid, parseScope, type AzureScope } from "../azure/scope";
import { readablePath } from "./shape";
import { didYouMean } from "../azure/suggest";
import { checkDate, optional, type Path, type Reporter } from "./rule-context";
import type { GuestContext } from "./guest-context";

/** What a grant takes from its guest. */
export interface GrantOwner {
  readonly email: string;
  readonly reason: string;
  readonly sponsor: string;
  readonly ticket: string | undefined;
  readonly guestExpires: string | undefined;
}

/** Resolves one grant; undefined when its role or scope is unknown or malformed (reported). */
export function resolveGrant(
  report: Reporter,
  path: Path,
  entry: GrantDocument,
  context: Omit<GuestContext, "groups">,
  owner: GrantOwner,
): GrantSpec | undefined {
  const role = resolveRole(report, [...path, "role"], entry.role, context);
  const scope = resolveScope(report, [...path, "scope"], entry.scope, context);
  const ownExpires = checkDate(report, [...path, "expires"], optional(entry.expires));
  if (
    ownExpires !== undefined &&
    owner.guestExpires !== undefined &&
    ownExpires > owner.guestExpires
  ) {
    report.warning(
      [...path, "expires"],
      "grant-outlives-guest",
      `${readablePath(path)} expires on ${ownExpires}, after the guest's own expiry ${owner.guestExpires}; the guest's date wins. Align the two`,
    );
  }
  const assignmentName = checkAssignmentName(
    report,
    [...path, "assignmentName"],
    entry.assignmentName,
  );
  if (!role || !scope) return undefined;
  const expires = earlierDate(ownExpires, owner.guestExpires);
  return {
    key: grantKey(role.id, scope.scope.id),
    role,
    roleDefinitionId: roleDefinitionIdFor(role.id, role.builtIn, scope.scope),
    scope: scope.scope.id,
    ...(scope.name !== undefined ? { scopeName: scope.name } : {}),
    ...(expires !== undefined ? { expires } : {}),
    description: grantDescription({
      email: owner.email,
      reason: owner.reason,
      sponsor: owner.sponsor,
      ...(owner.ticket !== undefined ? { ticket: owner.ticket } : {}),
      ...(expires !== undefined ? { expires } : {}),
    }),
    ...(assignmentName !== undefined ? { assignmentName } : {}),
  };
}

/** An adopted assignment's name: a GUID, lower-cased; reported and dropped otherwise. */
function checkAssignmentName(
  report: Reporter,
  path: Path,
  raw: string | undefined,
): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  const text = raw.trim();
  if (isGuid(text)) return text.toLowerCase();
  report.error(
    path,
    "invalid-assignment-name",
    `${readablePath(path)} "${raw}" is not a role assignment name: it is the GUID at the end of the assignment's id (…/providers/Microsoft.Authorization/roleAssignments/<guid>), as guest-access drift prints it`,
  );
  return undefined;
}

function resolveRole(
  report: Reporter,
  path: Path,
  raw: string,
  context: Omit<GuestContext, "groups">,
): RoleRef | undefined {
  const text = raw.trim();
  const { catalog, declarations } = context;
  if (isGuid(text)) {
    const id = text.toLowerCase();
    const custom = declarations.rolesById.get(id);
    if (custom) return { id, name: custom.name, builtIn: false };
    const builtIn = catalog.byId(id);
    if (builtIn) return { id, name: builtIn.name, builtIn: true };
    report.error(
      path,
      "unknown-role",
      `role ${id} at ${readablePath(path)} is not a built-in role; if it is a custom role, declare it under roles: (e.g. roles: { My Role: ${id} })`,
    );
    return undefined;
  }
  const custom = declarations.roles.get(text.toLowerCase());
  if (custom) return { id: custom.id, name: custom.name, builtIn: false };
  const builtIn = catalog.byName(text);
  if (builtIn) return { id: builtIn.id, name: builtIn.name, builtIn: true };
  const known = [...catalog.names(), ...[...declarations.roles.values()].map((r) => r.name)];
  report.error(
    path,
    "unknown-role",
    `unknown role "${raw}" at ${readablePath(path)}${didYouMean(text, known) || ";"} use a built-in role name (as in the Azure portal), its GUID, or a custom role declared under roles:`,
  );
  return undefined;
}

function resolveScope(
  report: Reporter,
  path: Path,
  raw: string,
  context: Omit<GuestContext, "groups">,
): { scope: AzureScope; name?: string } | undefined {
  const text = raw.trim();
  if (text.startsWith("/")) {
    const parsed = parseScope(text);
    if (parsed.ok) return { scope: parsed.scope };
    report.error(
      path,
      "invalid-scope",
      `${readablePath(path)} "${raw}" is not an Azure scope: ${parsed.error}`,
    );
    return undefined;
  }
  const named = context.declarations.scopes.get(text.toLowerCase());
  if (named) return { scope: named.scope, name: named.name };
  const names = [...context.declarations.scopes.values()].map((s) => s.name);
  report.error(
    path,
    "unknown-scope",
    `unknown scope "${raw}" at ${readablePath(path)}${didYouMean(text, names) || ";"} name one declared under scopes:${names.length ? ` (${names.sort().join(", ")})` : ""}, or write a full scope starting with /subscriptions/ or /providers/Microsoft.Management/managementGroups/`,
  );
  return undefined;
}

/** One holder's grants (a guest's or a group's `access` list) as they are resolved. */
export interface CollectedGrants {
  /** The active grants, in the order written. */
  readonly grants: GrantSpec[];
  /** The grants past their expiry, with where each is written. */
  readonly expiredGrants: ExpiredGrant[];
  /** Where each grant is written, by grant key. */
  readonly grantLocations: Record<string, SourceLocation>;
}

/** An empty collection, to add a holder's grants to. */
export function noGrants(): CollectedGrants {
  return { grants: [], expiredGrants: [], grantLocations: {} };
}

/**
 * Adds one resolved grant to its holder's collection. A second grant of the same role on the same scope is an
 * error (`duplicate-grant`, pointing at the first) and is not added; otherwise the grant is filed as active,
 * or as expired when its expiry is before `today` (the caller says what an expired grant means to its holder).
 */
export function collectGrant(
  report: Reporter,
  path: Path,
  grant: GrantSpec,
  today: string,
  into: CollectedGrants,
): "duplicate" | "active" | "expired" {
  const first = into.grantLocations[grant.key];
  if (first) {
    report.error(
      path,
      "duplicate-grant",
      `${readablePath(path)} grants "${grant.role.name}" on ${grant.scope} again (first at ${first.file}:${first.line}:${first.column}); remove one`,
      first,
    );
    return "duplicate";
  }
  into.grantLocations[grant.key] = report.at(path);
  if (grant.expires !== undefined && hasExpired(grant.expires, today)) {
    into.expiredGrants.push({ grant, location: report.at(path) });
    return "expired";
  }
  into.grants.push(grant);
  return "active";
}
