/**
 * The installed command as a real child process: `node bin/guest-access.js`, resolving everything from the
 * installed node_modules, as a newcomer or CI runs it.
 */

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { PlanReport } from "../../review/plan-report";
import { DEV_POLICY_CONFIG, NOW, ROOT } from "./support/io";

describe("guest-access as a subprocess", () => {
  it("plans the bundled access.yaml as JSON on stdout and exits 0", () => {
    const child = spawnSync(
      process.execPath,
      [
        join("bin", "guest-access.js"),
        "plan",
        "access.yaml",
        "--now",
        NOW,
        "--format",
        "json",
        "--policy-config",
        DEV_POLICY_CONFIG,
      ],
      { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 120_000 },
    );
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stderr, "");
    const report = JSON.parse(child.stdout) as PlanReport;
    assert.equal(report.summary.verdict, "pass");
    assert.equal(report.summary.guests, 5);
    assert.ok(report.resources.some((r) => r.type === "azuread:index/invitation:Invitation"));
  });

  it("exits 1 on a mandatory violation", () => {
    const child = spawnSync(
      process.execPath,
      [
        join("bin", "guest-access.js"),
        "plan",
        "test/fixtures/plan/violation.yaml",
        "--now",
        NOW,
        "--policy-config",
        DEV_POLICY_CONFIG,
      ],
      { cwd: ROOT, encoding: "utf8", timeout: 120_000 },
    );
    assert.equal(child.status, 1, child.stderr);
    assert.match(child.stdout, /Verdict: fail/);
  });
});
