/**
 * A throwaway checkout of a project that uses guest-access, as a workflow sees it: its project files, its
 * declaration, the workflow's scripts (the real `.github/scripts`, copied), a git history, and the installed
 * `guest-access` command (this repository's `bin/` and `node_modules/`, linked, so `npx --no-install
 * guest-access` resolves as it does after `npm ci`).
 */

import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Runner } from "./steps";
import { ROOT } from "./workflow-file";

/** A scratch checkout and its runner's temporary directory. */
export interface ScratchProject extends Runner {
  /** Writes a file of the checkout (creating its directories). */
  write(path: string, text: string): void;
  /** Copies a file of this repository into the checkout. */
  copy(from: string, to?: string): void;
  /** Commits everything and returns the commit's SHA. */
  commit(message: string): string;
  /** Deletes the checkout and the temporary directory. */
  remove(): void;
}

/** The dev stack's project files, as this repository has them. */
export const DEV_STACK_FILES = ["Pulumi.yaml", "Pulumi.dev.yaml", "policy/config/dev.json"];

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    "git",
    ["-c", "user.name=test", "-c", "user.email=test@example.invalid", ...args],
    { cwd, encoding: "utf8" },
  ).trim();
}

/** A new scratch checkout (a git repository with no commit yet) with the dev stack's project files. */
export function scratchProject(): ScratchProject {
  const base = mkdtempSync(join(tmpdir(), "guest-access-ci-"));
  const workspace = join(base, "checkout");
  const temp = join(base, "runner-temp");
  mkdirSync(workspace);
  mkdirSync(temp);
  // The installed command, as `npm ci` leaves it: bin/guest-access.js resolves its sources and ts-node from
  // its real location, so linking is enough.
  writeFileSync(
    join(workspace, "package.json"),
    `${JSON.stringify({ name: "guest-access", private: true, bin: { "guest-access": "bin/guest-access.js" } })}\n`,
  );
  symlinkSync(join(ROOT, "bin"), join(workspace, "bin"));
  symlinkSync(join(ROOT, "node_modules"), join(workspace, "node_modules"));
  writeFileSync(join(workspace, ".gitignore"), "/bin\n/node_modules\n");
  cpSync(join(ROOT, ".github", "scripts"), join(workspace, ".github", "scripts"), {
    recursive: true,
  });

  const project: ScratchProject = {
    workspace,
    temp,
    write(path, text) {
      mkdirSync(dirname(join(workspace, path)), { recursive: true });
      writeFileSync(join(workspace, path), text);
    },
    copy(from, to = from) {
      mkdirSync(dirname(join(workspace, to)), { recursive: true });
      cpSync(join(ROOT, from), join(workspace, to));
    },
    commit(message) {
      git(workspace, "add", "-A");
      git(workspace, "commit", "-q", "--allow-empty", "-m", message);
      return git(workspace, "rev-parse", "HEAD");
    },
    remove() {
      rmSync(base, { recursive: true, force: true });
    },
  };
  git(workspace, "init", "-q");
  for (const file of DEV_STACK_FILES) project.copy(file);
  return project;
}
