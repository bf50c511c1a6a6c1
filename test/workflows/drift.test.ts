/**
 * The drift workflow's steps that need no cloud, run as written in drift.yml: the `report` step's verdict
 * from what the two checks recorded (a check that could not run is never "no drift"), and the issues job's
 * github-script step keeping one issue per stack on a fake GitHub.
 *
 * The issue body made from the real `guest-access drift` report is tested in drift-report.test.ts.
 */

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FakeGitHub, fakeContext, type FakeIssue } from "./support/fake-github";
import { scratchProject, type ScratchProject } from "./support/scratch";
import { fakeCore, recordCheck, runGithubScript, runShellStep, type Runner } from "./support/steps";
import { jobOf, loadWorkflow, stepOf } from "./support/workflow-file";

const workflow = loadWorkflow("drift.yml");
const drift = jobOf(workflow, "drift");
const issues = jobOf(workflow, "issues");
const RUN_URL = "https://github.example/runs/7";

/** A stand-in for a check's command: prints `out` and exits with `code`. */
function exits(code: number, out = ""): string[] {
  return ["bash", "-c", `printf '%s' "$1"; exit ${code}`, "stand-in", out];
}

interface OutcomeCase {
  readonly name: string;
  /** Exit code of `pulumi refresh --preview-only --expect-no-changes` (7: changes), or null: did not run. */
  readonly refresh: number | null;
  /** Exit code of `guest-access drift --live` (1: drift, 2: could not read everything). */
  readonly drift: number;
  readonly outcome: "clean" | "drift" | "error";
}

const OUTCOMES: readonly OutcomeCase[] = [
  { name: "is clean when neither check finds anything", refresh: 0, drift: 0, outcome: "clean" },
  {
    name: "is drift when a managed resource changed outside Pulumi",
    refresh: 7,
    drift: 0,
    outcome: "drift",
  },
  {
    name: "is drift when Azure holds access the declaration does not",
    refresh: 0,
    drift: 1,
    outcome: "drift",
  },
  {
    name: "is an error, not clean, when the drift review read only part of Azure",
    refresh: 0,
    drift: 2,
    outcome: "error",
  },
  {
    name: "is an error, not drift, when the refresh could not run",
    refresh: 255,
    drift: 1,
    outcome: "error",
  },
  { name: "is an error when the refresh never ran", refresh: null, drift: 0, outcome: "error" },
];

