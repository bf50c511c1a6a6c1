/**
 * The drift workflow's issue body, made by its own steps from the real review: drift.yml's `export`,
 * `refresh`, `drift` and `report` steps run as written in a scratch checkout, with a stand-in Pulumi CLI
 * first on PATH (support/fake-pulumi: the export it hands out is built from the declaration's offline plan,
 * the refresh log is a fixture) and `guest-access drift` reading committed `az` exports instead of Azure:
 * the step's `--live` is the one word the test replaces. Then the issues job's github-script step keeps the
 * issue on a fake GitHub from the report the drift job wrote.
 *
 * What must hold: the body starts with the stack's marker and is found again by the stack's label; drift
 * opens or updates one issue and a clean run closes it with a comment; a large report stays within GitHub's
 * 65,536 characters; and names from the tenant, chosen to forge the report, reach it neither raw nor as
 * markdown.
 */

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findUnsafeCharacter } from "../../access/text-safety";
import { FakeGitHub, fakeContext, type FakeIssue } from "./support/fake-github";
import { outsideCodeBlocks } from "./support/markdown-text";
import { scratchProject, type ScratchProject } from "./support/scratch";
import { planAsOf, stackExport, type PlanJson } from "./support/stack-export";
import {
  fakeCore,
  runGithubScript,
  runShellStep,
  type Runner,
  type StepResult,
} from "./support/steps";
import { jobOf, loadWorkflow, ROOT, stepOf, type Step } from "./support/workflow-file";

const workflow = loadWorkflow("drift.yml");
const driftJob = jobOf(workflow, "drift");
const issuesJob = jobOf(workflow, "issues");

const FIXTURES = join(ROOT, "test", "fixtures", "ci", "drift");
const FAKE_PULUMI = join(ROOT, "test", "workflows", "support", "fake-pulumi");
const GITHUB_BODY_LIMIT = 65536;
const MARKER = "<!-- guest-access:drift stack=dev -->";
const RUN_URL = "https://github.example/our-org/guest-access-config/actions/runs/11";

/** The accounts the stack's invitations made. */
const ALICE = "a11ce000-0000-4000-8000-000000000001";
const CAROL = "c4000000-0000-4000-8000-000000000003";

/** Every `env:` value the drift job's steps declare, as GitHub would resolve them for stack dev. */
const STEP_VALUES = {
  STACK: "dev",
  POLICY_CONFIG: "policy/config/dev.json",
  PULUMI_ACCESS_TOKEN: "pul-not-a-real-token",
  PULUMI_BACKEND_URL: "",
  ARM_USE_OIDC: "true",
  ARM_CLIENT_ID: "00000000-0000-4000-8000-0000000000d1",
  ARM_TENANT_ID: "7c1e9a2b-4d3f-4b8a-9c6d-0e1f2a3b4c5d",
  RUN_URL,
};

/** The drift step as written, reading exports instead of Azure: `--live` is replaced, nothing else. */
function offline(step: Step): Step {
  const run = step.run ?? "";
  assert.equal(
    run.split(" --live ").length,
    2,
    `the drift step reads Azure with --live once: ${run}`,
  );
  return {
    ...step,
    run: run.replace(" --live ", ' --assignments "$ASSIGNMENTS" --users "$USERS" '),
  };
}

/** What one run of the drift job left: each step's result, and the report the issues job gets. */
interface DriftRun {
  readonly runner: Runner;
  readonly steps: Readonly<Record<string, StepResult>>;
  readonly report: { readonly stack: string; readonly outcome: string; readonly body: string };
  readonly pulumiCalls: readonly string[][];
}

interface RunInputs {
  /** The stack export `pulumi stack export` hands out. */
  readonly state: unknown;
  readonly refreshLog: string;
  readonly refreshExit: number;
  readonly assignments: string;
  readonly users: string;
}

