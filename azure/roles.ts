/**
 * The catalogue of Azure built-in roles: name <-> GUID, and which roles are dangerous to hand to a guest.
 *
 * Everything is keyed on the GUID: role names change over time ("(Preview)" is dropped, roles are renamed),
 * so a name is only a case-insensitive alias. The bundled table is `data/azure-builtin-roles.json` (copied from
 * the project's shared data; provenance in its README). A team refreshes it from its own tenant with
 * `az role definition list --query "[?roleType=='BuiltInRole']" -o json` and `RoleCatalog.fromAzCli`.
 */

import bundledRoles from "./data/azure-builtin-roles.json";
import { isGuid } from "./scope";
import type { AzureScope } from "./scope";

/** A built-in role as the catalogue knows it. */
export interface CatalogRole {
  /** The role definition GUID, lower-case. */
  readonly id: string;
  /** The role's name. */
  readonly name: string;
  /** One of Microsoft's privileged administrator roles. */
  readonly privileged: boolean;
  /** Whether the role can write role assignments: always, only under its built-in condition, or never. */
  readonly grantsRoleAssignmentWrite: boolean | "conditional";
}

interface BundledRole {
  name: string;
  id: string;
  privileged?: boolean;
  grantsRoleAssignmentWrite?: boolean | "conditional";
}

/** One entry of `az role definition list -o json`, the fields this project reads. */
export interface AzCliRoleDefinition {
  readonly name: string;
  readonly roleName: string;
  readonly roleType?: string;
  readonly permissions?: readonly {
    readonly actions?: readonly string[];
    readonly notActions?: readonly string[];
    readonly condition?: string | null;
  }[];
}

/**
 * Microsoft's "privileged administrator roles" and the docs' "Privileged" category, by GUID. Kept here as
 * well as in the table so a refreshed table from `az` (which has no such flag) still knows them.
 */
export const PRIVILEGED_ROLE_IDS: ReadonlySet<string> = new Set([
  "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", // Owner
  "b24988ac-6180-42a0-ab88-20f7382dd24c", // Contributor
  "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", // User Access Administrator
  "f58310d9-a9f6-439a-9e8d-f62e7b41a168", // Role Based Access Control Administrator
  "a8889054-8d42-49c9-bc1c-52486c10e7cd", // Reservations Administrator
]);

const ROLE_DEFINITION_ID =
  /^(?:\/.*)?\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)$/i;

/**
 * The GUID of a role definition, from a bare GUID or any form of role definition ID (tenant form
 * `/providers/Microsoft.Authorization/roleDefinitions/<guid>`, or prefixed by a subscription or management
 * group: ARM returns both). Undefined when it is neither.
 */
export function roleGuidOf(value: string): string | undefined {
  const match = ROLE_DEFINITION_ID.exec(value);
  const candidate = match ? (match[1] as string) : value;
  return isGuid(candidate) ? candidate.toLowerCase() : undefined;
}

/**
 * The role definition ID to send to ARM for a grant: the form ARM itself returns, so the state and Azure agree.
 * At subscription, resource group and resource scope ARM answers with the subscription form of the scope's
 * subscription whatever form was sent (Azure/azure-rest-api-specs #10939; real `az role assignment list`
 * outputs), for built-in and custom roles alike. At management group scope there is no subscription: a
 * built-in role is named in the tenant form, a custom role through its management group. Sources:
 * docs/providers.md, "The forms of roleDefinitionId".
 */
export function roleDefinitionIdFor(roleId: string, builtIn: boolean, scope: AzureScope): string {
  const tail = `/providers/Microsoft.Authorization/roleDefinitions/${roleId}`;
  if (scope.subscriptionId) return `/subscriptions/${scope.subscriptionId}${tail}`;
  if (!builtIn && scope.managementGroup)
    return `/providers/Microsoft.Management/managementGroups/${scope.managementGroup}${tail}`;
  return tail;
}

/** Matches an RBAC action pattern (with `*` wildcards, case-insensitive) against an action. */
function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
      .join(".*")}$`,
    "i",
  );
  return regex.test(action);
}

const ROLE_ASSIGNMENT_WRITE = "Microsoft.Authorization/roleAssignments/write";

/** Whether a role definition's permissions let it write role assignments, per `az` output. */
export function grantsRoleAssignmentWrite(
  definition: AzCliRoleDefinition,
): boolean | "conditional" {
  let conditional = false;
  for (const permission of definition.permissions ?? []) {
    const allowed = (permission.actions ?? []).some((a) => actionMatches(a, ROLE_ASSIGNMENT_WRITE));
    const denied = (permission.notActions ?? []).some((a) =>
      actionMatches(a, ROLE_ASSIGNMENT_WRITE),
    );
    if (!allowed || denied) continue;
    if (!permission.condition) return true;
    conditional = true;
  }
  return conditional ? "conditional" : false;
}

/** The built-in roles, looked up by GUID or by name (case-insensitive). */
export class RoleCatalog {
  private readonly byGuid = new Map<string, CatalogRole>();
  private readonly byLowerName = new Map<string, CatalogRole>();

  constructor(roles: readonly CatalogRole[]) {
    for (const role of roles) {
      this.byGuid.set(role.id, role);
      this.byLowerName.set(role.name.toLowerCase(), role);
    }
  }

  /** The table bundled with this project. */
  static bundled(): RoleCatalog {
    return new RoleCatalog(
      (bundledRoles as BundledRole[]).map((r) => ({
        id: r.id.toLowerCase(),
        name: r.name,
        privileged: r.privileged === true || PRIVILEGED_ROLE_IDS.has(r.id.toLowerCase()),
        grantsRoleAssignmentWrite: r.grantsRoleAssignmentWrite ?? false,
      })),
    );
  }

  /** A table refreshed from a tenant: the JSON array printed by `az role definition list`. Custom roles in it are skipped. */
  static fromAzCli(definitions: readonly AzCliRoleDefinition[]): RoleCatalog {
    return new RoleCatalog(
      definitions
        .filter((d) => (d.roleType ?? "BuiltInRole") === "BuiltInRole" && isGuid(d.name))
        .map((d) => ({
          id: d.name.toLowerCase(),
          name: d.roleName,
          privileged: PRIVILEGED_ROLE_IDS.has(d.name.toLowerCase()),
          grantsRoleAssignmentWrite: grantsRoleAssignmentWrite(d),
        })),
    );
  }

  /** The role with this GUID (any case), if built in. */
  byId(id: string): CatalogRole | undefined {
    return this.byGuid.get(id.toLowerCase());
  }

  /** The role with this name, compared case-insensitively. */
  byName(name: string): CatalogRole | undefined {
    return this.byLowerName.get(name.trim().toLowerCase());
  }

  /** Every role's name, for suggestions. */
  names(): string[] {
    return [...this.byGuid.values()].map((r) => r.name);
  }

  /** Every role. */
  all(): CatalogRole[] {
    return [...this.byGuid.values()];
  }

  /**
   * Whether a guest must never hold this role: a privileged administrator role, or any role that can write
   * role assignments (with or without a condition: a guest who can grant access is an administrator).
   */
  isPrivileged(id: string): boolean {
    const role = this.byId(id);
    if (!role) return false;
    return role.privileged || role.grantsRoleAssignmentWrite !== false;
  }
}
