/**
 * The whole pipeline from a path to a resolved model: read and parse, check the shape, merge the file-wide
 * declarations, resolve every guest. Every phase runs on everything it can, so one run shows every problem;
 * a model is returned only when there is no error at all.
 */

import {
  formatLocation,
  hasErrors,
  sortDiagnostics,
  type Diagnostic,
  type SourceLocation,
} from "./diagnostics";
import { normaliseEmail } from "./email";
import { locate, UnreadableInputError } from "./source";
import { parseJsonInput, readInputText } from "./read-input";
import { collectDeclarations, type CheckedFile } from "./declarations";
import { todayUtc } from "./dates";
import { resolveGuest, type GuestResolution } from "./guests";
import { collectGroups } from "./groups";
import type { AccessModel, ResolvedGroup, ResolvedGuest } from "./model";
import { RoleCatalog, type AzCliRoleDefinition } from "../azure/roles";
import { checkShape } from "./shape";
import { unsafeTextDiagnostics, withoutConsequences } from "./text-fields";
import { descriptionDiagnostics } from "./field-limits";
import { readSources, type SourceFile } from "./source";
import { compareText } from "../azure/compare";

/** Options of a load. */
export interface LoadOptions {
  /** `YYYY-MM-DD` to judge expiries against; defaults to today (UTC). */
  readonly today?: string;
  /** The built-in role table; defaults to the bundled one. */
  readonly catalog?: RoleCatalog;
}

/** The outcome of a load: the model when there is no error, and every diagnostic, sorted. */
export interface LoadResult {
  readonly model?: AccessModel;
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly string[];
  /** The text of every file read, by path, for quoting source lines. */
  readonly texts: ReadonlyMap<string, string>;
}

/** Loads the declaration at a path (a file, or a directory of `*.yaml`). Throws `UnreadableInputError` when nothing can be read. */
export function loadAccess(path: string, options: LoadOptions = {}): LoadResult {
  const { sources, diagnostics } = readSources(path);
  return resolveSources(sources, diagnostics, options);
}

/** Resolves already-parsed sources (used by `loadAccess`, and by the diff of two git revisions). */
export function resolveSources(
  sources: readonly SourceFile[],
  parseDiagnostics: readonly Diagnostic[],
  options: LoadOptions = {},
): LoadResult {
  const today = options.today ?? todayUtc();
  const catalog = options.catalog ?? RoleCatalog.bundled();
  const diagnostics: Diagnostic[] = [...parseDiagnostics];
  const files = sources.map((s) => s.file).sort(compareText);
  const texts = new Map(sources.map((s) => [s.file, s.text]));

  const checked: CheckedFile[] = [];
  for (const source of sources) {
    if (source.unparsed) continue; // why it could not be parsed is already reported
    diagnostics.push(...unsafeTextDiagnostics(source));
    const shape = checkShape(source);
    diagnostics.push(...shape.diagnostics);
    if (shape.document)
      checked.push({
        source,
        document: shape.document,
        invalidGuests: shape.invalidGuests,
        invalidGroups: shape.invalidGroups,
      });
  }

  const { declarations, diagnostics: declarationDiagnostics } = collectDeclarations(
    checked,
    catalog,
  );
  diagnostics.push(...declarationDiagnostics);

  for (const file of checked) diagnostics.push(...descriptionDiagnostics(file));

  const groups = collectGroups(checked, { declarations, catalog, today });
  diagnostics.push(...groups.diagnostics);
  diagnostics.push(...membershipWarnings(checked, groups.known));

  const guests: GuestResolution[] = [];
  const firstByEmail = new Map<string, SourceLocation>();
  for (const file of checked) {
    (file.document.guests ?? []).forEach((entry, index) => {
      const result = resolveGuest(file, index, {
        declarations,
        catalog,
        today,
        groups: groups.known,
      });
      diagnostics.push(...result.diagnostics);
      // Duplicates are found from the email alone, so an entry with other errors still shows as a duplicate.
      const email = typeof entry?.email === "string" ? normaliseEmail(entry.email) : undefined;
      const location = locate(file.source, ["guests", index]);
      const first = email === undefined ? undefined : firstByEmail.get(email);
      if (email !== undefined && first) {
        diagnostics.push({
          ...location,
          code: "duplicate-guest",
          severity: "error",
          message: `guest ${email} is already declared at ${formatLocation(first)} (emails compare without case); merge the two entries`,
          related: first,
        });
        return;
      }
      if (email !== undefined) firstByEmail.set(email, location);
      if (result.guest && !file.invalidGuests.has(index)) guests.push(result.guest);
    });
  }

  const sorted = sortDiagnostics(withoutConsequences(diagnostics));
  if (hasErrors(sorted)) return { diagnostics: sorted, files, texts };
  const sortedGuests: ResolvedGuest[] = guests.sort((a, b) =>
    compareText(a.spec.email, b.spec.email),
  );
  return {
    model: {
      files,
      today,
      groups: withMembers(groups.resolved, sortedGuests),
      guests: sortedGuests,
    },
    diagnostics: sorted,
    files,
    texts,
  };
}

