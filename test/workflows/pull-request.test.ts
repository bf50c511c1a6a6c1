/**
 * The pull-request workflow's steps that need no cloud, run as written in pull-request.yml against a scratch
 * repository with a base commit and a pull-request commit: validate, diff, plan and the stack's section in
 * the review job; then, in the comment job, the comment assembled from the artifact and posted through the
 * github-script step to a fake GitHub. A re-run must edit the comment the first run posted (found by its
 * hidden marker), never add a second one.
 *
 * The pull request deletes an account (a guest with `onRemove: delete-user` leaves the file) without the
 * `allow-destructive` label, so the diff check fails and says why. The label itself, and mass removals,
 * are tested in pull-request-guard.test.ts.
 */

import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ACTIONS_BOT, FakeGitHub, fakeContext } from "./support/fake-github";
import { scratchProject, type ScratchProject } from "./support/scratch";
import {
  fakeCore,
  runGithubScript,
  runShellStep,
  type Runner,
  type StepResult,
} from "./support/steps";
import { jobOf, loadWorkflow, stepOf, type Step } from "./support/workflow-file";

const workflow = loadWorkflow("pull-request.yml");
const review = jobOf(workflow, "review");
const comment = jobOf(workflow, "comment");

const PR_NUMBER = 42;
const MARKER = "<!-- guest-access:review -->";
const GITHUB_BODY_LIMIT = 65536;

/** The few expressions of artifact names and paths, evaluated as GitHub would for this runner and stack. */
function expand(text: unknown, runner: Runner, stack: string): string {
  return String(text)
    .replaceAll("${{ runner.temp }}", runner.temp)
    .replaceAll("${{ matrix.stack }}", stack);
}

/**
 * What upload-artifact and download-artifact do between the jobs: the review job's file, under the
 * artifact's name, in the comment job's download directory.
 */
function handOver(reviewRunner: Runner, commentRunner: Runner, stack: string): void {
  const upload = review.steps.find((s) => s.uses?.startsWith("actions/upload-artifact")) as Step;
  const download = comment.steps.find((s) =>
    s.uses?.startsWith("actions/download-artifact"),
  ) as Step;
  assert.equal(download.with?.pattern, "review-*");
  const name = expand(upload.with?.name, reviewRunner, stack);
  const target = join(expand(download.with?.path, commentRunner, stack), name);
  mkdirSync(target, { recursive: true });
  const file = expand(upload.with?.path, reviewRunner, stack);
  copyFileSync(file, join(target, file.split("/").pop() as string));
}

/** A fresh runner (another machine) for the comment job, on the same checkout. */
function commentRunner(project: ScratchProject): Runner {
  return { workspace: project.workspace, temp: mkdtempSync(join(project.temp, "comment-job-")) };
}

/** The comment job's steps that need no cloud: assemble the body, then post it to `github`. */
async function runCommentJob(
  runner: Runner,
  github: FakeGitHub,
  values: Readonly<Record<string, string>>,
): Promise<{ body: StepResult; core: ReturnType<typeof fakeCore> }> {
  const body = runShellStep(comment, stepOf(comment, "body"), runner, values);
  assert.equal(body.code, 0, body.stderr);
  const core = fakeCore();
  await runGithubScript(comment, stepOf(comment, "post"), runner, {
    github,
    context: fakeContext(PR_NUMBER),
    core,
  });
  return { body, core };
}

