/**
 * The tenant from export files handed over by someone else: every `--assignments` file (az output or ARM
 * pages), every `--users` file (az output or Graph pages), and, for declared groups, every `--groups` file and
 * every `--group-members GROUP=FILE`, merged into one snapshot. An unreadable or
 * malformed file is refused with its name (exit 2): a review on half an export would look like a clean one.
 */

import { parseJsonInput, readInputText, stripBom } from "../../../access/read-input";
import type {
  GroupMembers,
  TenantAssignment,
  TenantGroup,
  TenantMember,
  TenantSnapshot,
  TenantUser,
} from "../model";
import { normaliseTenantScope } from "../keys";
import { readAssignmentExport } from "./assignments";
import { ExportFormatError } from "./errors";
import { readGroupExport, readMemberExport } from "./groups";
import { readUserExport } from "./users";

/** The export files to read. */
export interface ExportFiles {
  /** `--assignments` files, as given (relative to `cwd`). */
  readonly assignments: readonly string[];
  /** `--users` files. */
  readonly users: readonly string[];
  /** `--groups` files. */
  readonly groups?: readonly string[];
  /** `--group-members GROUP=FILE`: each file with the group it lists (object id, or declared name). */
  readonly groupMembers?: readonly { readonly group: string; readonly file: string }[];
}

/** Group export texts: `--groups` files, and each `--group-members` file with its group. */
export interface GroupTexts {
  readonly groups: readonly ExportText[];
  readonly members: readonly { readonly group: string; readonly text: ExportText }[];
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
    {
      groups: (files.groups ?? []).map((f) => readText(resolvePath(f), f)),
      members: (files.groupMembers ?? []).map(({ group, file }) => ({
        group,
        text: readText(resolvePath(file), file),
      })),
    },
  );
}

/** A note for pages of a longer listing given without their last page. */
function missingLastPage(links: readonly string[], ends: number, what: string): string[] {
  if (links.length === 0 || ends > 0) return [];
  return [
    `${links.join(", ")} ${links.length === 1 ? "is a page" : "are pages"} of a longer listing (@odata.nextLink) without its last page: pass every page, or ${what}`,
  ];
}

/**
 * Merges group exports: groups by id; members by the group they were given for, several files of one
 * group (pages) joined. Members given for the same group twice are one list.
 */
function groupSnapshot(
  texts: GroupTexts,
  notes: string[],
): Pick<TenantSnapshot, "groups" | "groupMembers"> {
  if (texts.groups.length === 0 && texts.members.length === 0) return {};
  const groups = new Map<string, TenantGroup>();
  const groupLinks: string[] = [];
  let groupEnds = 0;
  for (const text of texts.groups) {
    const page = readGroupExport(parseJson(text), text.file);
    for (const g of page.items) groups.set(g.id, g);
    if (page.nextLink) groupLinks.push(text.file);
    else groupEnds++;
  }
  notes.push(...missingLastPage(groupLinks, groupEnds, "the groups that follow count as deleted"));
  const members = new Map<string, Map<string, TenantMember>>();
  const memberPages = new Map<string, { links: string[]; ends: number }>();
  for (const { group, text } of texts.members) {
    const key = group.trim().toLowerCase();
    const page = readMemberExport(parseJson(text), text.file);
    let list = members.get(key);
    if (list === undefined) members.set(key, (list = new Map<string, TenantMember>()));
    for (const m of page.items) list.set(m.id, m);
    const pages = memberPages.get(key) ?? { links: [], ends: 0 };
    if (page.nextLink) pages.links.push(text.file);
    else pages.ends++;
    memberPages.set(key, pages);
  }
  for (const [group, pages] of memberPages) {
    notes.push(
      ...missingLastPage(
        pages.links,
        pages.ends,
        `the members of ${group} that follow count as out of the group`,
      ),
    );
  }
  const groupMembers: GroupMembers[] = [...members].map(([group, list]) => ({
    group,
    members: [...list.values()],
  }));
  return {
    ...(texts.groups.length > 0 ? { groups: [...groups.values()] } : {}),
    groupMembers,
  };
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
  groupTexts: GroupTexts = { groups: [], members: [] },
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
  const groups = groupSnapshot(groupTexts, notes);
  return {
    assignments: assignmentList,
    users: userList,
    usersRead: true,
    ...groups,
    errors: [],
    notes,
  };
}
