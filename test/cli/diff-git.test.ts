/**
 * `guest-access diff --base REV [PATH]` in a throwaway git repository: the old side read with git, the new
 * side from the working tree, for a file, a directory, a path the revision does not have and a path the
 * working tree no longer has.
 */

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DiffReport } from "../../review/diff";
import { main } from "../../cli/main";
import { DEV_POLICY_CONFIG, memoryIO, NOW, ROOT } from "./support/io";

const DIFF_FIXTURES = join(ROOT, "test", "fixtures", "diff");

function git(cwd: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.invalid", ...args], {
    cwd,
    stdio: "ignore",
  });
}

describe("guest-access diff --base (git)", () => {
  let repo: string;

  before(() => {
    repo = mkdtempSync(join(tmpdir(), "guest-access-diff-"));
    copyFileSync(join(ROOT, "Pulumi.yaml"), join(repo, "Pulumi.yaml"));
    copyFileSync(join(ROOT, "Pulumi.dev.yaml"), join(repo, "Pulumi.dev.yaml"));
    mkdirSync(join(repo, "policy", "config"), { recursive: true });
    copyFileSync(join(ROOT, DEV_POLICY_CONFIG), join(repo, DEV_POLICY_CONFIG));
    copyFileSync(join(DIFF_FIXTURES, "base.yaml"), join(repo, "access.yaml"));
    mkdirSync(join(repo, "teams"));
    for (const f of ["team-a.yaml", "team-b.yaml"])
      copyFileSync(join(DIFF_FIXTURES, "dir-before", f), join(repo, "teams", f));
    // Deleted by the pull request.
    copyFileSync(join(DIFF_FIXTURES, "base.yaml"), join(repo, "gone.yaml"));
    git(repo, "init", "-q");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "base");
    // The working tree: the pull request's side.
    copyFileSync(join(DIFF_FIXTURES, "removed.yaml"), join(repo, "access.yaml"));
    for (const f of ["team-a.yaml", "team-b.yaml"])
      copyFileSync(join(DIFF_FIXTURES, "dir-after", f), join(repo, "teams", f));
    writeFileSync(join(repo, "new.yaml"), readFileSync(join(DIFF_FIXTURES, "added.yaml")));
    rmSync(join(repo, "gone.yaml"));
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  async function diff(
    args: readonly string[],
  ): Promise<{ code: number; report: DiffReport; stderr: string }> {
    const { io, stdout, stderr } = memoryIO({ cwd: repo });
    const code = await main(
      ["diff", ...args, "--now", NOW, "--policy-config", DEV_POLICY_CONFIG, "--format", "json"],
      io,
    );
    return {
      code,
      report: (stdout() ? JSON.parse(stdout()) : undefined) as DiffReport,
      stderr: stderr(),
    };
  }

  it("compares a file at the revision with the working tree, calling out the deleted account", async () => {
    const { code, report } = await diff(["--base", "HEAD", "access.yaml"]);
    assert.equal(code, 0);
    assert.equal(report.summary.old, "HEAD:access.yaml");
    assert.deepEqual(
      report.diff.removed.map((g) => [g.email, g.account.effect]),
      [
        ["ann.lee@contoso.example", "account-kept"],
        ["cy.dubois@fabrikam.example", "account-deleted"],
      ],
    );
    assert.equal(report.summary.destructive, 1);
  });

  it("reads a directory at the revision and finds a guest moved between its files unchanged", async () => {
    const { code, report } = await diff(["--base", "HEAD", "teams"]);
    assert.equal(code, 0);
    assert.equal(report.summary.noChanges, true);
  });

  it("treats a path the revision does not have as an empty declaration: every guest is added", async () => {
    const { report } = await diff(["--base", "HEAD", "new.yaml"]);
    assert.deepEqual(
      report.diff.added.map((g) => g.email),
      [
        "ann.lee@contoso.example",
        "ben.ortiz@fabrikam.example",
        "cy.dubois@fabrikam.example",
        "dora.khan@northwind.example",
      ],
    );
  });

  // Pins the bug where a pull request deleting the declaration exited 2 and showed nothing.
  it("treats a path the working tree no longer has as an empty declaration: every guest is removed, with its account effect", async () => {
    // Every grant removed is a mass removal: it passes only when said to be meant.
    const { code, report, stderr } = await diff([
      "--base",
      "HEAD",
      "gone.yaml",
      "--allow-mass-removal",
    ]);
    assert.equal(code, 0);
    assert.match(
      stderr,
      /gone\.yaml does not exist in the working tree: compared as an empty declaration/,
    );
    assert.deepEqual([report.summary.old, report.summary.new], ["HEAD:gone.yaml", "gone.yaml"]);
    assert.deepEqual(
      report.diff.removed.map((g) => [g.email, g.account.effect, g.grants.length]),
      [
        ["ann.lee@contoso.example", "account-kept", 2],
        ["ben.ortiz@fabrikam.example", "account-kept", 1],
        ["cy.dubois@fabrikam.example", "account-deleted", 1],
      ],
    );
    assert.deepEqual([report.summary.destructive, report.policies.length], [1, 0]);
  });

  it("fails on a deleted declaration without --allow-mass-removal, saying why", async () => {
    const { code, report } = await diff(["--base", "HEAD", "gone.yaml"]);
    assert.equal(code, 1);
    assert.equal(report.summary.verdict, "fail");
    assert.match(
      report.summary.massRemoval.reason,
      /4 of 4 grants removed \(100%, more than 25%\)/,
    );
  });

  it("refuses a path that exists neither at the revision nor in the working tree (exit 2)", async () => {
    const { code, stderr } = await diff(["--base", "HEAD", "nowhere.yaml"]);
    assert.equal(code, 2);
    assert.match(stderr, /nowhere\.yaml exists neither at HEAD nor in the working tree/);
  });

  it("refuses a revision that does not exist with a usage error (exit 2)", async () => {
    const { code, stderr } = await diff(["--base", "no-such-branch", "access.yaml"]);
    assert.equal(code, 2);
    assert.match(stderr, /no-such-branch/);
  });
});
