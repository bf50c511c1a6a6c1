/**
 * The stacks of a project that deploy one declaration, and the check of how they split it
 * (`specs/stack-check.ts`), added to the declaration's load result so every command prints it like any other
 * diagnostic. Which stacks: every `Pulumi.<stack>.yaml` beside `Pulumi.yaml` whose `guest-access:accessFile`
 * is the declaration (stacks deploying other declarations are other splits, checked when those are).
 */

import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { sortDiagnostics } from "../access/diagnostics";
import type { LoadResult } from "../access/load";
import {
  projectStacks,
  readStackConfig,
  stackAccessFile,
  stackConfigFromTexts,
  StackConfigError,
  type StackConfig,
} from "../program/stack-config";
import { checkStacks, type StackConfigInput } from "../specs/stack-check";
import type { StackPart } from "../specs/stack-part";
import { UsageError } from "./errors";

/** A stack's config as the check reads it. */
export function stackInput(config: StackConfig, shownFile = config.stackFile): StackConfigInput {
  return {
    stack: config.stack,
    file: shownFile,
    config: config.config,
    keyLocations: config.keyLocations,
  };
}

/** The stacks of the project in `cwd` that deploy `declaration` (a path relative to `cwd`, or absolute). */
export function stacksDeploying(cwd: string, declaration: string): StackConfig[] {
  if (!existsSync(join(cwd, "Pulumi.yaml"))) return [];
  const target = resolve(cwd, declaration);
  return projectStacks(cwd)
    .map((stack) => {
      try {
        return readStackConfig(cwd, stack);
      } catch (error) {
        if (error instanceof StackConfigError) throw new UsageError(error.message);
        throw error;
      }
    })
    .filter((config) => resolve(cwd, stackAccessFile(config)) === target);
}

/** A load result with the stack check's diagnostics: the model is kept only when there is still no error. */
export interface StackCheckedLoad extends LoadResult {
  /** Each checked stack's part; empty when no stack was checked. */
  readonly parts: readonly StackPart[];
}

/**
 * Adds the check of how `stacks` split the declaration to its load result. Nothing is checked when the
 * declaration has errors (there is no model) or there is no stack; the stack files' texts join `texts`, so
 * a problem in one is printed with its line and a caret.
 */
export function withStackCheck(
  load: LoadResult,
  stacks: readonly StackConfigInput[],
  stackTexts: ReadonlyMap<string, string> = new Map(),
): StackCheckedLoad {
  if (!load.model || stacks.length === 0) return { ...load, parts: [] };
  const { parts, diagnostics } = checkStacks(load.model, stacks);
  if (diagnostics.length === 0) return { ...load, parts };
  const texts = new Map([...load.texts, ...stackTexts]);
  const all = sortDiagnostics([...load.diagnostics, ...diagnostics]);
  // The model is dropped: a split with errors deploys nothing, like a declaration with errors.
  return { diagnostics: all, files: load.files, texts, parts };
}

/** Whether a file name is a Pulumi project or stack file (`Pulumi.yaml`, `Pulumi.<stack>.yaml`). */
export function isPulumiFile(name: string): boolean {
  return /^Pulumi(\.[^/\\]+)?\.yaml$/.test(name);
}

/**
 * The stacks of a project given as texts by file name (`Pulumi.yaml` and `Pulumi.<stack>.yaml`), every stack
 * included whatever its accessFile: the diagnostics reference checks its examples this way, from memory.
 */
export function stackInputsFromTexts(files: Readonly<Record<string, string>>): StackConfigInput[] {
  const project = files["Pulumi.yaml"];
  if (project === undefined) return [];
  return Object.keys(files)
    .map((name) => /^Pulumi\.(.+)\.yaml$/.exec(name)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort()
    .map((stack) => {
      const file = `Pulumi.${stack}.yaml`;
      return stackInput(
        stackConfigFromTexts({ file: "Pulumi.yaml", text: project }, stack, {
          file,
          ...(files[file] !== undefined ? { text: files[file] } : {}),
        }),
      );
    });
}