describe("the drift workflow, offline", function () {
  this.timeout(300_000);
  let project: ScratchProject;
  before(() => {
    project = scratchProject();
  });
  after(() => project.remove());

  function freshRunner(): Runner {
    return { workspace: project.workspace, temp: mkdtempSync(join(project.temp, "drift-job-")) };
  }

  describe("the report step's verdict", () => {
    for (const c of OUTCOMES) {
      it(c.name, () => {
        const runner = freshRunner();
        if (c.refresh !== null) recordCheck(runner, "refresh", exits(c.refresh, "refresh log\n"));
        recordCheck(runner, "drift", exits(c.drift, "## drift report\n"));
        const report = runShellStep(drift, stepOf(drift, "report"), runner, {
          STACK: "dev",
          POLICY_CONFIG: "policy/config/dev.json",
          RUN_URL,
        });
        assert.equal(report.code, 0, report.stderr);
        assert.equal(report.outputs.outcome, c.outcome);
        const written = JSON.parse(
          readFileSync(join(runner.temp, "checks", "drift-report.json"), "utf8"),
        );
        assert.equal(written.outcome, c.outcome);
        assert.ok(String(written.body).startsWith("<!-- guest-access:drift stack=dev -->\n"));
      });
    }

    it("keeps the body within GitHub's limit when a crashed check prints 100,000 characters", () => {
      const runner = freshRunner();
      recordCheck(runner, "refresh", exits(0, "refresh log\n"));
      recordCheck(runner, "drift", ["bash", "-c", "printf 'crash %.0s' $(seq 20000) >&2; exit 70"]);
      const report = runShellStep(drift, stepOf(drift, "report"), runner, {
        STACK: "dev",
        POLICY_CONFIG: "policy/config/dev.json",
        RUN_URL,
      });
      assert.equal(report.outputs.outcome, "error");
      const written = JSON.parse(
        readFileSync(join(runner.temp, "checks", "drift-report.json"), "utf8"),
      ) as { body: string };
      assert.ok(written.body.length <= 65536, `${written.body.length} characters`);
      assert.ok(written.body.startsWith("<!-- guest-access:drift stack=dev -->\n"));
      assert.match(written.body, /read it in the job summary of the \[run\]/);
    });

    it("fails the job only when the review could not finish", () => {
      const fail = drift.steps.find((s) => s.name === "Fail when the review could not finish");
      assert.equal(fail?.if, "steps.report.outputs.outcome == 'error'");
    });
  });

  describe("the issues job (one issue per stack, found by its label)", () => {
    /** Runs the sync step with these reports in its download directory, against `github`. */
    async function sync(
      github: FakeGitHub,
      reports: Readonly<Record<string, { outcome: string; body: string } | undefined>>,
    ): Promise<string[]> {
      const runner = freshRunner();
      for (const [stack, report] of Object.entries(reports)) {
        if (!report) continue;
        const dir = join(runner.temp, "drift", `drift-${stack}`);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, "drift-report.json"), JSON.stringify({ stack, ...report }));
      }
      const core = fakeCore();
      await runGithubScript(
        issues,
        stepOf(issues, "sync"),
        runner,
        { github, context: fakeContext(), core },
        { STACKS: JSON.stringify(Object.keys(reports)), RUN_URL },
      );
      return core.messages;
    }

    function openIssue(github: FakeGitHub, label: string, body = "old report"): FakeIssue {
      github.labels.set(label, { color: "d93f0b", description: "" });
      return github.seedIssue({
        title: "Access drift",
        body,
        state: "open",
        labels: [{ name: label }],
      });
    }

    it("opens an issue labelled drift:<stack> on drift, creating the label first", async () => {
      const github = new FakeGitHub();
      await sync(github, { dev: { outcome: "drift", body: "report 1" } });
      assert.deepEqual(github.writes, ["createLabel drift:dev", "create #1"]);
      assert.deepEqual(github.issues[0]?.labels, [{ name: "drift:dev" }]);
      assert.equal(github.issues[0]?.title, "Access drift in stack dev");
      assert.equal(github.issues[0]?.body, "report 1");
    });

    it("updates the open issue on drift again, never opening a second", async () => {
      const github = new FakeGitHub();
      const open = openIssue(github, "drift:dev");
      await sync(github, { dev: { outcome: "drift", body: "report 2" } });
      assert.deepEqual(github.writes, [`update #${open.number}`]);
      assert.equal(open.body, "report 2");
      assert.equal(github.issues.length, 1);
    });

    it("closes the open issue with a comment when a run finds no drift", async () => {
      const github = new FakeGitHub();
      const open = openIssue(github, "drift:dev");
      await sync(github, { dev: { outcome: "clean", body: "clean" } });
      assert.deepEqual(github.writes, [
        `createComment #${open.number}`,
        `update #${open.number} closed`,
      ]);
      assert.equal(open.state, "closed");
      assert.equal(open.state_reason, "completed");
      assert.match(
        github.comments[0]?.body ?? "",
        /No drift in stack `dev` any more, as of \[this drift review\]\(https:\/\/github\.example\/runs\/7\)/,
      );
    });

    it("does nothing when a run finds no drift and no issue is open", async () => {
      const github = new FakeGitHub();
      await sync(github, { dev: { outcome: "clean", body: "clean" } });
      assert.deepEqual(github.writes, []);
    });

    it("leaves the issue as it is when the review could not finish, or wrote no report", async () => {
      const github = new FakeGitHub();
      const dev = openIssue(github, "drift:dev");
      const prod = openIssue(github, "drift:prod");
      const messages = await sync(github, {
        dev: { outcome: "error", body: "partial" },
        prod: undefined,
      });
      assert.deepEqual(github.writes, []);
      assert.equal(dev.body, "old report");
      assert.equal(prod.state, "open");
      assert.ok(
        messages.some((m) => /warning: stack dev: the drift review did not finish/.test(m)),
      );
      assert.ok(
        messages.some((m) => /warning: stack prod: the drift review wrote no report/.test(m)),
      );
    });

    it("keeps each stack's issue apart, and ignores pull requests carrying the label", async () => {
      const github = new FakeGitHub();
      const prod = openIssue(github, "drift:prod");
      github.seedIssue({
        title: "a PR",
        body: "",
        state: "open",
        labels: [{ name: "drift:dev" }],
        pull_request: {},
      });
      await sync(github, {
        dev: { outcome: "drift", body: "dev report" },
        prod: { outcome: "clean", body: "" },
      });
      const devIssue = github.issues.find((i) => i.title === "Access drift in stack dev");
      assert.equal(devIssue?.body, "dev report");
      assert.equal(prod.state, "closed");
      assert.equal(github.issues.filter((i) => i.state === "open" && !i.pull_request).length, 1);
    });
  });
});
