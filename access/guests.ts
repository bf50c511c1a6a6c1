/**
 * The guest rules: each guest entry checked by meaning and resolved into a `ResolvedGuest`, with every
 * problem reported (not just the first) and each at its own place.
 */

import type { Diagnostic, SourceLocation } from "./diagnostics";
import type { GrantDocument, GuestDocument, InvitationDocument } from "./document";
import type { CheckedFile, Declarations } from "./declarations";
import type {
  ExpiredGrant,
  GrantSpec,
  GuestSpec,
  InvitationSpec,
  OnRemove,
  RoleRef,
} from "./model";
import { earlierDate, hasExpired, isCalendarDate } from "./dates";
import { emailProblem, normaliseEmail } from "./email";
import { grantDescription, grantKey } from "./names";
import { roleDefinitionIdFor, type RoleCatalog } from "./roles";
import { isGuid, parseScope, type AzureScope } from "./scope";
import { locate, type SourceFile } from "./source";
import { readablePath } from "./shape";
import { didYouMean } from "./suggest";
import { DEFAULT_REDIRECT_URL, redirectUrlProblem } from "./urls";
import { compareText } from "./diagnostics";

/** What the guest rules need besides the entry itself. */
export interface GuestContext {
  readonly declarations: Declarations;
  readonly catalog: RoleCatalog;
  /** `YYYY-MM-DD`: expiries are judged against it. */
  readonly today: string;
}

/** A guest entry resolved, with where it stands. */
export interface GuestResolution {
  readonly spec: GuestSpec;
  readonly location: SourceLocation;
  readonly grantLocations: Record<string, SourceLocation>;
  readonly expiredGrants: ExpiredGrant[];
}

type Path = (string | number)[];

