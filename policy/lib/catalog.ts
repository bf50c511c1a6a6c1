/**
 * The role catalogue as policies use it: loaded once per process, and config entries (names or GUIDs)
 * resolved to role GUIDs with errors a security engineer can act on.
 */

import { RoleCatalog, roleGuidOf } from "../../azure/roles";
import { closest } from "../../azure/suggest";

let bundled: RoleCatalog | undefined;

/** The bundled catalogue, built once: policies run per resource and the table has ~900 roles. */
export function catalog(): RoleCatalog {
  bundled ??= RoleCatalog.bundled();
  return bundled;
}

/** Role entries from configuration, resolved. */
export interface ResolvedRoles {
  /** Lower-case role GUIDs. */
  readonly ids: ReadonlySet<string>;
  /** One sentence per entry that is neither a known role name nor a GUID. */
  readonly errors: readonly string[];
}

/**
 * Resolves role names (case-insensitive) and GUIDs or role definition IDs to GUIDs. A GUID need not be in
 * the catalogue (custom roles are GUIDs); a name must be, because a misspelt name must never silently
 * allow or forbid nothing.
 */
export function resolveRoles(
  property: string,
  entries: readonly unknown[],
  roles = catalog(),
): ResolvedRoles {
  const ids = new Set<string>();
  const errors: string[] = [];
  entries.forEach((entry, index) => {
    if (typeof entry !== "string") {
      errors.push(
        `${property}[${index}] must be a role name or GUID, not ${JSON.stringify(entry)}`,
      );
      return;
    }
    const guid = roleGuidOf(entry.trim());
    const role = guid ? undefined : roles.byName(entry);
    if (guid) ids.add(guid);
    else if (role) ids.add(role.id);
    else {
      const hint = closest(entry, roles.names());
      errors.push(
        `${property}[${index}] "${entry}" is not a built-in role name or a role GUID` +
          (hint
            ? `; did you mean "${hint}"?`
            : "; use the exact name from `az role definition list` or the GUID"),
      );
    }
  });
  return { ids, errors };
}

/** How a role is named in messages: `"Owner" (8e3af657-…)`, or `custom role <guid>`. */
export function describeRole(guid: string, roles = catalog()): string {
  const role = roles.byId(guid);
  return role ? `"${role.name}" (${guid})` : `custom role ${guid}`;
}
