/**
 * The tenant from export files handed over by someone else: every `--assignments` file (az output or ARM
 * pages) and every `--users` file (az output or Graph pages), merged into one snapshot. An unreadable or
 * malformed file is refused with its name (exit 2): a review on half an export would look like a clean one.
 */

import { parseJsonInput, readInputText, stripBom } from "../../../access/read-input";
import type { TenantAssignment, TenantSnapshot, TenantUser } from "../model";
import { normaliseTenantScope } from "../keys";
import { readAssignmentExport } from "./assignments";
import { ExportFormatError } from "./errors";
import { readUserExport } from "./users";

/** The export files to read. */
export interface ExportFiles {
  /** `--assignments` files, as given (relative to `cwd`). */
  readonly assignments: readonly string[];
  /** `--users` files. */
  readonly users: readonly string[];
}

/** One export file's text, with the name it is shown by. */
export interface ExportText {
  readonly file: string;
  readonly text: string;
}

/**
 * Reads one file's text through the guarded reader: a regular file only, within the tenant-export size limit
 * (`GUEST_ACCESS_MAX_STATE_BYTES`), valid UTF-8. Throws `UnreadableInputError` (exit 2) saying why not.
 */
function readText(path: string, shown: string): ExportText {
  return { file: shown, text: readInputText(path, { kind: "tenant export", shown }) };
}

/** The export's JSON; a syntax error names its position, never the text. */
function parseJson({ file, text }: ExportText): unknown {
  return parseJsonInput(
    stripBom(text),
    file,
    "export it again with az role assignment list / az ad user list -o json, or save the API's pages as they came",
    { plainObjects: false },
  );
}

/** Reads and merges the export files; `resolvePath` maps a name as given to a path to read. */
export function readExports(
  files: ExportFiles,
  resolvePath: (file: string) => string = (f) => f,
): TenantSnapshot {
  return exportsSnapshot(
    files.assignments.map((f) => readText(resolvePath(f), f)),
    files.users.map((f) => readText(resolvePath(f), f)),
  );
}

function sameScope(a: string, b: string): boolean {
  return a === b || normaliseTenantScope(a) === normaliseTenantScope(b);
}

/** Assignments without repeats, by name (a GUID) and then scope: no new key string per assignment. */
function deduplicate(all: readonly TenantAssignment[]): TenantAssignment[] {
  const byName = new Map<string, TenantAssignment>();
  const sameNameElsewhere: TenantAssignment[] = [];
  for (const a of all) {
    const seen = byName.get(a.name);
    if (seen === undefined || sameScope(seen.scope, a.scope)) byName.set(a.name, a);
    else if (!sameNameElsewhere.some((o) => o.name === a.name && sameScope(o.scope, a.scope))) {
      sameNameElsewhere.push(a);
    }
  }
  return [...byName.values(), ...sameNameElsewhere];
}

/** Merges export texts already read: what `readExports` does after reading. */
export function exportsSnapshot(
  assignmentTexts: readonly ExportText[],
  userTexts: readonly ExportText[],
): TenantSnapshot {
  const notes: string[] = [];
  const pages = assignmentTexts.map((text) => ({
    file: text.file,
    page: readAssignmentExport(parseJson(text), text.file),
  }));
  const assignmentLinks = pages.filter((p) => p.page.nextLink !== undefined).map((p) => p.file);
  const assignmentEnds = pages.length - assignmentLinks.length;
  // One listing holds each assignment once; several (pages, or exports at overlapping scopes) may repeat.
  const assignmentList =
    pages.length === 1
      ? (pages[0] as (typeof pages)[number]).page.assignments
      : deduplicate(pages.flatMap((p) => p.page.assignments));
  const users = new Map<string, TenantUser>();
  const userLinks: string[] = [];
  let userEnds = 0;
  for (const text of userTexts) {
    const page = readUserExport(parseJson(text), text.file);
    for (const u of page.users) users.set(u.id, u);
    if (page.nextLink) userLinks.push(text.file);
    else userEnds++;
  }
  // A listing's last page has no link to a next one: when every page given has one, the last is missing.
  if (assignmentLinks.length > 0 && assignmentEnds === 0) {
    notes.push(
      `${assignmentLinks.join(", ")} ${assignmentLinks.length === 1 ? "is a page" : "are pages"} of a longer listing (nextLink) without its last page: pass every page, or the review misses the assignments that follow`,
    );
  }
  if (userLinks.length > 0 && userEnds === 0) {
    notes.push(
      `${userLinks.join(", ")} ${userLinks.length === 1 ? "is a page" : "are pages"} of a longer listing (@odata.nextLink) without its last page: pass every page, or the users that follow count as deleted`,
    );
  }
  if (userTexts.length === 0) {
    throw new ExportFormatError(
      "--users is required with --assignments: who is a guest, and who no longer exists, comes from the users (az ad user list > users.json)",
    );
  }
  const userList = [...users.values()];
  if (userList.length > 0 && !userList.some((u) => u.externalUserState !== undefined)) {
    notes.push(
      "the users export has no externalUserState (az ad user list leaves it out): pending invitations are not judged; export Graph GET /users with $select=id,displayName,userType,mail,otherMails,userPrincipalName,externalUserState,externalUserStateChangeDateTime,createdDateTime",
    );
  }
  return {
    assignments: assignmentList,
    users: userList,
    usersRead: true,
    errors: [],
    notes,
  };
}
