/**
 * What every workflow must keep, whoever edits it next: least-privilege permissions per job, OpenID Connect
 * tokens only where Azure is logged in to, third-party actions pinned to full commit SHAs, the policy pack
 * and the stack's own pack config on every preview and update, one deploy per stack at a time, and one job
 * per stack from the stack files rather than a hand-kept list.
 */

import assert from "node:assert/strict";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import {
  actionOf,
  allSteps,
  jobOf,
  permissionsOf,
  ROOT,
  workflowFiles,
  type Job,
  type WorkflowFile,
} from "./support/workflow-file";

const files = workflowFiles();

/** The permissions each job holds: any change to this inventory shows as a diff in review. */
const EXPECTED_PERMISSIONS: Readonly<
  Record<string, Readonly<Record<string, Record<string, string>>>>
> = {
  "deploy.yml": {
    stacks: { contents: "read" },
    deploy: { contents: "read", "id-token": "write" },
    identities: { contents: "read", "id-token": "write" },
  },
  "drift.yml": {
    stacks: { contents: "read" },
    drift: { contents: "read", "id-token": "write" },
    issues: { contents: "read", issues: "write" },
  },
  "expire.yml": {
    stacks: { contents: "read" },
    expire: { contents: "read", "id-token": "write" },
  },
  "pull-request.yml": {
    stacks: { contents: "read" },
    review: { contents: "read", "id-token": "write" },
    comment: { contents: "read", "pull-requests": "write" },
  },
};

/**
 * The jobs that run one job per stack, each with the list of the stacks job it runs over and its condition.
 * Deploying runs the identities stacks first, then every other stack (README, "Many stacks").
 */
const MATRIX_JOBS: Readonly<
  Record<string, Readonly<Record<string, { readonly list: string; readonly if: string }>>>
> = {
  "deploy.yml": {
    deploy: {
      list: "dependents",
      if: "!cancelled() && !failure() && needs.stacks.outputs.dependents != '[]'",
    },
    identities: { list: "identities", if: "needs.stacks.outputs.identities != '[]'" },
  },
  "drift.yml": { drift: { list: "stacks", if: "needs.stacks.outputs.stacks != '[]'" } },
  "expire.yml": { expire: { list: "stacks", if: "needs.stacks.outputs.stacks != '[]'" } },
  "pull-request.yml": { review: { list: "stacks", if: "needs.stacks.outputs.stacks != '[]'" } },
};

/** The matrix of a job over one of the stacks job's lists. */
const matrixFrom = (list: string): string => `\${{ fromJSON(needs.stacks.outputs.${list}) }}`;

function hasStep(job: Job, action: string): boolean {
  return job.steps.some((s) => actionOf(s) === action);
}

/** `uses:` lines of a workflow's text, with their line numbers (comments are not in the parsed YAML). */
function usesLines(file: WorkflowFile): { line: number; text: string }[] {
  return file.text
    .split("\n")
    .map((text, index) => ({ line: index + 1, text }))
    .filter(({ text }) => /^\s*(-\s+)?uses:/.test(text));
}

function needsOf(job: Job): string[] {
  return job.needs === undefined
    ? []
    : typeof job.needs === "string"
      ? [job.needs]
      : [...job.needs];
}

