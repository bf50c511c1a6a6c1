/**
 * The old side of `diff`: a declaration as it was at a git revision. Git runs without a shell (`execFile`)
 * so a revision or path can never be read as a command. A path absent at the revision is an empty
 * declaration: the pull request that adds the file shows every guest as added.
 */

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { join } from "node:path";
import { isDeclarationFile, parseSource, type SourceFile } from "../access/source";
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

async function git(args: readonly string[], cwd: string): Promise<string> {
  try {
    const { stdout } = await run("git", [...args], {
      cwd,
      maxBuffer: 256 * 1024 * 1024,
      encoding: "utf8",
    });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new UsageError(`git ${args.join(" ")} failed: ${stderr || (error as Error).message}`);
  }
}

interface TreeEntry {
  readonly type: string;
  readonly path: string;
}

/** `git ls-tree` entries; `-z` so any file name survives. */
async function lsTree(revision: string, path: string, cwd: string): Promise<TreeEntry[]> {
  const out = await git(["ls-tree", "-z", "--full-name", revision, "--", path], cwd);
  return out
    .split("\0")
    .filter((line) => line !== "")
    .map((line) => {
      const [meta = "", fullPath = ""] = line.split("\t");
      return { type: meta.split(" ")[1] ?? "", path: fullPath };
    });
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
  // Fails with a usage error for a revision that does not exist, before anything else.
  await git(["rev-parse", "--verify", "--quiet", `${revision}^{commit}`], cwd);
  const trimmed = path.replace(/\/+$/, "") || ".";
  const entries = await lsTree(revision, trimmed, cwd);
  const entry = entries.find((e) => e.type === "tree" || e.type === "blob");
  if (!entry) return { sources: [], diagnostics: [], exists: false };

  let files: { display: string; fullPath: string }[];
  if (entry.type === "blob" && entries.length === 1) {
    files = [{ display: trimmed, fullPath: entry.path }];
  } else {
    // A directory: its own *.yaml files in name order, as `loadAccess` reads a directory.
    const children = await lsTree(revision, `${trimmed}/`, cwd);
    files = children
      .filter((c) => c.type === "blob" && isDeclarationFile(c.path.split("/").pop() ?? ""))
      .map((c) => ({ display: join(trimmed, c.path.split("/").pop() ?? ""), fullPath: c.path }))
      .sort((a, b) => compareText(a.display, b.display));
  }

  const sources: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const text = await git(["show", `${revision}:${file.fullPath}`], cwd);
    const parsed = parseSource(`${revision}:${file.display}`, text);
    sources.push(parsed.source);
    diagnostics.push(...parsed.diagnostics);
  }
  return { sources, diagnostics, exists: true };
}
