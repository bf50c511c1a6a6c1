/**
 * The offline plan's pipeline, shared by `plan` and by `diff` (its new side): read the stack's config, load
 * the declaration once (stopping at its errors, before any resource is registered), work out what the
 * program would register in a preview, and evaluate the real guardrails over it.
 *
 * What the program registers is a pure function of the model (`specs/`): the plan projects the specs into
 * what the engine would see (`specs/preview.ts`) without loading the Pulumi SDK. With `capture`, it runs the
 * program's own code under Pulumi's mocks instead (`program/capture.ts`, loaded only then); a test requires
 * the two to be identical.
 */

import { realpathSync } from "node:fs";
import { basename, isAbsolute, relative, resolve } from "node:path";
import { isInside } from "../access/read-input";
import { loadAccess, loadRoleCatalog, type LoadResult } from "../access/load";
import { todayUtc } from "../access/dates";
import type { AccessModel } from "../access/model";
import type { RoleCatalog } from "../azure/roles";
import type { CaptureOptions, CaptureResult } from "../program/capture";
import { stackModel, stackResources } from "../specs/stack-specs";
import { specId } from "../specs/resource";
import { STACK_REFERENCE_TYPE } from "../azure/tokens";
import { allInOne, type StackPart } from "../specs/stack-part";
import { stacksDeploying, stackInput, withStackCheck, type StackCheckedLoad } from "./stacks";
import { readInputText } from "../access/read-input";
import { previewResources } from "../specs/preview";
import type { RegisteredResource } from "../specs/registration";
import {
  readStackConfig,
  stackAccessFile,
  StackConfigError,
  type StackConfig,
} from "../program/stack-config";
import type { ResolvedPackConfig } from "../policy/pack-config";
import { UsageError } from "./errors";
import {
  evaluateGuardrails,
  loadPolicyConfig,
  type EvaluatePolicies,
  type PolicyFinding,
} from "./findings";

/** What to plan. */
export interface PipelineOptions {
  /** The declaration (file or directory), relative to `cwd` or absolute. */
  readonly path: string;
  /** The stack whose config the program runs with. */
  readonly stack: string;
  /** The project directory: where `Pulumi.yaml` and `Pulumi.<stack>.yaml` are. */
  readonly cwd: string;
  /** Judge expiries as of this date; today (UTC) when absent. */
  readonly today?: string;
  /** A `--policy-pack-config` file; the policies' own defaults when absent. */
  readonly policyConfig?: string;
  /** The stack's config, when the caller has already read it (to choose `path`); read here otherwise. */
  readonly stackConfig?: StackConfig;
  /** Run the real program under Pulumi's mocks instead of projecting the specs (`plan --capture`). */
  readonly capture?: boolean;
  /**
   * A grants stack: the identities stack's outputs as `pulumi stack output --json` prints them, so that its
   * guests' object ids (and their role assignments' names) are known, as the engine knows them in a preview.
   * Unknown when absent.
   */
  readonly identitiesOutputs?: Readonly<Record<string, unknown>>;
}

/** The seams tests replace. */
export interface PipelineDeps {
  /**
   * With `capture`: runs `program` and records what it registers; Pulumi's mocks by default. `program`
   * declares the model the pipeline has loaded, with the program's own code (`declareProgram`).
   */
  readonly capture?: (
    options: CaptureOptions,
    program: () => Promise<unknown>,
  ) => Promise<CaptureResult>;
  /** Evaluates the guardrails over the registered resources; the pack's real policies by default. */
  readonly evaluate?: EvaluatePolicies;
}