describe("the workflows' invariants", () => {
  for (const file of files) {
    describe(file.file, () => {
      it("runs every step with bash -eo pipefail (defaults.run.shell: bash)", () => {
        assert.equal(file.workflow.defaults?.run?.shell, "bash");
        for (const { step } of allSteps(file)) assert.equal(step.shell, undefined, step.name);
      });

      it("grants only `contents: read` to the workflow token by default", () => {
        assert.deepEqual(permissionsOf(file.workflow.permissions), { contents: "read" });
      });

      it("states each job's permissions, and they are the inventory's", () => {
        const actual = Object.fromEntries(
          Object.entries(file.workflow.jobs).map(([id, job]) => {
            assert.ok(job.permissions !== undefined, `job ${id} does not state its permissions`);
            return [id, permissionsOf(job.permissions)];
          }),
        );
        assert.deepEqual(actual, EXPECTED_PERMISSIONS[file.file]);
      });

      it("gives id-token: write to exactly the jobs that log in to Azure", () => {
        for (const [id, job] of Object.entries(file.workflow.jobs)) {
          const logsIn = hasStep(job, "azure/login");
          const mayMintTokens = permissionsOf(job.permissions)["id-token"] === "write";
          assert.equal(
            mayMintTokens,
            logsIn,
            `job ${id}: id-token write ${String(mayMintTokens)}, logs in ${String(logsIn)}`,
          );
        }
      });

      it("gives pull-requests: write and issues: write only to jobs that call the API with github-script", () => {
        for (const [id, job] of Object.entries(file.workflow.jobs)) {
          const permissions = permissionsOf(job.permissions);
          const writes = ["pull-requests", "issues"].filter(
            (scope) => permissions[scope] === "write",
          );
          if (writes.length > 0)
            assert.ok(
              hasStep(job, "actions/github-script"),
              `job ${id} writes ${writes.join(", ")}`,
            );
        }
      });

      it("pins every third-party action to a full commit SHA, with its version in a comment", () => {
        const lines = usesLines(file);
        assert.ok(lines.length > 0);
        for (const { line, text } of lines) {
          assert.match(
            text,
            /^\s*(-\s+)?uses:\s+[\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/,
            `${file.file}:${line}: ${text.trim()}`,
          );
        }
      });

      it("passes no ${{ }} expression into a shell script: values reach scripts through env", () => {
        for (const { step } of allSteps(file)) {
          if (step.run !== undefined) assert.doesNotMatch(step.run, /\$\{\{/, step.name ?? step.id);
        }
      });

      it("never runs a job or step of a cancelled run (a superseded review must not post)", () => {
        const conditions = [
          ...Object.values(file.workflow.jobs).map((job) => job.if),
          ...allSteps(file).map(({ step }) => step.if),
        ];
        for (const condition of conditions) assert.doesNotMatch(condition ?? "", /always\(\)/);
      });

      it("checks out without leaving the token in the git config", () => {
        for (const { step } of allSteps(file).filter(
          ({ step }) => actionOf(step) === "actions/checkout",
        )) {
          assert.equal(step.with?.["persist-credentials"], false, step.name ?? "checkout");
        }
      });

      it("runs pulumi preview and up only with the policy pack and the stack's own pack config", () => {
        for (const { jobId, step } of allSteps(file)) {
          if (actionOf(step) === "pulumi/actions") {
            assert.equal(
              step.with?.["pulumi-version-file"],
              ".pulumi-version",
              `${jobId}: the CLI version`,
            );
            const command = step.with?.command;
            if (command === undefined) continue; // installs the CLI only
            assert.ok(
              command === "preview" || command === "up",
              `${jobId}: pulumi ${JSON.stringify(command)}`,
            );
            assert.equal(step.with?.["stack-name"], "${{ matrix.stack }}", jobId);
            assert.equal(step.with?.policyPacks, "policy", jobId);
            assert.equal(
              step.with?.policyPackConfigs,
              "policy/config/${{ matrix.stack }}.json",
              jobId,
            );
          }
          if (step.run !== undefined) {
            for (const command of step.run.match(/pulumi\s+(preview|up|update)\b[^\n]*/g) ?? []) {
              assert.match(
                command,
                /--policy-pack policy --policy-pack-config/,
                `${jobId}: ${command}`,
              );
            }
          }
        }
      });

      it("runs one job per stack, from the stack files rather than a hand-kept list", () => {
        const stacks = jobOf(file, "stacks");
        assert.equal(stacks.outputs?.stacks, "${{ steps.stacks.outputs.stacks }}");
        assert.ok(
          stacks.steps.some((s) => s.id === "stacks" && s.run === ".github/scripts/stacks.sh"),
        );
        const matrixJobs = Object.entries(file.workflow.jobs).filter(
          ([, job]) => job.strategy?.matrix,
        );
        const expected = MATRIX_JOBS[file.file] ?? {};
        assert.deepEqual(matrixJobs.map(([id]) => id).sort(), Object.keys(expected).sort());
        for (const [id, job] of matrixJobs) {
          const { list, if: condition } = expected[id] as { list: string; if: string };
          assert.deepEqual(job.strategy?.matrix, { stack: matrixFrom(list) }, id);
          assert.ok(needsOf(job).includes("stacks"), `${id} needs the stacks job`);
          // fromJSON('[]') is no matrix at all: a project without such stacks skips the job.
          assert.equal(job.if, condition, id);
        }
      });
    });
  }

  describe("deploying", () => {
    const deploy = jobOf(files.find((f) => f.file === "deploy.yml") as WorkflowFile, "deploy");
    const identities = jobOf(
      files.find((f) => f.file === "deploy.yml") as WorkflowFile,
      "identities",
    );
    const expire = jobOf(files.find((f) => f.file === "expire.yml") as WorkflowFile, "expire");

    it("deploys one stack at a time and never cancels a deploy in progress", () => {
      for (const job of [deploy, identities])
        assert.deepEqual(job.concurrency, {
          group: "deploy-${{ matrix.stack }}",
          "cancel-in-progress": false,
        });
      const workflow = files.find((f) => f.file === "deploy.yml")?.workflow;
      assert.equal(workflow?.concurrency, undefined, "no workflow-level group that would cancel");
    });

    it("deploys behind the stack's GitHub environment (its required reviewers)", () => {
      assert.equal(deploy.environment, "${{ matrix.stack }}");
      assert.equal(identities.environment, "${{ matrix.stack }}");
    });

    it("deploys the identities stacks first, then the other stacks with the very same steps", () => {
      assert.deepEqual(needsOf(identities), ["stacks"]);
      assert.deepEqual(needsOf(deploy).sort(), ["identities", "stacks"]);
      // One list of steps (a YAML anchor), so the two deploys cannot drift apart.
      assert.deepEqual(identities.steps, deploy.steps);
      // Without identities stacks (one all-in-one stack) the identities job is skipped, and the deploy
      // still runs: its condition checks failure and cancellation itself, so a skipped need does not skip it.
      assert.match(deploy.if ?? "", /^!cancelled\(\) && !failure\(\) && /);
    });

    it("deploys on pushes to the default branch and by hand", () => {
      const on = files.find((f) => f.file === "deploy.yml")?.workflow.on ?? {};
      assert.deepEqual(Object.keys(on).sort(), ["push", "workflow_dispatch"]);
      assert.deepEqual((on.push as { branches: string[] }).branches, ["main"]);
    });

    it("revokes expired access in its own environment and group, never cancelling a waiting deploy", () => {
      assert.equal(expire.environment, "${{ matrix.stack }}-expiry");
      assert.deepEqual(expire.concurrency, {
        group: "expire-${{ matrix.stack }}",
        "cancel-in-progress": false,
      });
    });

    it("updates only when the expiry decision says so, targeted at what expired", () => {
      const up = expire.steps.find((s) => s.with?.command === "up");
      assert.equal(up?.if, "steps.decide.outputs.decision == 'run'");
      assert.equal(up?.with?.target, "${{ steps.decide.outputs.targets }}");
    });

    it("reviews pull_request events (no write token or secrets for forks), never pull_request_target", () => {
      for (const file of files) assert.ok(!("pull_request_target" in file.workflow.on), file.file);
      const on = files.find((f) => f.file === "pull-request.yml")?.workflow.on ?? {};
      assert.ok("pull_request" in on);
    });
  });

  describe("consistency", () => {
    it("pins each action to the same commit in every workflow", () => {
      const pins = new Map<string, Set<string>>();
      for (const file of files) {
        for (const { text } of usesLines(file)) {
          const [, action = "", pin = ""] = /uses:\s+([^@\s]+)@(\S+ # \S+)/.exec(text) ?? [];
          if (!pins.has(action.toLowerCase())) pins.set(action.toLowerCase(), new Set());
          pins.get(action.toLowerCase())?.add(pin);
        }
      }
      for (const [action, seen] of pins)
        assert.equal(seen.size, 1, `${action}: ${[...seen].join(" | ")}`);
    });

    it("calls only scripts that exist, and the shell scripts it runs directly are executable", () => {
      for (const file of files) {
        for (const { step } of allSteps(file)) {
          const text = `${step.run ?? ""}\n${typeof step.with?.script === "string" ? step.with.script : ""}`;
          for (const [path] of text.matchAll(/\.github\/scripts\/[\w./-]+/g)) {
            assert.ok(existsSync(join(ROOT, path)), `${file.file}: ${path} does not exist`);
            if (path.endsWith(".sh")) accessSync(join(ROOT, path), constants.X_OK);
          }
        }
      }
    });

    it("installs a Pulumi CLI that exits 7 on --expect-no-changes (3.226 or later)", () => {
      const version = readFileSync(join(ROOT, ".pulumi-version"), "utf8").trim();
      const [major = 0, minor = 0] = version.split(".").map(Number);
      assert.match(version, /^\d+\.\d+\.\d+$/);
      assert.ok(major > 3 || (major === 3 && minor >= 226), version);
    });

    it("has Dependabot keep npm packages and the pinned actions current", () => {
      const config = parse(readFileSync(join(ROOT, ".github", "dependabot.yml"), "utf8")) as {
        updates: { "package-ecosystem": string }[];
      };
      assert.deepEqual(config.updates.map((u) => u["package-ecosystem"]).sort(), [
        "github-actions",
        "npm",
      ]);
    });
  });
});
