/**
 * Every `guest-access` command line the workflows run, and the README's CI set-up prints, parsed by the
 * CLI's own option parser (cli/main.ts `buildProgram`, every command's action replaced by a no-op): a
 * renamed or removed flag, a command that no longer exists or a value the parser refuses breaks the build,
 * not the first scheduled run. And every job that calls the CLI installs it first with `npm ci`, whose
 * `prepare` script compiles it into dist/ (what `npx --no-install guest-access` runs).
 */

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CommanderError } from "commander";
import { buildProgram } from "../../cli/main";
import type { CliIO } from "../../cli/io";
import { invocationsIn, shellBlocks, type Invocation } from "./support/cli-invocations";
import { allSteps, ROOT, workflowFiles } from "./support/workflow-file";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the script is CommonJS, as GitHub runs it
const expiryDecision = require(join(ROOT, ".github", "scripts", "expiry-decision.js")) as {
  planArgs(
    env: { stack: string; policyConfig: string; stateFile: string },
    date: string,
    format: string,
  ): string[];
};

/** Every invocation: the workflows' `run:` scripts, the expiry decision's plan, the README's shell blocks. */
function allInvocations(): Invocation[] {
  const found: Invocation[] = [];
  for (const file of workflowFiles()) {
    for (const { jobId, step } of allSteps(file)) {
      if (step.run !== undefined)
        found.push(
          ...invocationsIn(step.run, `${file.file} ${jobId}/${step.id ?? step.name ?? "?"}`),
        );
    }
  }
  const env = { stack: "dev", policyConfig: "policy/config/dev.json", stateFile: "state.json" };
  for (const format of ["json", "markdown"])
    found.push({
      where: `.github/scripts/expiry-decision.js (${format})`,
      argv: expiryDecision.planArgs(env, "2026-12-01", format),
    });
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  for (const [i, block] of shellBlocks(readme).entries())
    found.push(...invocationsIn(block, `README.md shell block ${i + 1}`));
  return found;
}

/** Parses `argv` as the CLI does, running nothing; resolves to the parser's error message, or "". */
async function parseOnly(argv: readonly string[]): Promise<string> {
  const messages: string[] = [];
  const io: CliIO = {
    stdout: (t) => messages.push(t),
    stderr: (t) => messages.push(t),
    cwd: ROOT,
    env: {},
    isTTY: false,
  };
  const program = buildProgram(io, () => undefined);
  for (const command of program.commands) command.action(() => undefined);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return "";
  } catch (error) {
    if (error instanceof CommanderError) return messages.join("").trim() || error.message;
    throw error;
  }
}

/** The commands each place runs: a change to this inventory shows in review. */
const INVENTORY = [
  ".github/scripts/expiry-decision.js (json): plan",
  ".github/scripts/expiry-decision.js (markdown): plan",
  "README.md shell block 4: condition",
  "README.md shell block 6: condition",
  "README.md shell block 7: plan",
  "README.md shell block 8: drift",
  "README.md shell block 8: drift",
  "README.md shell block 8: drift",
  "drift.yml drift/drift: drift",
  "pull-request.yml review/diff: diff",
  "pull-request.yml review/diff: diff",
  "pull-request.yml review/plan: plan",
  "pull-request.yml review/validate: validate",
];

describe("the guest-access command lines of the workflows and the README", () => {
  const invocations = allInvocations();

  it("are all found (the inventory of who runs which command)", () => {
    assert.deepEqual(invocations.map((i) => `${i.where}: ${i.argv[0] ?? ""}`).sort(), INVENTORY);
  });

  it("include both ways the pull request's diff runs: guarded, and with the allow-destructive label", () => {
    const diffs = invocations.filter((i) => i.where.startsWith("pull-request.yml review/diff"));
    assert.deepEqual(
      diffs.map((d) => d.argv.filter((a) => a.startsWith("--fail-on") || a.startsWith("--allow"))),
      [["--fail-on-destructive"], ["--allow-mass-removal"]],
    );
  });

  for (const invocation of invocations) {
    it(`parses ${invocation.where}: guest-access ${invocation.argv.join(" ")}`, async () => {
      assert.equal(await parseOnly(invocation.argv), "");
    });
  }

  const REFUSED: readonly { name: string; argv: readonly string[]; message: RegExp }[] = [
    {
      name: "a renamed flag",
      argv: ["plan", "--policy-cfg", "x"],
      message: /unknown option '--policy-cfg'/,
    },
    {
      name: "a flag of another command",
      argv: ["validate", "--stack", "dev"],
      message: /unknown option '--stack'/,
    },
    {
      name: "a format the command lacks",
      argv: ["validate", "--format", "markdown"],
      message: /invalid/,
    },
    {
      name: "a command that does not exist",
      argv: ["review", "--stack", "dev"],
      message: /unknown command 'review'/,
    },
  ];
  for (const c of REFUSED) {
    it(`would fail the build on ${c.name}`, async () => {
      assert.match(await parseOnly(c.argv), c.message);
    });
  }

  it("runs only after npm ci installed and built the CLI, in every job that calls it", () => {
    for (const file of workflowFiles()) {
      for (const [jobId, job] of Object.entries(file.workflow.jobs)) {
        const runs = job.steps.map((s) => s.run ?? "");
        const first = runs.findIndex((run) =>
          /guest-access|expiry-decision\.js|review-section\.js|access-file\.js|drift-body\.js/.test(
            run,
          ),
        );
        if (first < 0) continue;
        const install = runs.findIndex((run) => /^npm ci\b/m.test(run));
        assert.ok(
          install >= 0 && install < first,
          `${file.file} ${jobId}: npm ci before step ${first}`,
        );
      }
    }
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
      bin: Record<string, string>;
    };
    assert.equal(
      pkg.scripts.prepare,
      "node scripts/build.js",
      "npm ci compiles the CLI into dist/",
    );
    assert.equal(pkg.bin["guest-access"], "bin/guest-access.js");
  });
});