/** Everything the printers need. `model` is absent when the declaration has errors; nothing ran then. */
export interface PipelineResult {
  /** The config the program ran with. */
  readonly stackConfig: StackConfig;
  /** The date expiries were judged against. */
  readonly today: string;
  /** The declaration as loaded, with its diagnostics. */
  readonly load: LoadResult;
  /** The declaration's meaning, absent when it has errors. */
  readonly model?: AccessModel;
  /** Every registered resource, in registration order. */
  readonly resources: readonly RegisteredResource[];
  /** The guardrails' findings, sorted. */
  readonly findings: readonly PolicyFinding[];
  /** The reconciled pack config the policies ran with (its existing-assignment counts feed the limits table). */
  readonly packConfig: ResolvedPackConfig;
  /** The part of the declaration the stack deploys (`model` is that part). */
  readonly part: StackPart;
}

/**
 * The path to read with `loadAccess`, which resolves against the process's directory: as given when that is
 * `cwd` (so diagnostics name the file the way the user wrote it), absolute otherwise.
 */
export function pathForLoading(path: string, cwd: string): string {
  if (isAbsolute(path) || resolve(cwd) === process.cwd()) return path;
  return resolve(cwd, path);
}

/**
 * A path named by the stack's config (`key`), which comes from a file a pull request can change: it must stay
 * inside the project, after symlinks too, or the plan would read whatever the file points at.
 */
export function projectPath(cwd: string, value: string, key: string): string {
  const path = resolve(cwd, value);
  let real = path;
  try {
    real = realpathSync(path);
  } catch {
    // A path that does not exist is reported by its reader, with its own message.
  }
  const root = realpathSync(cwd);
  if (!isInside(path, resolve(cwd)) || !isInside(real, root)) {
    throw new UsageError(
      `${key} is ${JSON.stringify(value)}, outside the project; the stack's config may only name files inside ${cwd}`,
    );
  }
  return path;
}

/** The role table the stack's config names (`guest-access:roleCatalog`), or undefined for the bundled one. */
export function stackCatalog(stackConfig: StackConfig, cwd: string): RoleCatalog | undefined {
  const file = stackConfig.config["guest-access:roleCatalog"];
  return file
    ? loadRoleCatalog(projectPath(cwd, file, "guest-access:roleCatalog"), cwd)
    : undefined;
}

