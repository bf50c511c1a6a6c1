/**
 * A stack's configuration as the Pulumi CLI would hand it to the program, read from the project's files:
 * the project's declared defaults (`Pulumi.yaml` `config:`), overlaid by the stack's own values
 * (`Pulumi.<stack>.yaml` `config:`). The offline plan runs the real program with exactly this, so a plan
 * shows what `pulumi preview --stack <stack>` would declare.
 */

import { lstatSync } from "node:fs";
import { join } from "node:path";
import { readInputText, UnreadableInputError } from "../access/read-input";
import { lineCounterOf, parseYamlBounded } from "../access/yaml-bounds";

/** The project's name and a stack's configuration, fully qualified (`guest-access:accessFile`). */
export interface StackConfig {
  /** The Pulumi project name (part of every URN). */
  readonly project: string;
  /** The stack name. */
  readonly stack: string;
  /** Every configuration value, by fully qualified key; objects and lists as JSON, as the CLI passes them. */
  readonly config: Readonly<Record<string, string>>;
  /** Keys whose value is a `secure:` ciphertext: they cannot be decrypted offline and are left out. */
  readonly secureKeys: readonly string[];
  /** The files read, in order. */
  readonly files: readonly string[];
  /**
   * `Pulumi.<stack>.yaml`, whether or not it exists. When it does not, the stack runs on the project's
   * defaults alone: what `pulumi preview` does for a new stack, and what a mistyped `--stack` looks like.
   */
  readonly stackFile: string;
  /** Whether `stackFile` exists (and was read). */
  readonly stackFileFound: boolean;
}

/** The program's own default for `guest-access:accessFile` (`program/settings.ts`). */
export const DEFAULT_ACCESS_FILE = "access.yaml";

/** The declaration the stack deploys: its `guest-access:accessFile`, or the program's default. */
export function stackAccessFile(config: StackConfig): string {
  const value = config.config["guest-access:accessFile"];
  return value === undefined || value === "" ? DEFAULT_ACCESS_FILE : value;
}

/** The project files are missing or malformed. */
export class StackConfigError extends Error {
  override readonly name = "StackConfigError";
}

type YamlObject = Record<string, unknown>;

function isObject(value: unknown): value is YamlObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A stack name as Pulumi allows it (letters, digits, `-`, `_`, `.`; at most 100): never a path. It becomes
 * part of a file name (`Pulumi.<stack>.yaml`), so `--stack ../../elsewhere/evil` must not reach the disk.
 */
const STACK_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;

/** Throws `StackConfigError` unless `stack` is a plain stack name. */
export function checkStackName(stack: string): void {
  if (!STACK_NAME.test(stack)) {
    throw new StackConfigError(
      `--stack: ${JSON.stringify(stack)} is not a stack name; a stack name has letters, digits, "-", "_" and "." (at most 100), such as dev`,
    );
  }
}

function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads a project file through the guarded reader (inside `projectDir`, bounded) and parses it as bounded
 * YAML. Problems name the place and the reason, never the file's content.
 */
function readYaml(file: string, projectDir: string): YamlObject {
  let text: string;
  try {
    text = readInputText(file, { kind: "stack config", within: projectDir });
  } catch (error) {
    if (error instanceof UnreadableInputError) throw new StackConfigError(error.message);
    throw error;
  }
  const lineCounter = lineCounterOf(text);
  const { docs, problems } = parseYamlBounded(text);
  const doc = docs[0];
  const where = (offset: number): string => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const first =
    problems[0] ??
    (doc?.errors[0] && {
      offset: doc.errors[0].pos[0],
      message: `YAML ${doc.errors[0].code.toLowerCase().replace(/_/g, " ")}`,
    }) ??
    (docs.length > 1
      ? { offset: docs[1]?.range[0] ?? 0, message: "a second YAML document" }
      : undefined);
  if (first)
    throw new StackConfigError(`${where(first.offset)}: cannot be read as YAML: ${first.message}`);
  const data: unknown = doc?.toJS({ maxAliasCount: -1 });
  if (data === null || data === undefined) return {};
  if (!isObject(data)) throw new StackConfigError(`${file}: expected a mapping at the top level`);
  return data;
}

/** An unqualified key belongs to the project's namespace, as in the Pulumi CLI. */
function qualify(key: string, project: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

/** The string the CLI passes for a config value: strings as they are, anything else as JSON. */
function asConfigString(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * Reads `Pulumi.yaml` and, when it exists, `Pulumi.<stack>.yaml` from `projectDir`. A project declaration
 * `{ type, default }` contributes its default; a plain value is a default too. A stack without its own file
 * runs on the defaults alone, as `pulumi preview` would.
 */
export function readStackConfig(projectDir: string, stack: string): StackConfig {
  checkStackName(stack);
  const projectFile = join(projectDir, "Pulumi.yaml");
  if (!exists(projectFile)) {
    throw new StackConfigError(
      `${projectFile}: no Pulumi project here; run from the project directory`,
    );
  }
  const projectDoc = readYaml(projectFile, projectDir);
  const project = projectDoc.name;
  if (typeof project !== "string" || project === "") {
    throw new StackConfigError(`${projectFile}: the project has no name`);
  }

  const config: Record<string, string> = {};
  const secureKeys: string[] = [];
  const declared = isObject(projectDoc.config) ? projectDoc.config : {};
  for (const [key, declaration] of Object.entries(declared)) {
    const value =
      isObject(declaration) &&
      ("type" in declaration || "default" in declaration || "description" in declaration)
        ? declaration.default
        : declaration;
    if (value !== undefined && value !== null)
      config[qualify(key, project)] = asConfigString(value);
  }

  const files = [projectFile];
  const stackFile = join(projectDir, `Pulumi.${stack}.yaml`);
  const stackFileFound = exists(stackFile);
  if (stackFileFound) {
    files.push(stackFile);
    const stackDoc = readYaml(stackFile, projectDir);
    const values = isObject(stackDoc.config) ? stackDoc.config : {};
    for (const [key, value] of Object.entries(values)) {
      const qualified = qualify(key, project);
      if (isObject(value) && typeof value.secure === "string") {
        // Ciphertext needs the stack's secrets provider; the program reads no secret config, so leave it out.
        secureKeys.push(qualified);
        delete config[qualified];
        continue;
      }
      if (value !== undefined && value !== null) config[qualified] = asConfigString(value);
    }
  }
  return {
    project,
    stack,
    config,
    secureKeys: secureKeys.sort(),
    files,
    stackFile,
    stackFileFound,
  };
}
