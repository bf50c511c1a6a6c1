/**
 * Runs a workflow's own steps the way a GitHub-hosted runner does, without the cloud: a `run:` script with
 * `bash --noprofile --norc -eo pipefail` (GitHub's command for `shell: bash`) in the checkout, with the
 * runner's files ($GITHUB_OUTPUT, $GITHUB_STEP_SUMMARY, $RUNNER_TEMP), and an actions/github-script `script:`
 * as the async function body it is, with a fake GitHub client. The step text comes from the workflow file,
 * never from the test.
 *
 * A step's `env:` (and its job's) hold expressions GitHub evaluates; the test gives each variable's value by
 * name, and a variable the workflow declares that the test does not give fails the run, so a test cannot
 * silently drift from the workflow.
 */

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Job, Step } from "./workflow-file";

/** Where steps run: the checkout and the runner's temporary directory. */
export interface Runner {
  /** $GITHUB_WORKSPACE: the repository checkout, the steps' working directory. */
  readonly workspace: string;
  /** $RUNNER_TEMP. */
  readonly temp: string;
}

/** What a step left behind. */
export interface StepResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The step's outputs, from $GITHUB_OUTPUT (`name=value` and `name<<DELIMITER` forms). */
  readonly outputs: Readonly<Record<string, string>>;
  /** What the step wrote to $GITHUB_STEP_SUMMARY. */
  readonly summary: string;
}

/** Variables a runner sets that must not leak from the machine running the tests into a step. */
const RUNNER_OWNED = /^(GITHUB_|RUNNER_|ACTIONS_|npm_|INIT_CWD$)/;

/**
 * The environment of a step: the runner's own (plus `machine`, variables of the machine the runner is on),
 * then the job's and the step's `env:` as the test resolves it.
 */
export function stepEnvironment(
  job: Job,
  step: Step,
  runner: Runner,
  values: Readonly<Record<string, string>>,
  files: { output: string; summary: string },
  machine: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const declared = [...Object.keys(job.env ?? {}), ...Object.keys(step.env ?? {})];
  const missing = declared.filter((name) => !(name in values));
  if (missing.length > 0) {
    throw new Error(
      `step "${step.id ?? step.name ?? "?"}" declares env ${missing.join(", ")}: give the test a value for each`,
    );
  }
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && !RUNNER_OWNED.test(entry[0]),
    ),
  );
  return {
    ...base,
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: runner.workspace,
    RUNNER_TEMP: runner.temp,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    ...machine,
    ...Object.fromEntries(declared.map((name) => [name, values[name] as string])),
  };
}

/** Reads $GITHUB_OUTPUT as the runner does: `name=value` lines and `name<<DELIMITER` blocks. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const block = /^([^=<]+)<<(.+)$/.exec(line);
    if (block) {
      const [, name = "", delimiter = ""] = block;
      const end = lines.indexOf(delimiter, i + 1);
      if (end < 0) throw new Error(`$GITHUB_OUTPUT: "${name}" has no closing ${delimiter}`);
      outputs[name] = lines.slice(i + 1, end).join("\n");
      i = end;
      continue;
    }
    const eq = line.indexOf("=");
    if (eq > 0) outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return outputs;
}

/** Fresh $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY files for one step, as the runner gives each step. */
function stepFiles(runner: Runner): { output: string; summary: string } {
  const dir = mkdtempSync(join(runner.temp, "_step-"));
  const files = { output: join(dir, "output"), summary: join(dir, "summary") };
  writeFileSync(files.output, "");
  writeFileSync(files.summary, "");
  return files;
}

/**
 * Runs a `run:` step of `job` in the runner's workspace. `values` gives the job's and the step's `env:`;
 * `machine` adds variables the workflow does not declare (a script's documented override, for instance).
 */
export function runShellStep(
  job: Job,
  step: Step,
  runner: Runner,
  values: Readonly<Record<string, string>> = {},
  machine: Readonly<Record<string, string>> = {},
  args: readonly string[] = [],
): StepResult {
  if (step.run === undefined) throw new Error(`step "${step.id ?? "?"}" has no run: script`);
  mkdirSync(runner.temp, { recursive: true });
  const files = stepFiles(runner);
  const script = join(runner.temp, `_step-${step.id ?? "anonymous"}.sh`);
  writeFileSync(script, step.run);
  const child = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script, ...args], {
    cwd: runner.workspace,
    env: stepEnvironment(job, step, runner, values, files, machine),
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: 600_000,
  });
  return {
    code: child.status ?? -1,
    stdout: child.stdout,
    stderr: child.stderr,
    outputs: parseOutputs(readFileSync(files.output, "utf8")),
    summary: readFileSync(files.summary, "utf8"),
  };
}

/** What actions/github-script hands the script besides the client and the context. */
export interface ScriptCore {
  readonly info: (message: string) => void;
  readonly warning: (message: string) => void;
  readonly messages: string[];
}

/** A stand-in for @actions/core that keeps what the script said. */
export function fakeCore(): ScriptCore {
  const messages: string[] = [];
  return {
    info: (message) => messages.push(`info: ${message}`),
    warning: (message) => messages.push(`warning: ${message}`),
    messages,
  };
}

const AsyncFunction = async function () {}.constructor as new (
  ...args: string[]
) => (...values: unknown[]) => Promise<unknown>;

/**
 * Runs an actions/github-script step of `job`: its `script:` as an async function body with `github`,
 * `context`, `core` and a `require` that resolves relative paths from the workspace (github-script's own
 * wrapper does the same), and `process.env` holding the step's environment.
 */
export async function runGithubScript(
  job: Job,
  step: Step,
  runner: Runner,
  client: { github: unknown; context: unknown; core: ScriptCore },
  values: Readonly<Record<string, string>> = {},
): Promise<unknown> {
  const script = step.with?.script;
  if (typeof script !== "string") throw new Error(`step "${step.id ?? "?"}" has no script`);
  mkdirSync(runner.temp, { recursive: true });
  const env = stepEnvironment(job, step, runner, values, stepFiles(runner));
  const requireFromWorkspace = createRequire(join(runner.workspace, "github-script.js"));
  const fn = new AsyncFunction("github", "context", "core", "require", "process", script);
  const stepProcess = Object.assign(Object.create(process) as NodeJS.Process, { env });
  return fn(client.github, client.context, client.core, requireFromWorkspace, stepProcess);
}

/**
 * Runs `command` through the workflows' record.sh in the runner's workspace, as a check step does: its
 * report, messages and exit code land in $RUNNER_TEMP/checks. For checks whose real command needs the cloud,
 * a test records a stand-in command, or the same CLI on offline inputs.
 */
export function recordCheck(runner: Runner, name: string, command: readonly string[]): StepResult {
  return runShellStep(
    { "runs-on": "ubuntu-latest", steps: [] },
    { id: `record-${name}`, run: '.github/scripts/record.sh "$@"' },
    runner,
    {},
    {},
    [name, ...command],
  );
}
