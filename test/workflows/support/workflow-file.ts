/**
 * The repository's GitHub workflows as data, for the tests that check their invariants and run their steps.
 */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/** The repository root. */
export const ROOT = join(__dirname, "..", "..", "..");

/** Where GitHub reads workflows from. */
export const WORKFLOW_DIR = join(ROOT, ".github", "workflows");

/** The permissions of a job or workflow: a map of scope to level, or a shorthand such as `read-all`. */
export type Permissions = Readonly<Record<string, string>> | string;

/** One step, with the keys the tests read. */
export interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly shell?: string;
  readonly with?: Readonly<Record<string, unknown>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly "continue-on-error"?: boolean;
}

/** One job, with the keys the tests read. */
export interface Job {
  readonly name?: string;
  readonly needs?: string | readonly string[];
  readonly if?: string;
  readonly "runs-on": string;
  readonly permissions?: Permissions;
  readonly environment?: string | { readonly name: string };
  readonly concurrency?:
    string | { readonly group: string; readonly "cancel-in-progress"?: boolean | string };
  readonly strategy?: { readonly matrix?: Readonly<Record<string, unknown>> };
  readonly env?: Readonly<Record<string, string>>;
  readonly outputs?: Readonly<Record<string, string>>;
  readonly steps: readonly Step[];
}

/** A workflow file, with the keys the tests read. */
export interface Workflow {
  readonly name: string;
  readonly on: Readonly<Record<string, unknown>>;
  readonly permissions?: Permissions;
  readonly concurrency?: unknown;
  readonly defaults?: { readonly run?: { readonly shell?: string } };
  readonly jobs: Readonly<Record<string, Job>>;
}

/** A workflow file as read from disk: its text (comments included) and its data. */
export interface WorkflowFile {
  /** The file name, e.g. `deploy.yml`. */
  readonly file: string;
  readonly path: string;
  readonly text: string;
  readonly workflow: Workflow;
}

/** Every workflow of the repository, by file name. */
export function workflowFiles(): WorkflowFile[] {
  return readdirSync(WORKFLOW_DIR)
    .filter((file) => file.endsWith(".yml") || file.endsWith(".yaml"))
    .sort()
    .map((file) => loadWorkflow(file));
}

/** One workflow of the repository. */
export function loadWorkflow(file: string): WorkflowFile {
  const path = join(WORKFLOW_DIR, file);
  const text = readFileSync(path, "utf8");
  return { file, path, text, workflow: parse(text) as Workflow };
}

/** A job by id; throws naming the workflow when it has no such job. */
export function jobOf(file: WorkflowFile, id: string): Job {
  const job = file.workflow.jobs[id];
  if (!job) throw new Error(`${file.file} has no job "${id}"`);
  return job;
}

/** A step by id; throws naming the job when it has no such step. */
export function stepOf(job: Job, id: string): Step {
  const step = job.steps.find((s) => s.id === id);
  if (!step) throw new Error(`job "${job.name ?? "?"}" has no step with id "${id}"`);
  return step;
}

/** Every step of every job, with where it is. */
export function allSteps(file: WorkflowFile): { jobId: string; job: Job; step: Step }[] {
  return Object.entries(file.workflow.jobs).flatMap(([jobId, job]) =>
    job.steps.map((step) => ({ jobId, job, step })),
  );
}

/** The action a step uses, without its ref (`actions/checkout`), or undefined for a `run:` step. */
export function actionOf(step: Step): string | undefined {
  return step.uses?.split("@")[0]?.toLowerCase();
}

/** The permission map of a job (a shorthand string is returned as `{ "*": shorthand }`). */
export function permissionsOf(permissions: Permissions | undefined): Record<string, string> {
  if (permissions === undefined) return {};
  return typeof permissions === "string" ? { "*": permissions } : { ...permissions };
}