/** Reads the stack's config; a missing or malformed project is a usage error. */
export function stackConfigFor(cwd: string, stack: string): StackConfig {
  try {
    return readStackConfig(cwd, stack);
  } catch (error) {
    if (error instanceof StackConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** The declaration a command works on, and what its user should know about that choice. */
export interface DeclarationChoice {
  /** `PATH` as given, or the stack's `guest-access:accessFile`. */
  readonly path: string;
  /** Warnings for stderr: a stack without its own config file, a PATH that is not the one the stack deploys. */
  readonly warnings: readonly string[];
}

/**
 * Chooses the declaration: an explicit PATH wins, otherwise the stack's own `accessFile` (what `pulumi up
 * --stack` would deploy). Warns when the stack has no `Pulumi.<stack>.yaml` (a mistyped `--stack` would
 * otherwise run silently on the project's defaults) and when an explicit PATH is not the stack's file (the
 * result would not describe what the stack deploys).
 */
export function chooseDeclaration(
  stackConfig: StackConfig,
  explicit: string | undefined,
  cwd: string,
): DeclarationChoice {
  const warnings: string[] = [];
  const stackName = JSON.stringify(stackConfig.stack);
  if (!stackConfig.stackFileFound) {
    warnings.push(
      `warning: ${basename(stackConfig.stackFile)} does not exist: stack ${stackName} runs on the defaults of Pulumi.yaml alone; check --stack`,
    );
  }
  const stackFile = stackAccessFile(stackConfig);
  if (explicit === undefined) {
    projectPath(cwd, stackFile, "guest-access:accessFile");
    return { path: stackFile, warnings };
  }
  const where = (path: string): string => resolve(cwd, path);
  if (where(explicit) !== where(stackFile)) {
    warnings.push(
      `warning: ${explicit} is not what stack ${stackName} deploys: its guest-access:accessFile is ${stackFile}`,
    );
  }
  return { path: explicit, warnings };
}

/** Runs the pipeline. Throws `UsageError` for an unusable project or policy config (exit 2). */
export async function runPipeline(
  options: PipelineOptions,
  deps: PipelineDeps = {},
): Promise<PipelineResult> {
  const stackConfig = options.stackConfig ?? stackConfigFor(options.cwd, options.stack);
  const today = options.today ?? todayUtc();
  // Read before anything runs: a wrong --policy-config is a usage error whatever the declaration says.
  const packConfig = loadPolicyConfig(options.policyConfig, today, options.cwd);
  const catalog = stackCatalog(stackConfig, options.cwd);

  const whole = loadAccess(pathForLoading(options.path, options.cwd), {
    today,
    ...(catalog ? { catalog } : {}),
  });
  const load = checkSplit(whole, stackConfig, options);
  const part = load.parts.find((p) => p.stack === stackConfig.stack) ?? allInOne(stackConfig.stack);
  if (!load.model)
    return { stackConfig, today, load, resources: [], findings: [], packConfig, part };

  const resources = options.capture
    ? await captureResources(load.model, options, stackConfig, today, deps, part)
    : previewResources(stackResources(load.model, part), {
        ...stackConfig,
        ...(options.identitiesOutputs && part.identitiesStack !== undefined
          ? {
              readOutputs: {
                [specId(STACK_REFERENCE_TYPE, part.identitiesStack)]: options.identitiesOutputs,
              },
            }
          : {}),
      });
  const evaluate = deps.evaluate ?? evaluateGuardrails;
  const findings = await evaluate(resources, packConfig);
  const model = stackModel(load.model, part);
  return { stackConfig, today, load, model, resources, findings, packConfig, part };
}

/**
 * The declaration's load with the check of its split across stacks: every stack of the project that deploys
 * it, this one included (as `validate` checks them); only this stack's own part when this stack deploys
 * another declaration (an explicit PATH) or the project has no file for it.
 */
function checkSplit(
  load: LoadResult,
  stackConfig: StackConfig,
  options: PipelineOptions,
): StackCheckedLoad {
  const shown = (config: StackConfig): string => relative(options.cwd, config.stackFile);
  const siblings = stacksDeploying(options.cwd, options.path);
  const stacks = siblings.some((c) => c.stack === stackConfig.stack) ? siblings : [stackConfig];
  const texts = new Map<string, string>();
  for (const config of stacks) {
    if (!config.stackFileFound) continue;
    try {
      texts.set(shown(config), readInputText(config.stackFile, { kind: "stack config" }));
    } catch {
      // Read once already; a file that changed since only loses its caret.
    }
  }
  return withStackCheck(
    load,
    stacks.map((config) => stackInput(config, shown(config))),
    texts,
  );
}

/**
 * Runs the program's own code on `model` under Pulumi's mocks, in preview, with the stack's config, and
 * returns what it registered. The SDK is loaded here, and only here.
 */
async function captureResources(
  model: AccessModel,
  options: PipelineOptions,
  stackConfig: StackConfig,
  today: string,
  deps: PipelineDeps,
  part: StackPart,
): Promise<readonly RegisteredResource[]> {
  const catalogFile = stackConfig.config["guest-access:roleCatalog"];
  const capture = deps.capture ?? (await import("../program/capture")).captureProgram;
  const { declareProgram } = await import("../program/run");
  const { resources } = await capture(
    {
      stack: stackConfig.stack,
      project: stackConfig.project,
      preview: true,
      ...(options.identitiesOutputs && part.identitiesStack !== undefined
        ? { stackOutputs: { [part.identitiesStack]: options.identitiesOutputs } }
        : {}),
      config: {
        ...stackConfig.config,
        // Absolute, so the program finds the file whatever the process's directory.
        "guest-access:accessFile": resolve(options.cwd, options.path),
        "guest-access:today": today,
        ...(catalogFile ? { "guest-access:roleCatalog": resolve(options.cwd, catalogFile) } : {}),
      },
    },
    // The model loaded above, declared by the program's own code: the declaration is read once.
    () => declareProgram(model, undefined, part),
  );
  return resources;
}
