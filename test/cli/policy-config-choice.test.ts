/**
 * `--stack NAME` judges with `policy/config/NAME.json` when it exists and `--policy-config` is not given, and
 * says on stderr which config that was (issue 8, item 4). Before, `plan --stack dev` alone reported 13
 * mandatory violations on the bundled example that `npm start` (with the dev config) reports clean.
 */

import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../cli/main";
import type { DiffReport } from "../../review/diff";
import type { PlanReport } from "../../review/plan-report";
import { choosePolicyConfig } from "../../review/policy-config-choice";
import { memoryIO, NOW, ROOT } from "./support/io";

async function run(
  argv: readonly string[],
  cwd = ROOT,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { io, stdout, stderr } = memoryIO({ cwd });
  const code = await main([...argv, "--now", NOW, "--format", "json"], io);
  return { code, stdout: stdout(), stderr: stderr() };
}

describe("the policy config a stack judges with", () => {
  it("plans --stack dev with policy/config/dev.json, as npm start does, and says so", async () => {
    const result = await run(["plan", "--stack", "dev"]);
    const report = JSON.parse(result.stdout) as PlanReport;
    assert.equal(report.summary.policyConfig, "policy/config/dev.json");
    assert.equal(report.summary.mandatory, 0);
    assert.equal(result.code, 0);
    assert.equal(
      result.stderr,
      `note: guardrails configured by policy/config/dev.json, stack "dev"'s own policy config; --policy-config chooses another\n`,
    );
  });

  it("lets --policy-config win, silently", async () => {
    const result = await run([
      "plan",
      "--stack",
      "dev",
      "--policy-config",
      "test/fixtures/policy/empty.json",
    ]);
    const report = JSON.parse(result.stdout) as PlanReport;
    assert.equal(report.summary.policyConfig, "test/fixtures/policy/empty.json");
    assert.equal(result.stderr, "");
  });

  it("diffs --stack dev with the same config", async () => {
    const result = await run([
      "diff",
      "test/fixtures/diff/base.yaml",
      "test/fixtures/diff/changed.yaml",
      "--stack",
      "dev",
    ]);
    const report = JSON.parse(result.stdout) as DiffReport;
    assert.equal(report.summary.policyConfig, "policy/config/dev.json");
    assert.match(result.stderr, /note: guardrails configured by policy\/config\/dev\.json/);
  });

  describe("in a project without the stack's config file", () => {
    let project: string;
    before(() => {
      project = mkdtempSync(join(tmpdir(), "guest-access-policy-config-"));
      copyFileSync(join(ROOT, "Pulumi.yaml"), join(project, "Pulumi.yaml"));
      copyFileSync(join(ROOT, "Pulumi.dev.yaml"), join(project, "Pulumi.dev.yaml"));
      copyFileSync(join(ROOT, "access.yaml"), join(project, "access.yaml"));
      mkdirSync(join(project, "policy", "config"), { recursive: true });
    });
    after(() => rmSync(project, { recursive: true, force: true }));

    it("runs the policies' defaults and says that pulumi preview would judge differently", async () => {
      const result = await run(["plan", "--stack", "dev"], project);
      const report = JSON.parse(result.stdout) as PlanReport;
      assert.equal(report.summary.policyConfig, null);
      assert.match(
        result.stderr,
        /^note: no --policy-config and no policy\/config\/dev\.json: the guardrails run with their defaults/,
      );
    });
  });

  const unsafe = ["../dev", "dev/../../x", ".hidden", ""];
  for (const stack of unsafe) {
    it(`never reads a config file named by the stack ${JSON.stringify(stack)}, which is no plain name`, () => {
      const choice = choosePolicyConfig(stack, undefined, ROOT);
      assert.equal(choice.policyConfig, undefined);
      assert.match(choice.note ?? "", /defaults/);
    });
  }
});