/** The groups sorted by name, each with the emails of the guests that are its members (sorted, as the guests are). */
function withMembers(
  resolved: ReadonlyMap<string, Omit<ResolvedGroup, "members">>,
  guests: readonly ResolvedGuest[],
): ResolvedGroup[] {
  const members = new Map<string, string[]>();
  for (const guest of guests)
    for (const name of guest.spec.memberOf ?? []) {
      const list = members.get(name);
      if (list) list.push(guest.spec.email);
      else members.set(name, [guest.spec.email]);
    }
  return [...resolved.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([name, group]) => ({ ...group, members: members.get(name) ?? [] }));
}

/**
 * A group that no guest names in memberOf grants nobody anything: a warning at the group. Read from what
 * is written (any guest, valid or not), so a guest with an error elsewhere does not make its groups look empty.
 */
function membershipWarnings(
  files: readonly CheckedFile[],
  known: ReadonlyMap<string, { readonly location: SourceLocation }>,
): Diagnostic[] {
  const named = new Set<string>();
  for (const file of files)
    for (const guest of (file.document.guests ?? []) as unknown[]) {
      const memberOf = (guest as { memberOf?: unknown } | null)?.memberOf;
      if (Array.isArray(memberOf))
        for (const name of memberOf) if (typeof name === "string") named.add(name.trim());
    }
  return [...known.entries()]
    .filter(([name]) => !named.has(name))
    .map(([name, { location }]) => ({
      ...location,
      code: "group-without-members" as const,
      severity: "warning" as const,
      message: `group ${name} has no members: no guest names it in memberOf, so its grants reach nobody; add it to the guests who need it, or remove the group`,
    }));
}

/**
 * Reads a role table refreshed with `az role definition list -o json`. Throws `UnreadableInputError` when
 * the file cannot be read or is not such a list: a table that silently loads empty would make every role
 * "unknown", and one that loads half would hide privileged roles. `within`: the directory the file must stay
 * in once symlinks are resolved (the project, for a table named by the stack's config). Nothing of the file
 * is quoted in an error.
 */
export function loadRoleCatalog(path: string, within?: string): RoleCatalog {
  const hint = `write it with az role definition list --query "[?roleType=='BuiltInRole']" -o json`;
  const text = readInputText(path, { kind: "role table", ...(within ? { within } : {}) });
  const data = parseJsonInput(text, path, hint);
  const problem = roleTableProblem(data);
  if (problem) throw new UnreadableInputError(`${path}: ${problem}; ${hint}`);
  return RoleCatalog.fromAzCli(data as AzCliRoleDefinition[]);
}

function roleTableProblem(data: unknown): string | undefined {
  if (!Array.isArray(data)) return "is not a JSON list of role definitions";
  if (data.length === 0) return "lists no role definitions";
  const index = data.findIndex(
    (d: unknown) =>
      typeof d !== "object" ||
      d === null ||
      typeof (d as Record<string, unknown>).name !== "string" ||
      typeof (d as Record<string, unknown>).roleName !== "string",
  );
  return index >= 0 ? `entry ${index} has no "name" (GUID) and "roleName"` : undefined;
}
