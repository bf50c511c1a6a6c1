/**
 * The old side of `diff`: a declaration as it was at a git revision. Git runs without a shell (`execFile`)
 * so a revision or path can never be read as a command, the revision is checked to be one before use (never
 * an option: no leading `-`) and passed after `--end-of-options`. Blobs are read by object id, after their
 * size is checked against the same limit as a file on disk, and decoded as strictly. A symlink in the tree is
 * refused, as one out of the directory would be on disk. A path absent at the revision is an empty
 * declaration: the pull request that adds the file shows every guest as added.
 */

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { join } from "node:path";
import { isDeclarationFile, parseSourceBytes, type SourceFile } from "../access/source";
import { limitsFromEnv } from "../access/read-input";
import { type Diagnostic } from "../access/diagnostics";
import { compareText } from "../azure/compare";
import { UsageError } from "./errors";

const run = promisify(execFile);

/** Parsed files of one side, as `readSources` returns them. */
export interface GitSources {
  readonly sources: SourceFile[];
  readonly diagnostics: Diagnostic[];
  /** False when the path does not exist at the revision. */
  readonly exists: boolean;
}

/**
 * What a revision may look like: branch and tag names, `origin/main`, hashes, `HEAD~2`, `main^`,
 * `main@{1}`. Never an option (a leading `-`), never white space, control characters or `:` (a path).
 */
const REVISION = /^[A-Za-z0-9_./~^@{}+][A-Za-z0-9_./~^@{}+-]{0,255}$/;

/** Throws `UsageError` unless `revision` can only be read by git as a revision. */
export function checkRevision(revision: string): void {
  if (!REVISION.test(revision) || revision.includes("..")) {
    throw new UsageError(
      `--base ${JSON.stringify(revision)} is not a git revision; give a branch, tag or commit such as origin/main (no leading "-", no spaces, no ":" or "..")`,
    );
  }
}

async function git(
  args: readonly string[],
  cwd: string,
  maxBuffer = 64 * 1024 * 1024,
): Promise<Buffer> {
  try {
    const { stdout } = await run("git", [...args], { cwd, maxBuffer, encoding: "buffer" });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString("utf8").trim();
    throw new UsageError(`git ${args[0] ?? ""} failed: ${stderr || (error as Error).message}`);
  }
}

interface TreeEntry {
  readonly mode: string;
  readonly type: string;
  readonly id: string;
  readonly path: string;
}

/** `git ls-tree` entries; `-z` so any file name survives. */
async function lsTree(revision: string, path: string, cwd: string): Promise<TreeEntry[]> {
  const out = await git(
    ["ls-tree", "-z", "--full-name", "--end-of-options", revision, "--", path],
    cwd,
  );
  return out
    .toString("utf8")
    .split("\0")
    .filter((line) => line !== "")
    .map((line) => {
      const tab = line.indexOf("\t");
      const [mode = "", type = "", id = ""] = line.slice(0, tab).split(" ");
      return { mode, type, id, path: line.slice(tab + 1) };
    });
}

/** A blob's bytes, refused before reading when it is larger than a declaration may be. */
async function readBlob(entry: TreeEntry, shown: string, cwd: string): Promise<Buffer> {
  const limit = limitsFromEnv(process.env).fileBytes;
  const size = Number((await git(["cat-file", "-s", entry.id], cwd)).toString("utf8").trim());
  if (!(size <= limit)) {
    throw new UsageError(
      `${shown}: is ${size} bytes, over the limit of ${limit} bytes for a declaration (limit reached; raise it with GUEST_ACCESS_MAX_FILE_BYTES)`,
    );
  }
  return git(["cat-file", "blob", entry.id], cwd, limit + 1);
}

/** Refuses a symlink (mode 120000) or submodule among the files of a declaration at a revision. */
function checkEntry(entry: TreeEntry, shown: string): void {
  if (entry.mode === "120000") {
    throw new UsageError(
      `${shown}: is a symlink at that revision; a declaration must be a file (symlinks are not followed)`,
    );
  }
}

/**
 * Reads the declaration at `path` (a file or a directory, relative to `cwd`) as of `revision`. File names
 * are written `<revision>:<path>` so diagnostics say which side they are about.
 */
export async function readGitSources(
  revision: string,
  path: string,
  cwd: string,
): Promise<GitSources> {
  checkRevision(revision);
  // Fails with a usage error for a revision that does not exist, before anything else.
  await git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${revision}^{commit}`], cwd);
  const trimmed = path.replace(/\/+$/, "") || ".";
  const entries = await lsTree(revision, trimmed, cwd);
  const entry = entries.find((e) => e.type === "tree" || e.type === "blob");
  if (!entry) return { sources: [], diagnostics: [], exists: false };

  let files: { display: string; entry: TreeEntry }[];
  if (entry.type === "blob" && entries.length === 1) {
    files = [{ display: trimmed, entry }];
  } else {
    // A directory: its own *.yaml files in name order, as `loadAccess` reads a directory.
    const children = await lsTree(revision, `${trimmed}/`, cwd);
    files = children
      .filter((c) => c.type === "blob" && isDeclarationFile(c.path.split("/").pop() ?? ""))
      .map((c) => ({ display: join(trimmed, c.path.split("/").pop() ?? ""), entry: c }))
      .sort((a, b) => compareText(a.display, b.display));
  }

  const sources: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const shown = `${revision}:${file.display}`;
    checkEntry(file.entry, shown);
    const bytes = await readBlob(file.entry, shown, cwd);
    const parsed = parseSourceBytes(shown, bytes);
    sources.push(parsed.source);
    diagnostics.push(...parsed.diagnostics);
  }
  return { sources, diagnostics, exists: true };
}

/**
 * The text of one file at a revision (a project file such as `Pulumi.<stack>.yaml`), or undefined when the
 * revision does not have it. Size-checked before it is read, like a declaration.
 */
export async function readGitText(
  revision: string,
  path: string,
  cwd: string,
): Promise<string | undefined> {
  checkRevision(revision);
  const entries = await lsTree(revision, path, cwd);
  const entry = entries.find((e) => e.type === "blob");
  if (!entry || entries.length !== 1) return undefined;
  checkEntry(entry, `${revision}:${path}`);
  return (await readBlob(entry, `${revision}:${path}`, cwd)).toString("utf8");
}
