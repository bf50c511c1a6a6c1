/**
 * The group rules: each entry of `groups:` (across every file of a declaration) checked by meaning and
 * resolved into a `ResolvedGroup` without its members, which the guests name (`memberOf`) and the loader
 * fills in. A group's grants are resolved exactly as a guest's are (`grants.ts`), with the group as their
 * holder.
 */

import type { Diagnostic, SourceLocation } from "./diagnostics";
import type { GroupDocument } from "./document";
import type { CheckedFile } from "./declarations";
import type { ExpiredGrant, GroupSpec } from "./model";
import { normaliseEmail } from "./email";
import { readablePath } from "./shape";
import { compareText } from "../azure/compare";
import { groupDescription, groupDisplayName, groupHolder } from "../azure/names";
import { collectGrant, noGrants, resolveGrant } from "./grants";
import { locateKey } from "./source";
import { checkSponsor, optional, Reporter, type Path } from "./rule-context";
import type { GuestContext, KnownGroup } from "./guest-context";

/** A group resolved, with where it stands; members are added by the loader. */
export interface GroupResolution {
  readonly spec: GroupSpec;
  readonly location: SourceLocation;
  readonly grantLocations: Record<string, SourceLocation>;
  readonly expiredGrants: ExpiredGrant[];
}

/** Every group of a declaration, resolved, and what the guests' rules need to know of them. */
export interface CollectedGroups {
  /** The groups without errors, by name. */
  readonly resolved: ReadonlyMap<string, GroupResolution>;
  /** Every declared name (with errors or not), by name: what `memberOf` may name. */
  readonly known: ReadonlyMap<string, KnownGroup>;
  readonly diagnostics: Diagnostic[];
}

/** Resolves every group of every file; a name declared twice is an error naming both places. */
export function collectGroups(
  files: readonly CheckedFile[],
  context: Omit<GuestContext, "groups">,
): CollectedGroups {
  const diagnostics: Diagnostic[] = [];
  const resolved = new Map<string, GroupResolution>();
  const known = new Map<string, KnownGroup>();
  for (const file of files) {
    for (const name of Object.keys(file.document.groups ?? {})) {
      const location = locateKey(file.source, ["groups", name]);
      const first = known.get(name);
      if (first) {
        diagnostics.push({
          ...location,
          code: "duplicate-group",
          severity: "error",
          message: `group "${name}" is already declared at ${first.location.file}:${first.location.line}:${first.location.column}; keep one of the two (merge their grants)`,
          related: first.location,
        });
        continue;
      }
      if (file.invalidGroups.has(name)) {
        known.set(name, { location });
        continue;
      }
      const result = resolveGroup(file, name, context);
      diagnostics.push(...result.diagnostics);
      known.set(name, {
        location,
        ...(result.group ? { grants: result.group.spec.grants } : {}),
      });
      if (result.group) resolved.set(name, result.group);
    }
  }
  return { resolved, known, diagnostics };
}

/** Resolves one group entry; undefined when it has errors (which are in `diagnostics`). */
export function resolveGroup(
  file: CheckedFile,
  name: string,
  context: Omit<GuestContext, "groups">,
): { group?: GroupResolution; diagnostics: Diagnostic[] } {
  const entry = (file.document.groups ?? {})[name] as GroupDocument;
  const base: Path = ["groups", name];
  const report = new Reporter(file.source);

  checkSponsor(report, base, entry.sponsor);
  if (entry.reason.trim() === "") {
    report.error(
      [...base, "reason"],
      "empty-value",
      `${readablePath([...base, "reason"])} is blank; say why this group's members need access`,
    );
  }
  const reason = entry.reason.trim();
  const sponsor = normaliseEmail(entry.sponsor);
  const ticket = optional(entry.ticket);

  const collected = noGrants();
  entry.access.forEach((grantEntry, grantIndex) => {
    const path: Path = [...base, "access", grantIndex];
    const grant = resolveGrant(report, path, grantEntry, context, {
      email: groupHolder(name),
      reason,
      sponsor,
      ticket,
      guestExpires: undefined,
    });
    if (grant && collectGrant(report, path, grant, context.today, collected) === "expired")
      report.warning(
        [...path, "expires"],
        "grant-expired",
        `${readablePath(path)} ("${grant.role.name}" on ${grant.scope}) expired on ${grant.expires}; it is revoked from every member at the next \`pulumi up\`. Remove it or extend expires`,
      );
  });
  const { grants, expiredGrants, grantLocations } = collected;

  if (report.diagnostics.some((d) => d.severity === "error"))
    return { diagnostics: report.diagnostics };
  const spec: GroupSpec = {
    name,
    displayName: groupDisplayName(name),
    description: groupDescription({ name, sponsor }),
    sponsor,
    reason,
    ...(ticket !== undefined ? { ticket } : {}),
    grants: grants.sort((a, b) => compareText(a.key, b.key)),
  };
  return {
    group: {
      spec,
      location: locateKey(file.source, base),
      grantLocations,
      expiredGrants: expiredGrants.sort((a, b) => compareText(a.grant.key, b.grant.key)),
    },
    diagnostics: report.diagnostics,
  };
}
