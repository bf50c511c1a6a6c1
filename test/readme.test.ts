/**
 * What the README and the workflows tell the providers, ARM, Graph and the Pulumi CLI (issue 8, items 4, 5
 * and 7): each claim here was checked against its upstream source (docs/providers.md), and this test keeps the
 * README from drifting back to the claims that were wrong.
 */

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

const ROOT = join(__dirname, "..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");

interface Step {
  readonly uses?: string;
  readonly env?: Record<string, unknown>;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly name?: string;
  readonly permissions?: Record<string, string>;
  readonly steps?: Step[];
}

/** Every `pulumi/actions` step of the repository's workflows, with its job. */
function pulumiSteps(): { file: string; job: Job; step: Step }[] {
  const dir = join(ROOT, ".github", "workflows");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yml"))
    .flatMap((file) => {
      const workflow = parse(readFileSync(join(dir, file), "utf8")) as {
        jobs?: Record<string, Job>;
      };
      return Object.values(workflow.jobs ?? {}).flatMap((job) =>
        (job.steps ?? [])
          .filter((step) => step.uses?.startsWith("pulumi/actions@"))
          .map((step) => ({ file, job, step })),
      );
    });
}

/** The README's section under `## title`, up to the next `## `. */
function section(title: string): string {
  const start = README.indexOf(`## ${title}\n`);
  assert.ok(start >= 0, `no section "${title}"`);
  const end = README.indexOf("\n## ", start + 3);
  return README.slice(start, end < 0 ? undefined : end);
}

/** The inputs of pulumi/actions v7.0.0 (`action.yml`). */
const ACTION_INPUTS = new Set([
  "command",
  "stack-name",
  "pulumi-version",
  "pulumi-version-file",
  "work-dir",
  "comment-on-pr",
  "comment-on-pr-number",
  "comment-on-summary",
  "github-token",
  "cloud-url",
  "secrets-provider",
  "parallel",
  "message",
  "config-map",
  "expect-no-changes",
  "diff",
  "replace",
  "exclude",
  "exclude-dependents",
  "target",
  "target-dependents",
  "policyPacks",
  "policyPackConfigs",
  "refresh",
  "upsert",
  "remove",
  "edit-pr-comment",
  "color",
  "exclude-protected",
  "plan",
  "suppress-outputs",
  "suppress-progress",
  "always-include-summary",
  "continue-on-error",
  "log-verbosity",
  "log-flow",
  "debug",
  "output",
]);

describe("the README's operating instructions", () => {
  it("asks for the Graph permission the invitation's Create needs, not only Guest Inviter", () => {
    const deploying = section("Deploying for real");
    assert.match(deploying, /`User\.ReadWrite\.All` \(application permission/);
    assert.match(deploying, /\*\*User Administrator\*\*/);
    assert.match(deploying, /Guest Inviter or\s+`User\.Invite\.All` is not enough/);
  });

  it("gives the workflows' Pulumi steps a backend, and Azure OIDC with the token permission", () => {
    // A step without `command` only installs the CLI.
    for (const { file, job, step } of pulumiSteps().filter((s) => s.step.with?.command)) {
      const env = step.env ?? {};
      assert.ok("PULUMI_ACCESS_TOKEN" in env || "PULUMI_BACKEND_URL" in env, `${file} ${job.name}`);
      if (env.ARM_USE_OIDC === "true") {
        assert.equal(job.permissions?.["id-token"], "write", `${file}: ${String(job.name)}`);
      }
    }
  });

  it("uses only inputs pulumi/actions v7 has, in every workflow", () => {
    const steps = pulumiSteps();
    assert.ok(steps.length >= 4);
    for (const { file, step } of steps) {
      for (const input of Object.keys(step.with ?? {}))
        assert.ok(ACTION_INPUTS.has(input), `${file}: ${input}`);
    }
  });

  it("checks managed drift without writing the state, and gives preview the stack's policy config", () => {
    const drift = section("Drift review");
    assert.match(drift, /pulumi refresh --preview-only --expect-no-changes/);
    assert.match(
      drift,
      /pulumi preview --refresh --expect-no-changes --stack dev \\\n\s+--policy-pack policy --policy-pack-config policy\/config\/dev\.json/,
    );
  });

  it("names the recoveries the providers need: adopt a pending create, re-invite a deleted guest", () => {
    const troubleshooting = section("Troubleshooting");
    assert.match(troubleshooting, /pulumi refresh --import-pending-creates/);
    assert.match(troubleshooting, /pulumi state delete '<invitation urn>' --target-dependents/);
    assert.match(
      troubleshooting,
      /pulumi up --target-replace '<invitation urn>' --target-dependents/,
    );
  });

  const wrong: [string, RegExp][] = [
    ["principalType makes ARM wait", /tells ARM to wait/],
    ["ARM returns the tenant form", /tenant form[^.]*the form ARM returns/],
    [
      "a re-run of this stack never causes RoleAssignmentExists",
      /a re-run of this stack never causes it/,
    ],
    ["a drift preview without the policy config", /--expect-no-changes --policy-pack policy`/],
  ];
  for (const [claim, pattern] of wrong) {
    it(`no longer claims that ${claim}`, () => assert.doesNotMatch(README, pattern));
  }
});