describe("the drift workflow's issue body, from the real drift review (drift.yml)", function () {
  this.timeout(600_000);
  let project: ScratchProject;
  let plan: PlanJson;
  let fakeBin: string;

  before(() => {
    project = scratchProject();
    project.copy("test/fixtures/ci/drift/access.yaml", "access.yaml");
    project.copy("test/fixtures/ci/drift/policy-config.json", "policy/config/dev.json");
    project.commit("the default branch");
    plan = planAsOf(project.workspace, "2026-11-20");
    fakeBin = join(project.temp, "fake-bin");
    mkdirSync(fakeBin);
    symlinkSync(FAKE_PULUMI, join(fakeBin, "pulumi"));
  });
  after(() => project.remove());

  /** The stack as `pulumi up` left it on 2026-11-20 with these guests deployed (and their accounts). */
  function deployed(
    invitedUsers: Readonly<Record<string, string>>,
    without: string[] = [],
  ): unknown {
    const kept = plan.resources.filter((r) => !without.some((email) => r.urn.includes(email)));
    return stackExport({ resources: kept }, { time: "2026-11-20T09:12:44Z", invitedUsers });
  }

  /** Runs the drift job's steps that need no cloud, in order, on a fresh runner. */
  function runDriftJob(inputs: RunInputs): DriftRun {
    const runner: Runner = {
      workspace: project.workspace,
      temp: mkdtempSync(join(project.temp, "drift-job-")),
    };
    const files = mkdtempSync(join(project.temp, "inputs-"));
    writeFileSync(join(files, "state.json"), JSON.stringify(inputs.state));
    writeFileSync(join(files, "refresh.log"), inputs.refreshLog);
    const machine = {
      PATH: `${fakeBin}:${process.env.PATH ?? ""}`,
      FAKE_PULUMI_CALLS: join(files, "calls"),
      FAKE_PULUMI_STATE: join(files, "state.json"),
      FAKE_PULUMI_LOG: join(files, "refresh.log"),
      FAKE_PULUMI_EXIT: String(inputs.refreshExit),
      ASSIGNMENTS: inputs.assignments,
      USERS: inputs.users,
    };
    writeFileSync(machine.FAKE_PULUMI_CALLS, "");
    const steps: Record<string, StepResult> = {};
    for (const id of ["export", "refresh", "drift", "report"]) {
      const step = id === "drift" ? offline(stepOf(driftJob, id)) : stepOf(driftJob, id);
      steps[id] = runShellStep(driftJob, step, runner, STEP_VALUES, machine);
      assert.equal(steps[id]?.code, 0, `step ${id}: ${steps[id]?.stderr ?? ""}`);
    }
    const report = JSON.parse(
      readFileSync(join(runner.temp, "checks", "drift-report.json"), "utf8"),
    ) as DriftRun["report"];
    const pulumiCalls = readFileSync(machine.FAKE_PULUMI_CALLS, "utf8")
      .split("\n\n")
      .filter((call) => call.trim() !== "")
      .map((call) => call.split("\n"));
    return { runner, steps, report, pulumiCalls };
  }

  /** The issues job on `github`, handed the drift job's report as download-artifact lays it out. */
  async function runIssuesJob(run: DriftRun, github: FakeGitHub): Promise<string[]> {
    const runner: Runner = {
      workspace: project.workspace,
      temp: mkdtempSync(join(project.temp, "issues-job-")),
    };
    const dir = join(runner.temp, "drift", "drift-dev");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "drift-report.json"), JSON.stringify(run.report));
    const core = fakeCore();
    await runGithubScript(
      issuesJob,
      stepOf(issuesJob, "sync"),
      runner,
      { github, context: fakeContext(), core },
      { STACKS: '["dev"]', RUN_URL },
    );
    return core.messages;
  }

  function openDriftIssue(github: FakeGitHub, label: string): FakeIssue {
    github.labels.set(label, { color: "d93f0b", description: "" });
    return github.seedIssue({
      title: "Access drift in stack dev",
      body: "the report of an earlier run",
      state: "open",
      labels: [{ name: label }],
    });
  }

  describe("a run that finds drift in Azure and in the managed resources", () => {
    let run: DriftRun;
    before(() => {
      run = runDriftJob({
        // Carol was declared after the last deploy: the stack never invited her.
        state: deployed({ "alice.moreau@contoso.example": ALICE }, ["carol.diaz@contoso.example"]),
        refreshLog: readFileSync(join(FIXTURES, "refresh-changed.log"), "utf8"),
        refreshExit: 7,
        assignments: join(FIXTURES, "az-assignments.json"),
        users: join(FIXTURES, "az-users.json"),
      });
    });

    it("exports the stack to the file the drift review reads, and refreshes without writing", () => {
      const [exportCall, refreshCall] = run.pulumiCalls;
      assert.deepEqual(exportCall?.slice(0, 2), ["stack", "export"]);
      const file = exportCall?.[exportCall.indexOf("--file") + 1];
      assert.equal(file, join(run.runner.temp, "state.json"));
      assert.match(stepOf(driftJob, "drift").run ?? "", /--state "\$RUNNER_TEMP\/state\.json"/);
      assert.ok(
        refreshCall?.includes("--preview-only") && refreshCall.includes("--expect-no-changes"),
      );
    });

    it("judges drift, and records each check's exit code", () => {
      assert.equal(run.steps.refresh?.outputs["exit-code"], "7");
      assert.equal(run.steps.drift?.outputs["exit-code"], "1");
      assert.equal(run.steps.report?.outputs.outcome, "drift");
      assert.equal(run.report.outcome, "drift");
    });

    it("starts the body with the stack's marker, the only one outside code, whatever the names quote", () => {
      assert.ok(run.report.body.startsWith(`${MARKER}\n## Drift review of stack \`dev\`: ❌`));
      const rendered = outsideCodeBlocks(run.report.body);
      assert.equal(rendered.split("<!--").length - 1, 1);
      assert.doesNotMatch(rendered, /stack=prod/);
    });

    it("holds the review's whole markdown report, every class of drift the scenario has", () => {
      const driftReport = readFileSync(join(run.runner.temp, "checks", "drift.out"), "utf8");
      assert.ok(run.report.body.includes(driftReport.trimEnd()));
      for (const finding of [
        /### ❌ `unmanaged` \(2\)/,
        /### ❌ `expired-present` \(1\)/,
        /### ❌ `missing` \(1\)/,
        // Seen only because the review read the deployed stack: the stack never invited carol.
        /### ❌ `email-taken` \(1\): /,
        /\| carol\.diaz@contoso\.example \|.*\| The stack has not invited this guest/,
      ])
        assert.match(run.report.body, finding);
    });

    it("shows the refresh log fenced, under the managed resources' verdict", () => {
      assert.match(run.report.body, /❌ Changed outside Pulumi: run `pulumi refresh`/);
      assert.match(run.report.body, /~ description: "guest-access: alice\.moreau@contoso\.example/);
      assert.match(run.report.body, /````text\n/, "a fence longer than the log's own ```");
    });

    it("puts no control, bidirectional or zero-width character in the body", () => {
      const unsafe = findUnsafeCharacter(run.report.body, { lineBreaks: true });
      assert.equal(unsafe, undefined, unsafe?.description);
      // Shown instead as the escapes a reader can see.
      assert.match(run.report.body, /\\u202e/);
      assert.match(run.report.body, /\\u001b\[2J/);
    });

    it("renders nothing from the tenant as markdown or HTML: no tag, link, mention, emphasis or forged line", () => {
      const rendered = outsideCodeBlocks(run.report.body);
      for (const forged of [
        /<img/,
        /<script/,
        /<\/details><script/,
        /\]\(https:\/\/evil/,
        /(^|\s)@ourcorp\/security/,
        /\*\*urgent\*\*/,
        /^## Approved/m,
        /^\| forged \|/m,
      ])
        assert.doesNotMatch(rendered, forged);
      // The closing tags of the collapsed blocks are the report's own, one for each it opened.
      assert.equal(
        rendered.split("</details>").length,
        rendered.split("<details").length,
        "a </details> from the input would close a block early",
      );
    });

    it("opens the stack's issue under its label when none is open, creating the label", async () => {
      const github = new FakeGitHub();
      await runIssuesJob(run, github);
      assert.deepEqual(github.writes, ["createLabel drift:dev", "create #1"]);
      assert.deepEqual(github.issues[0]?.labels, [{ name: "drift:dev" }]);
      assert.equal(github.issues[0]?.body, run.report.body);
    });

    it("updates the open issue found by its label instead of opening another", async () => {
      const github = new FakeGitHub();
      const open = openDriftIssue(github, "drift:dev");
      // Another stack's issue, and an issue that only quotes the marker: neither is this stack's.
      openDriftIssue(github, "drift:prod");
      const quoting = github.seedIssue({ title: "why?", body: MARKER, state: "open", labels: [] });
      await runIssuesJob(run, github);
      assert.deepEqual(github.writes, [`update #${open.number}`]);
      assert.equal(open.body, run.report.body);
      assert.equal(quoting.body, MARKER);
    });
  });

  describe("a run that finds everything in sync", () => {
    let run: DriftRun;
    before(() => {
      run = runDriftJob({
        state: deployed({
          "alice.moreau@contoso.example": ALICE,
          "carol.diaz@contoso.example": CAROL,
        }),
        refreshLog: readFileSync(join(FIXTURES, "refresh-clean.log"), "utf8"),
        refreshExit: 0,
        assignments: join(FIXTURES, "az-assignments-in-sync.json"),
        users: join(FIXTURES, "az-users-in-sync.json"),
      });
    });

    it("judges the stack clean", () => {
      assert.equal(run.steps.drift?.outputs["exit-code"], "0", run.steps.drift?.stderr);
      assert.equal(run.report.outcome, "clean");
      assert.match(run.report.body, /✅ No changes outside Pulumi\./);
    });

    it("closes the open issue with a comment linking the run", async () => {
      const github = new FakeGitHub();
      const open = openDriftIssue(github, "drift:dev");
      await runIssuesJob(run, github);
      assert.deepEqual(github.writes, [
        `createComment #${open.number}`,
        `update #${open.number} closed`,
      ]);
      assert.equal(open.state, "closed");
      assert.match(github.comments[0]?.body ?? "", /No drift in stack `dev` any more/);
      assert.ok(github.comments[0]?.body.includes(`(${RUN_URL})`));
    });

    it("opens nothing when no issue is open", async () => {
      const github = new FakeGitHub();
      await runIssuesJob(run, github);
      assert.deepEqual(github.writes, []);
    });
  });

  describe("a run whose drift review cannot read the tenant", () => {
    let run: DriftRun;
    before(() => {
      run = runDriftJob({
        state: deployed({ "alice.moreau@contoso.example": ALICE }, ["carol.diaz@contoso.example"]),
        refreshLog: readFileSync(join(FIXTURES, "refresh-clean.log"), "utf8"),
        refreshExit: 0,
        assignments: join(FIXTURES, "az-assignments.json"),
        users: join(FIXTURES, "no-such-export.json"),
      });
    });

    it("is an error, never clean, and the job fails on it", () => {
      assert.equal(run.steps.drift?.outputs["exit-code"], "2");
      assert.equal(run.report.outcome, "error");
      assert.match(run.report.body, /⚠️ The drift review could not run to the end \(exit code 2\)/);
      assert.match(run.report.body, /no-such-export\.json/, "the messages say which input");
      const fail = driftJob.steps.find((s) => s.name === "Fail when the review could not finish");
      assert.equal(fail?.if, "steps.report.outputs.outcome == 'error'");
    });

    it("leaves the open issue as it is", async () => {
      const github = new FakeGitHub();
      const open = openDriftIssue(github, "drift:dev");
      const messages = await runIssuesJob(run, github);
      assert.deepEqual(github.writes, []);
      assert.equal(open.state, "open");
      assert.ok(messages.some((m) => /the drift review did not finish/.test(m)));
    });
  });

  describe("a large report: hundreds of unmanaged guests and a long refresh log", () => {
    const GUESTS = 400;
    let run: DriftRun;
    let driftReport: string;
    before(() => {
      const inputs = mkdtempSync(join(project.temp, "large-"));
      const assignments = JSON.parse(
        readFileSync(join(FIXTURES, "az-assignments-in-sync.json"), "utf8"),
      ) as Record<string, unknown>[];
      const users = JSON.parse(
        readFileSync(join(FIXTURES, "az-users-in-sync.json"), "utf8"),
      ) as Record<string, unknown>[];
      const [template] = assignments;
      const scope = String(template?.scope);
      for (let i = 0; i < GUESTS; i++) {
        const id = `e0000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
        const name = `f0000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
        const upn = `vendor${i}_tailspin.example#EXT#@ourcorp.onmicrosoft.com`;
        assignments.push({
          ...template,
          id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
          name,
          principalId: id,
          principalName: upn,
        });
        users.push({
          ...users[0],
          id,
          displayName: `Vendor ${i}`,
          mail: `vendor${i}@tailspin.example`,
          userPrincipalName: upn,
        });
      }
      writeFileSync(join(inputs, "assignments.json"), JSON.stringify(assignments));
      writeFileSync(join(inputs, "users.json"), JSON.stringify(users));
      const block =
        readFileSync(join(FIXTURES, "refresh-changed.log"), "utf8").split("Resources:")[0] ?? "";
      const refreshLog = `${block.repeat(60)}Resources:\n    ~ 60 to update\n\nerror: no changes were expected but changes were proposed\n`;
      run = runDriftJob({
        state: deployed({
          "alice.moreau@contoso.example": ALICE,
          "carol.diaz@contoso.example": CAROL,
        }),
        refreshLog,
        refreshExit: 7,
        assignments: join(inputs, "assignments.json"),
        users: join(inputs, "users.json"),
      });
      driftReport = readFileSync(join(run.runner.temp, "checks", "drift.out"), "utf8");
    });

    it("is large: the report and the log together pass GitHub's limit", () => {
      assert.ok(
        driftReport.length > 40_000,
        `the drift report has ${driftReport.length} characters`,
      );
      assert.ok(
        (run.steps.report?.summary.length ?? 0) > GITHUB_BODY_LIMIT,
        "the job summary has it all",
      );
    });

    it("stays within 65,536 characters, the drift report whole and the refresh log's end kept", () => {
      const { body } = run.report;
      assert.ok(body.length <= GITHUB_BODY_LIMIT, `${body.length} characters`);
      assert.ok(body.includes(driftReport.trimEnd()), "the drift report, whole");
      // Every class is there: one with hundreds of findings without its fixes rather than not at all.
      assert.match(body, /### ❌ `unmanaged` \(400\): /);
      assert.match(
        body,
        /_How to fix each: left out to fit an issue body; `--format json` has every fix\._/,
      );
      assert.match(body, /### ❌ `stale-guest` \(400\): /);
      assert.doesNotMatch(body, /Left out to fit an issue body/);
      assert.match(body, /… \(\d+ characters cut\)\n/);
      assert.match(
        body,
        /~ 60 to update\n\nerror: no changes were expected but changes were proposed\n````/,
      );
    });

    it("is what the issue gets", async () => {
      const github = new FakeGitHub();
      const open = openDriftIssue(github, "drift:dev");
      await runIssuesJob(run, github);
      assert.equal(open.body, run.report.body);
    });
  });
});