/** Collects diagnostics for one entry, each located in its file. */
class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  constructor(private readonly source: SourceFile) {}

  at(path: Path): SourceLocation {
    return locate(this.source, path);
  }

  error(path: Path, code: string, message: string, related?: SourceLocation): void {
    this.diagnostics.push({
      ...this.at(path),
      code,
      severity: "error",
      message,
      ...(related ? { related } : {}),
    });
  }

  warning(path: Path, code: string, message: string): void {
    this.diagnostics.push({ ...this.at(path), code, severity: "warning", message });
  }
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
  const sponsorError = emailProblem(entry.sponsor);
  if (sponsorError) {
    report.error(
      [...base, "sponsor"],
      "invalid-sponsor",
      `${readablePath([...base, "sponsor"])} "${entry.sponsor}" is not an email address: ${sponsorError}; name the accountable person by their work email`,
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

  const grants: GrantSpec[] = [];
  const expiredGrants: ExpiredGrant[] = [];
  const grantLocations: Record<string, SourceLocation> = {};
  entry.access.forEach((grantEntry, grantIndex) => {
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
    const first = grantLocations[grant.key];
    if (first) {
      report.error(
        path,
        "duplicate-grant",
        `${readablePath(path)} grants "${grant.role.name}" on ${grant.scope} again (first at ${first.file}:${first.line}:${first.column}); remove one`,
        first,
      );
      return;
    }
    grantLocations[grant.key] = report.at(path);
    if (grant.expires !== undefined && hasExpired(grant.expires, context.today)) {
      expiredGrants.push({ grant, location: report.at(path) });
      if (!(guestExpires !== undefined && hasExpired(guestExpires, context.today))) {
        report.warning(
          [...path, "expires"],
          "grant-expired",
          `${readablePath(path)} ("${grant.role.name}" on ${grant.scope}) expired on ${grant.expires}; it is revoked at the next \`pulumi up\`. Remove it or extend expires`,
        );
      }
    } else {
      grants.push(grant);
    }
  });

  if (report.diagnostics.some((d) => d.severity === "error"))
    return { diagnostics: report.diagnostics };
  const ticket = optional(entry.ticket);
  const spec: GuestSpec = {
    email,
    displayName: entry.displayName.trim(),
    sponsor: normaliseEmail(entry.sponsor),
    reason: entry.reason.trim(),
    ...(ticket !== undefined ? { ticket } : {}),
    ...(guestExpires !== undefined ? { expires: guestExpires } : {}),
    ...(objectId !== undefined ? { objectId: objectId.toLowerCase() } : {}),
    ...(invitation !== undefined ? { invitation } : {}),
    onRemove,
    grants: grants.sort((a, b) => compareText(a.key, b.key)),
  };
  return {
    guest: { spec, location: report.at(base), grantLocations, expiredGrants },
    diagnostics: report.diagnostics,
  };
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

/** YAML `key:` with no value arrives as null: the same as leaving the key out. */
function optional<T>(value: T | null | undefined): T | undefined {
  return value === null ? undefined : value;
}

function checkDate(report: Reporter, path: Path, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isCalendarDate(value)) {
    report.error(
      path,
      "invalid-date",
      `${readablePath(path)} is "${value}", which is not a day in the calendar; write YYYY-MM-DD`,
    );
    return undefined;
  }
  return value;
}

function resolveInvitation(
  report: Reporter,
  base: Path,
  entry: GuestDocument,
  context: GuestContext,
): InvitationSpec | undefined {
  const defaults = context.declarations.defaults;
  // Problems of the defaults themselves are reported once, by collectDeclarations; only the guest's own here.
  const ownUrl = optional(entry.redirectUrl);
  const redirectUrl = ownUrl ?? defaults.redirectUrl?.value ?? DEFAULT_REDIRECT_URL;
  let ok = true;
  if (ownUrl !== undefined) {
    const problem = redirectUrlProblem(ownUrl);
    if (problem) {
      ok = false;
      report.error(
        [...base, "redirectUrl"],
        "insecure-redirect-url",
        `${readablePath([...base, "redirectUrl"])} ${problem}`,
      );
    }
  }
  const own = optional(entry.invitation);
  if (own) {
    for (const problem of invitationProblems(own, [...base, "invitation"])) {
      ok = false;
      report.error(problem.path, problem.code, problem.message);
    }
  }
  if (!ok) return undefined;
  const settings = mergeInvitation(defaults.invitation?.value, own);
  return {
    redirectUrl,
    send: settings.send ?? true,
    ...(settings.message !== undefined ? { message: settings.message } : {}),
    ...(settings.language !== undefined ? { language: settings.language } : {}),
    ...(settings.cc !== undefined ? { cc: normaliseEmail(settings.cc) } : {}),
  };
}

/** What is wrong with one set of invitation settings as written (the guest's or the defaults'). */
export function invitationProblems(
  settings: InvitationDocument,
  path: Path,
): { path: Path; code: string; message: string }[] {
  const problems: { path: Path; code: string; message: string }[] = [];
  if (optional(settings.message) !== undefined && optional(settings.language) !== undefined) {
    problems.push({
      path,
      code: "message-and-language",
      message: `${readablePath(path)} sets both message and language; Microsoft sends either your message or its standard text in a language: keep one`,
    });
  }
  const cc = optional(settings.cc);
  const ccProblem = cc === undefined ? undefined : emailProblem(cc);
  if (ccProblem) {
    problems.push({
      path: [...path, "cc"],
      code: "invalid-email",
      message: `${readablePath([...path, "cc"])} "${cc}" cannot receive the invitation: ${ccProblem}`,
    });
  }
  return problems;
}

/**
 * A guest's invitation settings over the defaults. A guest that picks a message or a language replaces
 * both of the defaults' (they exclude each other), so a default language never clashes with a guest's message.
 */
function mergeInvitation(
  defaults: InvitationDocument | undefined,
  own: InvitationDocument | undefined,
): InvitationDocument {
  const base = { ...stripNulls(defaults) };
  const over = stripNulls(own);
  if (over.message !== undefined || over.language !== undefined) {
    delete base.message;
    delete base.language;
  }
  return { ...base, ...over };
}

function stripNulls(settings: InvitationDocument | undefined): InvitationDocument {
  return Object.fromEntries(
    Object.entries(settings ?? {}).filter(([, v]) => v !== null && v !== undefined),
  );
}

interface GrantOwner {
  readonly email: string;
  readonly reason: string;
  readonly sponsor: string;
  readonly ticket: string | undefined;
  readonly guestExpires: string | undefined;
}

function resolveGrant(
  report: Reporter,
  path: Path,
  entry: GrantDocument,
  context: GuestContext,
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
  };
}

function resolveRole(
  report: Reporter,
  path: Path,
  raw: string,
  context: GuestContext,
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
  context: GuestContext,
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
