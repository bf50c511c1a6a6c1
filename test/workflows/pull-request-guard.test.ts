/**
 * The pull-request workflow's guard against destructive changes and mass removals, and the one way to lift
 * it: the `allow-destructive` label. The review job's own steps (validate, diff, plan, the stack's section,
 * the verdict) run as written in pull-request.yml against a scratch repository with a base and a
 * pull-request commit, with `ALLOW_DESTRUCTIVE` as GitHub would compute it: the job's expression evaluated
 * by GitHub's own expression evaluator (@actions/expressions) on the pull-request event. A change that
 * removes too much fails the check without the label and passes with it; nothing the pull request's author
 * writes (title, body, branch name, a look-alike label) can set it.
 */

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { scratchProject, type ScratchProject } from "./support/scratch";
import { runShellStep, type StepResult } from "./support/steps";
import { jobOf, loadWorkflow, ROOT, stepOf } from "./support/workflow-file";

const workflow = loadWorkflow("pull-request.yml");
const review = jobOf(workflow, "review");
const comment = jobOf(workflow, "comment");

const EVALUATE = join(ROOT, "test", "workflows", "support", "evaluate-expression.mjs");
const LABEL_EXPRESSION =
  "${{ contains(github.event.pull_request.labels.*.name, 'allow-destructive') }}";

/** A `${{ }}` value of the workflow, evaluated by GitHub's evaluator on these contexts. */
function evaluate(value: string, contexts: Readonly<Record<string, unknown>>): string {
  const expression = /^\$\{\{(.*)\}\}$/s.exec(value.trim())?.[1];
  if (expression === undefined) return value;
  return execFileSync(process.execPath, [EVALUATE], {
    input: JSON.stringify({ expression, contexts }),
    encoding: "utf8",
  });
}

/** The `pull_request` event a pull request with this content and these labels sends. */
function pullRequestEvent(pr: {
  labels: readonly string[];
  title?: string;
  body?: string;
  branch?: string;
}): Record<string, unknown> {
  return {
    event: {
      action: "synchronize",
      pull_request: {
        number: 42,
        title: pr.title ?? "Offboard the Q3 auditors",
        body: pr.body ?? "",
        labels: pr.labels.map((name) => ({ name, color: "d93f0b" })),
        head: { ref: pr.branch ?? "offboard-q3", sha: "0".repeat(40), repo: { full_name: "a/b" } },
        base: { ref: "main", sha: "1".repeat(40), repo: { full_name: "a/b" } },
      },
    },
  };
}

/** `ALLOW_DESTRUCTIVE` as the review job's env gives it to every step, for this pull request. */
function allowDestructive(pr: Parameters<typeof pullRequestEvent>[0]): string {
  return evaluate(review.env?.ALLOW_DESTRUCTIVE ?? "", { github: pullRequestEvent(pr) });
}

interface GuestLine {
  readonly n: number;
  readonly grants: number;
  /** Invited by the stack (no objectId): leaving with delete-user then deletes the account it made. */
  readonly invited?: boolean;
  readonly onRemove?: "delete-user";
}

/** A declaration: guest n (an existing account, unless invited) has `grants` grants on shop-prod. */
function declaration(guests: readonly GuestLine[]): string {
  const roles = ["Reader", "Monitoring Reader", "Log Analytics Reader"];
  const lines = [
    "version: 1",
    "scopes:",
    "  shop-prod: /subscriptions/3f2b8c1e-6d4a-4e8f-9b7c-2a1d5e6f7a8b/resourceGroups/shop-prod",
    "guests:",
  ];
  for (const g of guests) {
    lines.push(
      `  - email: auditor${g.n}@contoso.example`,
      `    displayName: Auditor ${g.n}`,
      "    sponsor: bob.lindqvist@ourcorp.example",
      "    reason: Q3 audit",
      ...(g.invited
        ? []
        : [`    objectId: 0a0d1700-0000-4000-8000-${String(g.n).padStart(12, "0")}`]),
      ...(g.onRemove ? [`    onRemove: ${g.onRemove}`] : []),
      "    access:",
      ...roles.slice(0, g.grants).map((role) => `      - { role: ${role}, scope: shop-prod }`),
    );
  }
  return `${lines.join("\n")}\n`;
}

