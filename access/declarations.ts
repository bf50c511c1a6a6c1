/**
 * The file-wide declarations (`scopes:`, `roles:`, `defaults:`), merged across every file of a directory.
 * A name or a default set in two places is an error naming both: which one wins must never depend on the
 * order files happen to be read in.
 */

import type { Diagnostic, SourceLocation } from "./diagnostics";
import type { AccessDocument, DefaultsDocument, InvitationDocument } from "./document";
import { parseScope, isGuid, type AzureScope } from "../azure/scope";
import { locate, locateKey, type SourceFile } from "./source";
import type { RoleCatalog } from "../azure/roles";
import { invitationProblems } from "./invitation-settings";
import { redirectUrlProblem } from "./urls";

/** A named scope from `scopes:`. */
export interface NamedScope {
  readonly name: string;
  readonly scope: AzureScope;
  readonly location: SourceLocation;
}

/** A custom role from `roles:`. */
export interface CustomRole {
  readonly name: string;
  readonly id: string;
  readonly location: SourceLocation;
}

/** One default with where it was set. */
export interface LocatedDefault<T> {
  readonly value: T;
  readonly location: SourceLocation;
}

/** Everything declared file-wide, keyed case-insensitively by name. */
export interface Declarations {
  readonly scopes: ReadonlyMap<string, NamedScope>;
  readonly roles: ReadonlyMap<string, CustomRole>;
  readonly rolesById: ReadonlyMap<string, CustomRole>;
  readonly defaults: {
    readonly [K in keyof DefaultsDocument]?: LocatedDefault<NonNullable<DefaultsDocument[K]>>;
  };
}

/** A parsed file whose shape is valid. */
export interface CheckedFile {
  readonly source: SourceFile;
  /** The well-shaped parts of the file. */
  readonly document: AccessDocument;
  /** Guests with shape errors: already reported, and not checked further. */
  readonly invalidGuests: ReadonlySet<number>;
  /** Groups with shape errors, by name: already reported, and not resolved (their names are still known). */
  readonly invalidGroups: ReadonlySet<string>;
}

function duplicate(
  what: "scope" | "role" | "default",
  name: string,
  location: SourceLocation,
  first: SourceLocation,
): Diagnostic {
  return {
    ...location,
    code: `duplicate-${what}`,
    severity: "error",
    message: `${what} "${name}" is already declared at ${first.file}:${first.line}:${first.column}; keep one of the two`,
    related: first,
  };
}

/** Merges the file-wide declarations of every file, checking each. */
export function collectDeclarations(
  files: readonly CheckedFile[],
  catalog: RoleCatalog,
): { declarations: Declarations; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const scopes = new Map<string, NamedScope>();
  const roles = new Map<string, CustomRole>();
  const rolesById = new Map<string, CustomRole>();
  const defaults: Record<string, LocatedDefault<unknown>> = {};

  for (const { source, document } of files) {
    for (const [name, raw] of Object.entries(document.scopes ?? {})) {
      const location = locateKey(source, ["scopes", name]);
      const first = scopes.get(name.toLowerCase());
      if (first) {
        diagnostics.push(duplicate("scope", name, location, first.location));
        continue;
      }
      const parsed = parseScope(raw);
      if (!parsed.ok) {
        diagnostics.push({
          ...locate(source, ["scopes", name]),
          code: "invalid-scope",
          severity: "error",
          message: `scopes.${name} is ${JSON.stringify(raw)}, which is not an Azure scope: ${parsed.error}`,
        });
        continue;
      }
      scopes.set(name.toLowerCase(), { name, scope: parsed.scope, location });
    }

    for (const [name, raw] of Object.entries(document.roles ?? {})) {
      const location = locateKey(source, ["roles", name]);
      const valueLocation = locate(source, ["roles", name]);
      const first = roles.get(name.toLowerCase());
      if (first) {
        diagnostics.push(duplicate("role", name, location, first.location));
        continue;
      }
      const builtInNamed = catalog.byName(name);
      if (builtInNamed) {
        diagnostics.push({
          ...location,
          code: "custom-role-shadows-built-in",
          severity: "error",
          message: `custom role "${name}" has the name of the built-in role "${builtInNamed.name}"; rename the custom role so a grant cannot mean either`,
        });
        continue;
      }
      if (!isGuid(raw)) {
        diagnostics.push({
          ...valueLocation,
          code: "invalid-role-id",
          severity: "error",
          message: `roles.${name} is ${JSON.stringify(raw)}, not a role definition GUID; copy the GUID from "az role definition list --custom-role-only true"`,
        });
        continue;
      }
      const id = raw.toLowerCase();
      const builtInWithId = catalog.byId(id);
      if (builtInWithId) {
        diagnostics.push({
          ...valueLocation,
          code: "custom-role-is-built-in",
          severity: "error",
          message: `roles.${name} is the GUID of the built-in role "${builtInWithId.name}"; remove it from roles: and grant "${builtInWithId.name}" by name`,
        });
        continue;
      }
      const sameId = rolesById.get(id);
      if (sameId) {
        diagnostics.push({
          ...valueLocation,
          code: "duplicate-role-id",
          severity: "error",
          message: `roles.${name} has the GUID of custom role "${sameId.name}" (${sameId.location.file}:${sameId.location.line}:${sameId.location.column}); one role, one name: remove one`,
          related: sameId.location,
        });
        continue;
      }
      const role = { name, id, location };
      roles.set(name.toLowerCase(), role);
      rolesById.set(id, role);
    }

    for (const [key, value] of Object.entries(document.defaults ?? {})) {
      if (value === null || value === undefined) continue;
      const location = locateKey(source, ["defaults", key]);
      const first = defaults[key];
      if (first) {
        diagnostics.push(duplicate("default", key, location, first.location));
        continue;
      }
      defaults[key] = { value, location };
      diagnostics.push(...defaultProblems(source, key, value));
    }
  }
  return {
    declarations: { scopes, roles, rolesById, defaults: defaults },
    diagnostics,
  };
}

/** Checks one default's value; guests that use it are then not checked again. */
function defaultProblems(source: SourceFile, key: string, value: unknown): Diagnostic[] {
  if (key === "redirectUrl") {
    const problem = redirectUrlProblem(value as string);
    return problem
      ? [
          {
            ...locate(source, ["defaults", key]),
            code: "insecure-redirect-url",
            severity: "error",
            message: `defaults.redirectUrl ${problem}`,
          },
        ]
      : [];
  }
  if (key === "invitation") {
    return invitationProblems(value as InvitationDocument, ["defaults", "invitation"]).map((p) => ({
      ...locate(source, p.path),
      code: p.code,
      severity: "error" as const,
      message: p.message,
    }));
  }
  return [];
}
