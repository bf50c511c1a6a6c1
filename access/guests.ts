/**
 * The guest rules: each guest entry checked by meaning and resolved into a `ResolvedGuest`, with every
 * problem reported (not just the first) and each at its own place.
 */

import type { Diagnostic, SourceLocation } from "./diagnostics";
import type { GuestDocument } from "./document";
import type { CheckedFile } from "./declarations";
import type { ExpiredGrant, GuestSpec, InvitationSpec, OnRemove } from "./model";
import { hasExpired } from "./dates";
import { emailDomainWarning, emailProblem, normaliseEmail } from "./email";
import { isGuid } from "../azure/scope";
import { readablePath } from "./shape";
import { compareText } from "../azure/compare";
import { collectGrant, noGrants, resolveGrant } from "./grants";
import { didYouMean } from "../azure/suggest";
import { resolveInvitation } from "./invitations";
import { checkDate, checkSponsor, optional, Reporter, type Path } from "./rule-context";
import type { GuestContext } from "./guest-context";

export type { GuestContext } from "./guest-context";

/** A guest entry resolved, with where it stands. */
export interface GuestResolution {
  readonly spec: GuestSpec;
  readonly location: SourceLocation;
  readonly grantLocations: Record<string, SourceLocation>;
  readonly expiredGrants: ExpiredGrant[];
}

/** Resolves one guest entry; undefined when it has errors (which are in `diagnostics`). */
export function resolveGuest(
  file: CheckedFile,
  index: number,
  context: GuestContext,
): { guest?: GuestResolution; diagnostics: Diagnostic[] } {
  const raw = file.document.guests?.[index];
  // A guest with shape errors (already reported) is still checked for everything else it holds, so one run
  // shows every problem; its result is then discarded by the caller.
  const entry = file.invalidGuests.has(index) ? checkableGuest(raw) : (raw as GuestDocument);
  const base: Path = ["guests", index];
  const report = new Reporter(file.source);

  const email = normaliseEmail(entry.email);
  const emailError = emailProblem(entry.email);
  if (emailError) {
    report.error(
      [...base, "email"],
      "invalid-email",
      `${readablePath([...base, "email"])} "${entry.email}" cannot be invited: ${emailError}`,
    );
  }
  for (const field of ["email", "sponsor"] as const) {
    const warning = emailDomainWarning(entry[field]);
    if (warning && !(field === "email" ? emailError : emailProblem(entry.sponsor)))
      report.warning(
        [...base, field],
        "non-ascii-domain",
        `${readablePath([...base, field])}: ${warning}`,
      );
  }
  checkSponsor(report, base, entry.sponsor);
  if (entry.displayName.trim() === "") {
    report.error(
      [...base, "displayName"],
      "empty-value",
      `${readablePath([...base, "displayName"])} is blank; give the name the directory should show`,
    );
  }
  if (entry.reason.trim() === "") {
    report.error(
      [...base, "reason"],
      "empty-value",
      `${readablePath([...base, "reason"])} is blank; say why this guest needs access`,
    );
  }

  const objectId = optional(entry.objectId);
  if (objectId !== undefined && !isGuid(objectId)) {
    report.error(
      [...base, "objectId"],
      "invalid-object-id",
      `${readablePath([...base, "objectId"])} is "${objectId}", not a GUID; copy the user's Object ID from Entra ID, or remove objectId to invite the guest`,
    );
  }

  const guestExpires = checkDate(report, [...base, "expires"], optional(entry.expires));
  if (guestExpires !== undefined && hasExpired(guestExpires, context.today)) {
    report.warning(
      [...base, "expires"],
      "guest-expired",
      `${email}'s access expired on ${guestExpires}; every grant is revoked at the next \`pulumi up\`. Extend expires or remove the guest`,
    );
  }

  const onRemove: OnRemove =
    optional(entry.onRemove) ?? context.declarations.defaults.onRemove?.value ?? "keep-user";
  const invitation =
    objectId === undefined ? resolveInvitation(report, base, entry, context) : undefined;
  if (objectId !== undefined && (optional(entry.invitation) || optional(entry.redirectUrl))) {
    report.warning(
      [...base, "objectId"],
      "invitation-ignored",
      `${email} is an existing user (objectId), so no invitation is sent and its invitation settings are ignored; remove them`,
    );
  }

  const memberOf = resolveMemberships(report, base, optional(entry.memberOf) ?? [], context);
  const access = optional(entry.access) ?? [];
  // An empty list of either is a shape error, reported already; here both are absent.
  if (optional(entry.access) === undefined && optional(entry.memberOf) === undefined) {
    report.error(
      base,
      "no-grants",
      `${readablePath(base)} (${email}) has neither access nor memberOf; give at least one { role, scope } under access, join a group with memberOf, or remove the guest`,
    );
  }
  const guestExpired = guestExpires !== undefined && hasExpired(guestExpires, context.today);

  const collected = noGrants();
  access.forEach((grantEntry, grantIndex) => {
    if (grantEntry.role === "" || grantEntry.scope === "") return; // a grant with shape errors, reported already
    const path: Path = [...base, "access", grantIndex];
    const grant = resolveGrant(report, path, grantEntry, context, {
      email,
      reason: entry.reason.trim(),
      sponsor: normaliseEmail(entry.sponsor),
      ticket: optional(entry.ticket),
      guestExpires,
    });
    if (!grant) return;
    const filed = collectGrant(report, path, grant, context.today, collected);
    if (filed === "duplicate") return;
    const through = memberOf.find((group) =>
      context.groups.get(group)?.grants?.some((g) => g.key === grant.key),
    );
    if (through !== undefined)
      report.warning(
        path,
        "grant-also-through-group",
        `${readablePath(path)} grants "${grant.role.name}" on ${grant.scope}, which ${email} also gets through group ${through}; remove the direct grant (or leave the group) so one place decides`,
      );
    // An expired guest is reported once, for the whole guest, not once per grant.
    if (filed === "expired" && !guestExpired)
      report.warning(
        [...path, "expires"],
        "grant-expired",
        `${readablePath(path)} ("${grant.role.name}" on ${grant.scope}) expired on ${grant.expires}; it is revoked at the next \`pulumi up\`. Remove it or extend expires`,
      );
  });
  const { grants, expiredGrants, grantLocations } = collected;

  // Without objectId, a missing invitation means its settings had errors, reported already.
  const principal: { objectId: string } | { invitation: InvitationSpec } | undefined =
    objectId !== undefined
      ? { objectId: objectId.toLowerCase() }
      : invitation !== undefined
        ? { invitation }
        : undefined;
  if (principal === undefined || report.diagnostics.some((d) => d.severity === "error"))
    return { diagnostics: report.diagnostics };
  const ticket = optional(entry.ticket);
  const spec: GuestSpec = {
    email,
    displayName: entry.displayName.trim(),
    sponsor: normaliseEmail(entry.sponsor),
    reason: entry.reason.trim(),
    ...(ticket !== undefined ? { ticket } : {}),
    ...(guestExpires !== undefined ? { expires: guestExpires } : {}),
    ...principal,
    onRemove,
    grants: grants.sort((a, b) => compareText(a.key, b.key)),
    // Memberships end with the guest's own access, like the direct grants.
    ...(memberOf.length > 0 && !guestExpired ? { memberOf } : {}),
  };
  return {
    guest: {
      spec,
      location: report.at(base),
      grantLocations,
      expiredGrants: expiredGrants.sort((a, b) => compareText(a.grant.key, b.grant.key)),
    },
    diagnostics: report.diagnostics,
  };
}