const twelve = (grants: number): GuestLine[] =>
  Array.from({ length: 12 }, (_, i) => ({ n: i + 1, grants }));

interface GuardCase {
  readonly name: string;
  readonly base: string;
  readonly head: string;
  /** What the diff says about it, with and without the label. */
  readonly says: RegExp;
}

const GUARD_CASES: readonly GuardCase[] = [
  {
    name: "eleven of twelve guests leave (a mass removal)",
    base: declaration(twelve(1)),
    head: declaration(twelve(1).slice(0, 1)),
    says: /mass removal: 11 of 12 guests removed \(more than 10\)/,
  },
  {
    name: "a third of the grants go while every guest stays (a mass removal)",
    base: declaration(twelve(2)),
    head: declaration(twelve(2).map((g) => (g.n <= 8 ? { ...g, grants: 1 } : g))),
    says: /mass removal: 8 of 24 grants removed \(33%, more than 25%\)/,
  },
  {
    name: "a guest with onRemove: delete-user leaves (a destructive change: the account is deleted)",
    base: declaration([
      ...twelve(1).slice(0, 2),
      { n: 3, grants: 1, invited: true, onRemove: "delete-user" },
    ]),
    head: declaration(twelve(1).slice(0, 2)),
    says: /auditor3@contoso\.example\*\* \(account deleted\)/,
  },
];