describe("the pull-request workflow, offline, on a scratch pull request", function () {
  this.timeout(900_000);
  let project: ScratchProject;
  let baseSha: string;
  let headSha: string;
  const results: Record<string, StepResult> = {};

  before(() => {
    project = scratchProject();
    project.copy("test/fixtures/diff/base.yaml", "access.yaml");
    baseSha = project.commit("the declaration on the default branch");
    project.copy("test/fixtures/diff/removed.yaml", "access.yaml");
    headSha = project.commit("the pull request: two guests leave, one of them with delete-user");
    const values = {
      STACK: "dev",
      POLICY_CONFIG: "policy/config/dev.json",
      BASE_SHA: baseSha,
      ALLOW_DESTRUCTIVE: "false",
    };
    for (const id of ["validate", "diff", "plan", "section", "verdict"]) {
      results[id] = runShellStep(review, stepOf(review, id), project, values);
    }
  });
  after(() => project.remove());

  function checkFile(name: string): string {
    return readFileSync(join(project.temp, "checks", name), "utf8");
  }

  describe("review job", () => {
    it("validates the declaration the stack deploys", () => {
      assert.equal(results.validate?.code, 0, results.validate?.stderr);
      assert.equal(results.validate?.outputs["exit-code"], "0");
      assert.match(checkFile("validate.out"), /^valid: 1 file, 1 guests/);
    });

    it("fails the diff on a deleted account without the allow-destructive label, naming the guest", () => {
      assert.equal(results.diff?.code, 0, "the step itself goes on, so every check runs");
      assert.equal(results.diff?.outputs["exit-code"], "1");
      assert.match(
        checkFile("diff.out"),
        /^## guest-access diff: `[0-9a-f]{40}:access\.yaml` → `access\.yaml`/,
      );
      assert.match(
        checkFile("diff.out"),
        /\*\*cy\.dubois@fabrikam\.example\*\* \(account deleted\)/,
      );
      assert.match(
        checkFile("diff.err"),
        /--fail-on-destructive: 1 change costs a guest their account/,
      );
    });

    it("plans the pull request's declaration with the stack's guardrails", () => {
      assert.equal(results.plan?.outputs["exit-code"], "0", checkFile("plan.err"));
      assert.match(checkFile("plan.out"), /^## guest-access plan: stack `dev`/);
      assert.match(checkFile("plan.out"), /policy config `policy\/config\/dev\.json`/);
    });

    it("writes the stack's section, with every check's verdict, to the job summary", () => {
      const summary = results.section?.summary ?? "";
      assert.match(summary, /^### Stack `dev`: ❌ 1 of 3 checks failed/);
      assert.match(summary, /\| Declaration \(`guest-access validate`\) \| ✅ pass \|/);
      assert.match(
        summary,
        /\| Access changes against the base branch \(`guest-access diff`\) \| ❌ fail/,
      );
      assert.match(summary, /\| Offline plan and guardrails \(`guest-access plan`\) \| ✅ pass \|/);
    });

    it("fails the job at its last step, naming the failed check", () => {
      assert.equal(results.verdict?.code, 1);
      assert.match(
        results.verdict?.stdout ?? "",
        /::error title=guest-access diff::exit code 1 for stack dev/,
      );
      assert.doesNotMatch(results.verdict?.stdout ?? "", /guest-access (validate|plan)::/);
    });
  });

  describe("comment job", () => {
    function values(runUrl: string): Record<string, string> {
      return { STACKS: '["dev"]', RUN_URL: runUrl, HEAD_SHA: headSha };
    }

    it("posts one comment: the marker, the commit, every check's verdict and the access diff", async () => {
      const github = new FakeGitHub();
      const runner = commentRunner(project);
      handOver(project, runner, "dev");
      await runCommentJob(runner, github, values("https://github.example/runs/1"));
      assert.deepEqual(github.writes, [`createComment #${PR_NUMBER}`]);
      const [posted] = github.comments;
      assert.ok(posted?.body.startsWith(`${MARKER}\n`));
      assert.ok(posted?.body.includes(`Commit \`${headSha.slice(0, 12)}\``));
      assert.ok(posted?.body.includes("[workflow run](https://github.example/runs/1)"));
      assert.ok(posted?.body.includes("### Stack `dev`: ❌ 1 of 3 checks failed"));
      assert.ok(posted?.body.includes(checkFile("diff.out").trim()), "the diff report, whole");
    });

    it("edits the same comment on a re-run instead of adding another", async () => {
      const github = new FakeGitHub();
      const runner = commentRunner(project);
      handOver(project, runner, "dev");
      await runCommentJob(runner, github, values("https://github.example/runs/1"));
      const [first] = github.comments;
      const { core } = await runCommentJob(runner, github, values("https://github.example/runs/2"));
      assert.equal(github.comments.length, 1);
      assert.deepEqual(github.writes, [
        `createComment #${PR_NUMBER}`,
        `updateComment ${String(first?.id)}`,
      ]);
      assert.ok(github.comments[0]?.body.includes("[workflow run](https://github.example/runs/2)"));
      assert.deepEqual(core.messages, [`info: review comment ${String(first?.id)} updated`]);
    });

    it("leaves alone a person's comment quoting the marker and other bots' comments", async () => {
      const github = new FakeGitHub();
      const human = github.seedComment(PR_NUMBER, `Why does this start with ${MARKER}?`, {
        login: "reviewer",
        type: "User",
      });
      const otherBot = github.seedComment(PR_NUMBER, "Coverage: 93%", ACTIONS_BOT);
      const runner = commentRunner(project);
      handOver(project, runner, "dev");
      await runCommentJob(runner, github, values("https://github.example/runs/3"));
      assert.deepEqual(github.writes, [`createComment #${PR_NUMBER}`]);
      assert.equal(human.body, `Why does this start with ${MARKER}?`);
      assert.equal(otherBot.body, "Coverage: 93%");
    });
  });

  describe("comment assembly", () => {
    /** A comment job whose download holds `reports` (stack -> report.json). */
    function assemble(
      reports: Readonly<Record<string, unknown>>,
      stacks: readonly string[],
    ): string {
      const runner = commentRunner(project);
      for (const [stack, report] of Object.entries(reports)) {
        const dir = join(runner.temp, "reviews", `review-${stack}`);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, "report.json"), JSON.stringify(report));
      }
      const result = runShellStep(comment, stepOf(comment, "body"), runner, {
        STACKS: JSON.stringify(stacks),
        RUN_URL: "https://github.example/runs/9",
        HEAD_SHA: headSha,
      });
      assert.equal(result.code, 0, result.stderr);
      return readFileSync(join(runner.temp, "comment.md"), "utf8");
    }

    function report(stack: string, planSize: number): unknown {
      return {
        stack,
        allowDestructive: false,
        checks: [
          { name: "validate", exit: 0, stdout: "valid: 1 file\n", stderr: "" },
          { name: "diff", exit: 0, stdout: "## guest-access diff\n\nNo changes.\n", stderr: "" },
          {
            name: "plan",
            exit: 1,
            stdout: `## guest-access plan\n\n${"| row |\n".repeat(planSize / 8)}`,
            stderr: "",
          },
        ],
      };
    }

    it("stays within GitHub's size limit: every verdict kept, the biggest report pointing to the job summary", () => {
      const body = assemble({ dev: report("dev", 80_000), prod: report("prod", 100) }, [
        "dev",
        "prod",
      ]);
      assert.ok(body.length <= GITHUB_BODY_LIMIT, `${body.length} characters`);
      assert.ok(body.includes("### Stack `dev`: ❌ 1 of 3 checks failed"));
      assert.ok(body.includes("### Stack `prod`: ❌ 1 of 3 checks failed"));
      assert.equal(
        body.split("Left out of this comment").length - 1,
        1,
        "only the big plan is left out",
      );
      assert.ok(body.includes("## guest-access plan\n\n| row |"), "prod's small plan stays");
    });

    it("says so when a stack's review job stopped before writing its report", () => {
      const body = assemble({ dev: report("dev", 100) }, ["dev", "prod"]);
      assert.ok(body.includes("### Stack `prod`: ⚠️ no report"));
    });

    it("warns reviewers when the allow-destructive label lifts the destructive-change check", () => {
      const labelled = { ...(report("dev", 100) as object), allowDestructive: true };
      assert.match(assemble({ dev: labelled }, ["dev"]), /The `allow-destructive` label is set/);
      assert.doesNotMatch(assemble({ dev: report("dev", 100) }, ["dev"]), /allow-destructive/);
    });

    it("fences text reports so backticks inside cannot break out of the code block", () => {
      const tricky = report("dev", 100) as { checks: { name: string; stdout: string }[] };
      const validate = tricky.checks[0] as { stdout: string };
      validate.stdout = "a line with ``` inside\n";
      const body = assemble({ dev: tricky }, ["dev"]);
      assert.ok(body.includes("````text\na line with ``` inside\n````"));
    });
  });
});