/**
 * The groups a guest joins, sorted: each must be declared under `groups:` (a near miss is suggested), and
 * named once. Unknown and repeated names are reported and left out.
 */
function resolveMemberships(
  report: Reporter,
  base: Path,
  names: readonly string[],
  context: GuestContext,
): string[] {
  const seen = new Map<string, number>();
  names.forEach((raw, index) => {
    const path: Path = [...base, "memberOf", index];
    if (typeof raw !== "string" || raw === "") return; // a shape error, reported already
    const name = raw.trim();
    if (!context.groups.has(name)) {
      const declared = [...context.groups.keys()].sort(compareText);
      report.error(
        path,
        "unknown-group",
        `unknown group "${raw}" at ${readablePath(path)}${didYouMean(name, declared) || ";"} name a group declared under groups:${declared.length ? ` (${declared.join(", ")})` : " (there is none)"}`,
      );
      return;
    }
    const first = seen.get(name);
    if (first !== undefined) {
      report.error(
        path,
        "duplicate-membership",
        `${readablePath(path)} names group ${name} again (first at ${readablePath([...base, "memberOf", first])}); remove one`,
        report.at([...base, "memberOf", first]),
      );
      return;
    }
    seen.set(name, index);
  });
  return [...seen.keys()].sort(compareText);
}

const PLACEHOLDER_EMAIL = "placeholder@example.invalid";

/**
 * A guest entry with shape errors, made checkable: wrongly typed or missing fields are replaced by neutral
 * values no rule reports on, and grants that are not `{ role, scope }` strings are left out.
 */
function checkableGuest(raw: unknown): GuestDocument {
  const entry = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const text = (key: string): string | undefined =>
    typeof entry[key] === "string" ? entry[key] : undefined;
  const access = Array.isArray(entry.access) ? (entry.access as unknown[]) : [];
  return {
    email: text("email") ?? PLACEHOLDER_EMAIL,
    displayName: text("displayName") ?? "-",
    sponsor: text("sponsor") ?? PLACEHOLDER_EMAIL,
    reason: text("reason") ?? "-",
    ...(text("expires") !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(text("expires") as string)
      ? { expires: text("expires") }
      : {}),
    ...(text("objectId") !== undefined ? { objectId: text("objectId") } : {}),
    ...(Array.isArray(entry.memberOf)
      ? { memberOf: (entry.memberOf as unknown[]).map((m) => (typeof m === "string" ? m : "")) }
      : {}),
    access: access.map((grant) => {
      const g = (typeof grant === "object" && grant !== null ? grant : {}) as Record<
        string,
        unknown
      >;
      return {
        role: typeof g.role === "string" ? g.role : "",
        scope: typeof g.scope === "string" ? g.scope : "",
        ...(typeof g.expires === "string" && /^\d{4}-\d{2}-\d{2}$/.test(g.expires)
          ? { expires: g.expires }
          : {}),
      };
    }),
  };
}