describe("the pull-request workflow's destructive-change guard and its label (pull-request.yml)", function () {
  this.timeout(900_000);

  describe("how the allow-destructive label reaches the steps", () => {
    it("comes from the pull request's labels in the event, into the review job's env", () => {
      assert.equal(review.env?.ALLOW_DESTRUCTIVE, LABEL_EXPRESSION);
      for (const step of review.steps)
        assert.equal(step.env?.ALLOW_DESTRUCTIVE, undefined, `${step.name ?? "?"} overrides it`);
    });

    it("runs the review again when a label is added or removed", () => {
      const on = workflow.workflow.on.pull_request as { types: string[] };
      assert.ok(on.types.includes("labeled") && on.types.includes("unlabeled"), on.types.join());
    });

    it("lifts the guard only on the exact value true", () => {
      assert.match(
        stepOf(review, "diff").run ?? "",
        /if \[\[ \$ALLOW_DESTRUCTIVE == true \]\]; then/,
      );
    });

    it("reads nothing the pull request's author writes (title, body, branch name) into any step", () => {
      assert.doesNotMatch(
        workflow.text,
        /github\.(event\.pull_request\.(title|body|head\.ref)|head_ref)/,
      );
    });

    const LABEL_CASES: readonly {
      name: string;
      pr: Parameters<typeof pullRequestEvent>[0];
      value: string;
    }[] = [
      {
        name: "is true with the label",
        pr: { labels: ["access", "allow-destructive"] },
        value: "true",
      },
      {
        name: "is true with the label in other letter case (GitHub compares names ignoring case)",
        pr: { labels: ["Allow-Destructive"] },
        value: "true",
      },
      { name: "is false without labels", pr: { labels: [] }, value: "false" },
      {
        name: "is false for a label that only contains the word",
        pr: { labels: ["allow-destructive-please", "not-allow-destructive"] },
        value: "false",
      },
      {
        name: "is false when the title, the body and the branch name say allow-destructive",
        pr: {
          labels: ["access"],
          title: "allow-destructive",
          body: "labels: [allow-destructive]\nallow-destructive",
          branch: "allow-destructive",
        },
        value: "false",
      },
    ];
    for (const c of LABEL_CASES) {
      it(`${c.name}, as GitHub evaluates the job's expression`, () => {
        assert.equal(allowDestructive(c.pr), c.value);
      });
    }
  });

  for (const c of GUARD_CASES) {
    describe(`when ${c.name}`, () => {
      let project: ScratchProject;
      let baseSha: string;
      /** Validate and plan, which do not read the label: run once, their records copied to each job. */
      let unlabelled: Record<string, StepResult>;
      let recordsDir: string;
      before(() => {
        project = scratchProject();
        project.write("access.yaml", c.base);
        baseSha = project.commit("the declaration on the default branch");
        project.write("access.yaml", c.head);
        project.commit("the pull request");
        const temp = mkdtempSync(join(project.temp, "label-free-"));
        unlabelled = {};
        for (const id of ["validate", "plan"])
          unlabelled[id] = runShellStep(
            review,
            stepOf(review, id),
            { workspace: project.workspace, temp },
            values([]),
          );
        recordsDir = join(temp, "checks");
      });
      after(() => project.remove());

      function values(labels: readonly string[]): Record<string, string> {
        return {
          STACK: "dev",
          POLICY_CONFIG: "policy/config/dev.json",
          BASE_SHA: baseSha,
          ALLOW_DESTRUCTIVE: allowDestructive({ labels }),
        };
      }

      /** The review job for the pull request carrying `labels`: the diff, the section, the verdict. */
      function reviewJob(labels: readonly string[]): {
        steps: Record<string, StepResult>;
        diffOut: string;
        diffErr: string;
        temp: string;
      } {
        const temp = mkdtempSync(join(project.temp, "review-job-"));
        mkdirSync(join(temp, "checks"));
        for (const check of ["validate", "plan"])
          for (const suffix of ["out", "err", "exit"])
            copyFileSync(
              join(recordsDir, `${check}.${suffix}`),
              join(temp, "checks", `${check}.${suffix}`),
            );
        const runner = { workspace: project.workspace, temp };
        const steps: Record<string, StepResult> = {};
        for (const id of ["diff", "section", "verdict"])
          steps[id] = runShellStep(review, stepOf(review, id), runner, values(labels));
        const read = (name: string): string => readFileSync(join(temp, "checks", name), "utf8");
        return { steps, diffOut: read("diff.out"), diffErr: read("diff.err"), temp };
      }

      it("fails the check without the label, the diff saying why", () => {
        const run = reviewJob(["access"]);
        assert.equal(unlabelled.validate?.outputs["exit-code"], "0", unlabelled.validate?.stderr);
        assert.equal(unlabelled.plan?.outputs["exit-code"], "0", unlabelled.plan?.stderr);
        assert.equal(run.steps.diff?.outputs["exit-code"], "1", run.diffErr);
        assert.match(run.diffOut, c.says);
        assert.equal(run.steps.verdict?.code, 1);
        assert.match(
          run.steps.verdict?.stdout ?? "",
          /::error title=guest-access diff::exit code 1/,
        );
      });

      it("passes with the label, still showing the change, and the comment warns reviewers", () => {
        const run = reviewJob(["allow-destructive"]);
        assert.equal(run.steps.diff?.outputs["exit-code"], "0", run.diffErr);
        assert.match(run.diffOut, c.says);
        assert.equal(run.steps.verdict?.code, 0, run.steps.verdict?.stdout);
        const report = JSON.parse(
          readFileSync(join(run.temp, "checks", "report.json"), "utf8"),
        ) as {
          allowDestructive: boolean;
        };
        assert.equal(report.allowDestructive, true);
        const commentTemp = mkdtempSync(join(project.temp, "comment-job-"));
        const reviews = join(commentTemp, "reviews", "review-dev");
        mkdirSync(reviews, { recursive: true });
        copyFileSync(join(run.temp, "checks", "report.json"), join(reviews, "report.json"));
        const body = runShellStep(
          comment,
          stepOf(comment, "body"),
          { workspace: project.workspace, temp: commentTemp },
          { STACKS: '["dev"]', RUN_URL: "https://github.example/runs/5", HEAD_SHA: "f".repeat(40) },
        );
        assert.equal(body.code, 0, body.stderr);
        assert.match(
          readFileSync(join(commentTemp, "comment.md"), "utf8"),
          /The `allow-destructive` label is set: destructive changes and mass removals do not fail this check/,
        );
      });
    });
  }
});
