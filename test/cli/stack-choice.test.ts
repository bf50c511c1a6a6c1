/**
 * Which declaration `plan` and `diff --base` work on: the stack's own `guest-access:accessFile` unless PATH
 * is given, with a warning on stderr when PATH is not the stack's file or the stack has no config file.
 * Pins the bug where PATH always defaulted to access.yaml, so `plan --stack prod` planned the dev file.
 */

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DiffReport } from "../../review/diff";
import { main } from "../../cli/main";
import type { PlanReport } from "../../review/plan-report";
import { DEV_POLICY_CONFIG, memoryIO, NOW, ROOT } from "./support/io";

const NOT_PROD = (path: string): string =>
  `warning: ${path} is not what stack "prod" deploys: its guest-access:accessFile is prod.yaml\n`;
const NO_STACK_FILE = (stack: string): string =>
  `warning: Pulumi.${stack}.yaml does not exist: stack "${stack}" runs on the defaults of Pulumi.yaml alone; check --stack\n`;

describe("guest-access plan and diff: the stack's own declaration", () => {
  let project: string;

  before(() => {
    // A project whose prod stack deploys prod.yaml; the Pulumi.yaml default stays access.yaml.
    project = mkdtempSync(join(tmpdir(), "guest-access-stack-"));
    copyFileSync(join(ROOT, "Pulumi.yaml"), join(project, "Pulumi.yaml"));
    writeFileSync(
      join(project, "Pulumi.prod.yaml"),
      "config:\n  guest-access:accessFile: prod.yaml\n",
    );
    copyFileSync(join(ROOT, "test/fixtures/diff/base.yaml"), join(project, "access.yaml"));
    copyFileSync(join(ROOT, "test/fixtures/diff/base.yaml"), join(project, "prod.yaml"));
    const git = (...args: string[]): void => {
      execFileSync(
        "git",
        ["-c", "user.name=test", "-c", "user.email=test@example.invalid", ...args],
        { cwd: project, stdio: "ignore" },
      );
    };
    git("init", "-q");
    git("add", ".");
    git("commit", "-q", "-m", "base");
    // The pull request removes guests from prod.yaml only.
    copyFileSync(join(ROOT, "test/fixtures/diff/removed.yaml"), join(project, "prod.yaml"));
  });
  after(() => rmSync(project, { recursive: true, force: true }));

  async function run(
    argv: readonly string[],
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    const { io, stdout, stderr } = memoryIO({ cwd: project });
    const code = await main(
      [...argv, "--now", NOW, "--policy-config", join(ROOT, DEV_POLICY_CONFIG), "--format", "json"],
      io,
    );
    return { code, stdout: stdout(), stderr: stderr() };
  }

  const planCases: { name: string; argv: string[]; path: string; stderr: string }[] = [
    {
      name: "plans the stack's accessFile when no PATH is given",
      argv: ["plan", "--stack", "prod"],
      path: "prod.yaml",
      stderr: "",
    },
    {
      name: "plans an explicit PATH that is the stack's file without a warning, however it is spelt",
      argv: ["plan", "./prod.yaml", "--stack", "prod"],
      path: "./prod.yaml",
      stderr: "",
    },
    {
      name: "plans an explicit PATH that is not the stack's file, warning with both names",
      argv: ["plan", "access.yaml", "--stack", "prod"],
      path: "access.yaml",
      stderr: NOT_PROD("access.yaml"),
    },
    {
      name: "warns that a stack without Pulumi.<stack>.yaml runs on the project's defaults (a mistyped --stack)",
      argv: ["plan", "--stack", "prd"],
      path: "access.yaml",
      stderr: NO_STACK_FILE("prd"),
    },
  ];
  for (const c of planCases) {
    it(c.name, async () => {
      const { code, stdout, stderr } = await run(c.argv);
      assert.equal(stderr, c.stderr);
      assert.equal(code, 0);
      assert.equal((JSON.parse(stdout) as PlanReport).summary.path, c.path);
    });
  }

  it("diffs the stack's accessFile at a revision when --base is given no PATH", async () => {
    const { code, stdout, stderr } = await run(["diff", "--base", "HEAD", "--stack", "prod"]);
    assert.equal(stderr, "");
    assert.equal(code, 0);
    const report = JSON.parse(stdout) as DiffReport;
    assert.deepEqual([report.summary.old, report.summary.new], ["HEAD:prod.yaml", "prod.yaml"]);
    assert.equal(report.summary.guestsRemoved, 2);
  });

  it("warns when diff --base is given a PATH that is not the stack's file", async () => {
    const { stderr } = await run(["diff", "--base", "HEAD", "access.yaml", "--stack", "prod"]);
    assert.equal(stderr, NOT_PROD("access.yaml"));
  });
});
